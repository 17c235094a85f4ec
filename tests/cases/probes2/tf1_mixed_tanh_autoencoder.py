import tensorflow as tf

tf = tf.compat.v1


class Autoencoder(object):
    def __init__(self, n_input, n_hidden, lr=0.001):
        self.x = tf.placeholder(tf.float32, [None, n_input])
        init = tf.glorot_uniform_initializer()
        self.w1 = tf.get_variable("w1", [n_input, n_hidden], initializer=init)
        self.b1 = tf.Variable(tf.zeros([n_hidden]))
        self.w2 = tf.get_variable("w2", [n_hidden, n_input], initializer=init)
        self.b2 = tf.Variable(tf.zeros([n_input]))
        self.hidden = tf.nn.tanh(tf.matmul(self.x, self.w1) + self.b1)  # expect: NN111
        self.recon = tf.matmul(self.hidden, self.w2) + self.b2
        self.cost = tf.reduce_mean(tf.square(self.recon - self.x))
        self.optimizer = tf.train.MomentumOptimizer(lr, 0.9)
        step = tf.train.exponential_decay(lr, tf.train.get_or_create_global_step(), 1000, 0.96)
        self.train_op = tf.train.GradientDescentOptimizer(step).minimize(self.cost)
        self.saver = tf.train.Saver()
        self.sess = tf.Session()
        self.sess.run(tf.global_variables_initializer())

    def partial_fit(self, X):
        cost, _ = self.sess.run((self.cost, self.train_op), feed_dict={self.x: X})
        return cost
