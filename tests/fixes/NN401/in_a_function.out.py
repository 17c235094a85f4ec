import tensorflow as tf


def build(loss):
    global_step = tf.train.get_or_create_global_step()
    train_op = tf.train.AdamOptimizer(1e-3).minimize(loss, global_step=global_step)
    saver = tf.train.Saver()
    return train_op, saver
