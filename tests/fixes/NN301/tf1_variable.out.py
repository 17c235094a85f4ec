import tensorflow as tf


def weight_variable(shape):
    return tf.Variable(tf.compat.v1.variance_scaling_initializer(scale=2.0)(shape))


def other_weight(shape):
    W = tf.Variable(tf.compat.v1.variance_scaling_initializer(scale=2.0, seed=7)(shape, dtype=tf.float32))
    return W


x = tf.placeholder(tf.float32, [None, 784])
h = tf.nn.relu(tf.matmul(x, weight_variable([784, 10])))
