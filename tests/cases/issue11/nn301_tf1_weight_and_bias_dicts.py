# FP class I5 (issue 11: NN301 on TF1 bias variables). The classic TF1 MLP keeps weights and biases in dicts; the
# rank-1 bias variables are biases whatever their keys are called ('out' included) and stay silent; the rank-2
# hidden weights with a fixed-std random_normal fire (one finding each). The output weight with the default std 1
# fires too (above the 0.1 of the output-layer exemption).
# Source: the pattern as issue 11 describes it (`biases = {'out': tf.Variable(tf.random_normal([n]))}`); its
# real-code source is in the held-out set, not in this corpus.
import tensorflow as tf

n_input, n_hidden_1, n_hidden_2, n_classes = 784, 256, 256, 10
X = tf.placeholder("float", [None, n_input])
Y = tf.placeholder("float", [None, n_classes])

weights = {
    'h1': tf.Variable(tf.random_normal([n_input, n_hidden_1])),  # expect: NN301
    'h2': tf.Variable(tf.random_normal([n_hidden_1, n_hidden_2])),  # expect: NN301
    'out': tf.Variable(tf.random_normal([n_hidden_2, n_classes])),  # expect: NN301
}
biases = {
    'b1': tf.Variable(tf.random_normal([n_hidden_1])),
    'b2': tf.Variable(tf.random_normal([n_hidden_2])),
    'out': tf.Variable(tf.random_normal([n_classes])),
}


def multilayer_perceptron(x):
    layer_1 = tf.nn.relu(tf.add(tf.matmul(x, weights['h1']), biases['b1']))
    layer_2 = tf.nn.relu(tf.add(tf.matmul(layer_1, weights['h2']), biases['b2']))
    return tf.matmul(layer_2, weights['out']) + biases['out']


logits = multilayer_perceptron(X)
loss_op = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=Y))
train_op = tf.train.AdamOptimizer(learning_rate=0.001).minimize(loss_op)
