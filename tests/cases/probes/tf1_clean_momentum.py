import math
import numpy as np
import tensorflow.compat.v1 as tf


def weight_variable(shape):
    fan_in = np.prod(shape[:-1])
    return tf.Variable(tf.truncated_normal(shape, stddev=math.sqrt(2.0 / fan_in)))


def bias_variable(shape):
    return tf.Variable(tf.zeros(shape))


def model(x):
    w1 = weight_variable([5, 5, 1, 32])
    h = tf.nn.relu(tf.nn.conv2d(x, w1, [1, 1, 1, 1], "SAME") + bias_variable([32]))
    h = tf.reshape(h, [-1, 28 * 28 * 32])
    w2 = weight_variable([28 * 28 * 32, 10])
    return tf.matmul(h, w2) + bias_variable([10])


def main():
    x = tf.placeholder(tf.float32, [None, 28, 28, 1])
    y = tf.placeholder(tf.int32, [None])
    logits = model(x)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    probs = tf.nn.softmax(logits)
    step = tf.train.get_or_create_global_step()
    lr = tf.train.exponential_decay(0.1, step, 10000, 0.5)
    train_op = tf.train.MomentumOptimizer(lr, 0.9).minimize(loss, global_step=step)
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train_op)
        saver.save(sess, "model")
    return probs


if __name__ == "__main__":
    main()
