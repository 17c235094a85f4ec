import tensorflow as tf


def make_saver():
    return tf.train.Saver()


def build(loss):
    train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
    saver = make_saver()
    return train_op, saver
