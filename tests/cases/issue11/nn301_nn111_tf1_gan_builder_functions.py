# FP class (fresh held-out audit, audit2): a TF1 GAN whose generator and discriminator are module-level builder
# functions over module-level weights. The last layer of each builder is that network's output layer: its std-0.01
# weight is exempt from NN301 (output layer, std <= 0.1), and the generator's sigmoid image is not a hidden
# sigmoid (NN111) although the discriminator's layers consume it. The hidden weights still fire. Look-alike: a
# one-layer helper is not a network, so its sigmoid feeding the next layer is NN111 (and an encoder whose codes
# only feed a decoder stays NN111: issue11/nn111_tf1_sigmoid_tf_add_matmul.py).
# Distilled from golbin/TensorFlow-Tutorials@c8ac1e4:09 - GAN/01 - GAN.py:31-60.
import tensorflow as tf

X = tf.placeholder(tf.float32, [None, 784])
Z = tf.placeholder(tf.float32, [None, 128])
G_W1 = tf.Variable(tf.random_normal([128, 256], stddev=0.01))  # expect: NN301
G_b1 = tf.Variable(tf.zeros([256]))
G_W2 = tf.Variable(tf.random_normal([256, 784], stddev=0.01))
G_b2 = tf.Variable(tf.zeros([784]))
D_W1 = tf.Variable(tf.random_normal([784, 256], stddev=0.01))  # expect: NN301
D_b1 = tf.Variable(tf.zeros([256]))
D_W2 = tf.Variable(tf.random_normal([256, 1], stddev=0.01))
D_b2 = tf.Variable(tf.zeros([1]))


def generator(noise_z):
    hidden = tf.nn.relu(tf.matmul(noise_z, G_W1) + G_b1)
    output = tf.nn.sigmoid(tf.matmul(hidden, G_W2) + G_b2)
    return output


def discriminator(inputs):
    hidden = tf.nn.relu(tf.matmul(inputs, D_W1) + D_b1)
    output = tf.nn.sigmoid(tf.matmul(hidden, D_W2) + D_b2)
    return output


G = generator(Z)
D_gene = discriminator(G)
D_real = discriminator(X)
loss_D = tf.reduce_mean(tf.log(D_real) + tf.log(1 - D_gene))
loss_G = tf.reduce_mean(tf.log(D_gene))
train_D = tf.train.AdamOptimizer(0.0002).minimize(-loss_D, var_list=[D_W1, D_b1, D_W2, D_b2])
train_G = tf.train.AdamOptimizer(0.0002).minimize(-loss_G, var_list=[G_W1, G_b1, G_W2, G_b2])

# a one-layer helper: its sigmoid feeds the next layer (hidden), and its weight is a hidden layer's
Y = tf.placeholder(tf.float32, [None, 10])
H_W = tf.Variable(tf.random_normal([784, 64], stddev=0.01))  # expect: NN301
H_b = tf.Variable(tf.zeros([64]))
O_W = tf.Variable(tf.random_normal([64, 10], stddev=0.01))
O_b = tf.Variable(tf.zeros([10]))


def hidden_layer(x):
    return tf.nn.sigmoid(tf.matmul(x, H_W) + H_b)  # expect: NN111


logits = tf.matmul(hidden_layer(X), O_W) + O_b
cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=Y))
train_op = tf.train.AdamOptimizer(0.001).minimize(cost)
