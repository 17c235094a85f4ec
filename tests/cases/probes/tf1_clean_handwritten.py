import tensorflow.compat.v1 as tf


def softmax(z):
    e = tf.exp(z - tf.reduce_max(z, axis=1, keepdims=True))
    return e / tf.reduce_sum(e, axis=1, keepdims=True)


def cross_entropy(y, p):
    return tf.reduce_mean(-tf.reduce_sum(y * tf.log(p + 1e-8), axis=1))


x = tf.placeholder(tf.float32, [None, 100])
y = tf.placeholder(tf.float32, [None, 5])
he = tf.variance_scaling_initializer(scale=2.0)
h = tf.layers.dense(x, 64, activation=tf.nn.relu, kernel_initializer=he)
logits = tf.layers.dense(h, 5, kernel_initializer=he)
probs = softmax(logits)
loss = cross_entropy(y, probs)
train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
saver = tf.train.Saver()
