import tensorflow.compat.v1 as tf


class Model(object):
    def __init__(self, hparams):
        self.hparams = hparams
        self._build_inputs()
        self._build_network()
        self._build_train_op()
        self.saver = tf.train.Saver(tf.global_variables())

    def _build_inputs(self):
        self.x = tf.placeholder(tf.float32, [None, 64])
        self.y = tf.placeholder(tf.float32, [None, 1])

    def _build_network(self):
        init = tf.glorot_uniform_initializer()
        h = tf.layers.dense(self.x, 128, activation=tf.nn.tanh, kernel_initializer=init)  # expect: NN111
        h = tf.layers.dense(h, 128, activation=tf.nn.tanh, kernel_initializer=init)  # expect: NN111
        self.logits = tf.layers.dense(h, 1, kernel_initializer=init)
        self.prob = tf.sigmoid(self.logits)

    def _build_train_op(self):
        self.loss = tf.reduce_mean(
            tf.nn.sigmoid_cross_entropy_with_logits(labels=self.y, logits=self.logits))
        opt = tf.train.MomentumOptimizer(0.01, momentum=0.9)
        self.train_op = opt.minimize(self.loss)


def early_saver_with_varlist():
    v = tf.get_variable("v", [3], initializer=tf.zeros_initializer())
    saver = tf.train.Saver(var_list={"v": v})
    step = tf.train.get_or_create_global_step()
    lr = tf.train.exponential_decay(0.1, step, 100, 0.9)
    train = tf.train.GradientDescentOptimizer(lr).minimize(tf.reduce_sum(v))
    return saver, train
