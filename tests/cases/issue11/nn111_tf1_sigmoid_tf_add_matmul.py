# FN class I13 (issue 11): TF1 `tf.nn.sigmoid(tf.add(tf.matmul(x, W), b))` is a learned layer like
# `tf.matmul(x, W) + b`; its sigmoid between hidden layers is NN111 (one finding per hidden sigmoid).
# Source: the pattern as issue 11 describes it; its real-code source is in the held-out set, not in this corpus.
import tensorflow as tf

n_input, n_hidden_1, n_hidden_2 = 784, 256, 128
X = tf.placeholder("float", [None, n_input])
weights = {
    "encoder_h1": tf.Variable(tf.truncated_normal([n_input, n_hidden_1], stddev=(2.0 / n_input) ** 0.5)),
    "encoder_h2": tf.Variable(tf.truncated_normal([n_hidden_1, n_hidden_2], stddev=(2.0 / n_hidden_1) ** 0.5)),
    "decoder_h1": tf.Variable(tf.truncated_normal([n_hidden_2, n_input], stddev=(2.0 / n_hidden_2) ** 0.5)),
}
biases = {
    "encoder_b1": tf.Variable(tf.zeros([n_hidden_1])),
    "encoder_b2": tf.Variable(tf.zeros([n_hidden_2])),
    "decoder_b1": tf.Variable(tf.zeros([n_input])),
}


def encoder(x):
    layer_1 = tf.nn.sigmoid(tf.add(tf.matmul(x, weights["encoder_h1"]), biases["encoder_b1"]))  # expect: NN111
    layer_2 = tf.nn.sigmoid(tf.add(tf.matmul(layer_1, weights["encoder_h2"]), biases["encoder_b2"]))  # expect: NN111
    return layer_2


def decoder(x):
    return tf.add(tf.matmul(x, weights["decoder_h1"]), biases["decoder_b1"])


y_pred = decoder(encoder(X))
loss = tf.reduce_mean(tf.pow(X - y_pred, 2))
optimizer = tf.train.RMSPropOptimizer(0.01).minimize(loss)
