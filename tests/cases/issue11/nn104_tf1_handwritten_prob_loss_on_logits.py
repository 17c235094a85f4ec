# FN class I19 (issue 11): TF1 probability losses fed raw logits: a hand-written cross-entropy
# `-reduce_sum(y * log(logits))` and `tf.losses.log_loss` on an output with no softmax/sigmoid (NN104 at the loss;
# the hand-written one at the helper that defines it).
# Source: the pattern as issue 11 describes it; its real-code sources are in the held-out set, not in this corpus.
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 784])
y = tf.placeholder(tf.float32, [None, 10])
y_bin = tf.placeholder(tf.float32, [None, 1])

W1 = tf.get_variable("W1", [784, 128], initializer=tf.variance_scaling_initializer())
b1 = tf.Variable(tf.zeros([128]))
W2 = tf.get_variable("W2", [128, 10], initializer=tf.variance_scaling_initializer())
b2 = tf.Variable(tf.zeros([10]))
W3 = tf.get_variable("W3", [128, 1], initializer=tf.variance_scaling_initializer())
b3 = tf.Variable(tf.zeros([1]))

hidden = tf.nn.relu(tf.matmul(x, W1) + b1)
logits = tf.matmul(hidden, W2) + b2
score = tf.matmul(hidden, W3) + b3


def cross_entropy(labels, predictions):
    return tf.reduce_mean(-tf.reduce_sum(labels * tf.log(predictions), axis=1))  # expect: NN104


loss = cross_entropy(y, logits)
aux_loss = tf.losses.log_loss(labels=y_bin, predictions=score)  # expect: NN104
train_op = tf.train.AdamOptimizer(1e-3).minimize(loss + aux_loss)
