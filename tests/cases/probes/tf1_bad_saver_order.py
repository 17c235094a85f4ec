import tensorflow as tf


class Trainer:
    def __init__(self):
        self.build()
        self.saver = tf.compat.v1.train.Saver()  # expect: NN401

    def build(self):
        self.x = tf.compat.v1.placeholder(tf.float32, [None, 10])
        self.y = tf.compat.v1.placeholder(tf.float32, [None, 3])
        w = tf.compat.v1.get_variable("w", [10, 3], initializer=tf.compat.v1.random_normal_initializer(stddev=0.05))  # expect: NN301
        self.logits = tf.matmul(self.x, w)
        self.pred = tf.nn.relu(self.logits)  # expect: NN101
        self.loss = -tf.reduce_sum(self.y * tf.math.log(self.pred))  # expect: NN104

    def train(self):
        opt = tf.compat.v1.train.RMSPropOptimizer(1e-3)
        self.train_op = opt.minimize(self.loss)


t = Trainer()
t.train()
