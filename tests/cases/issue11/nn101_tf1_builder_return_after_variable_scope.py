# FN class I14 (issue 11): a TF1 builder whose layers are made inside `with tf.variable_scope(...)` and whose
# `return` follows the block; the returned logits go through ReLU and feed a softmax cross-entropy (NN101).
# Source: the pattern as issue 11 describes it; its real-code source is in the held-out set, not in this corpus.
import tensorflow as tf


def build_network(x, num_classes=10, reuse=False):
    with tf.variable_scope("classifier", reuse=reuse):
        h = tf.layers.dense(x, 256, activation=tf.nn.relu, kernel_initializer=tf.variance_scaling_initializer())
        h = tf.layers.dense(h, 128, activation=tf.nn.relu, kernel_initializer=tf.variance_scaling_initializer())
        logits = tf.layers.dense(h, num_classes, activation=tf.nn.relu,  # expect: NN101
                                 kernel_initializer=tf.variance_scaling_initializer())
    return logits


x = tf.placeholder(tf.float32, [None, 784])
y = tf.placeholder(tf.int64, [None])
logits = build_network(x)
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
