import tensorflow as tf


def weight_variable(shape):
    return tf.Variable(tf.truncated_normal(shape, stddev=0.1))


def other_weight(shape):
    W = tf.Variable(tf.random_normal(shape, mean=0.0, stddev=0.01, dtype=tf.float32, seed=7))
    return W


x = tf.placeholder(tf.float32, [None, 784])
h = tf.nn.relu(tf.matmul(x, weight_variable([784, 10])))
