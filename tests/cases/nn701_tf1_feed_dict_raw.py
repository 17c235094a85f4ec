"""TF1: raw Fashion-MNIST pixels fed to the train op through feed_dict; the labels are fine."""
import numpy as np
import tensorflow as tf

(images, labels), _ = tf.keras.datasets.fashion_mnist.load_data()
images = images.reshape(-1, 784)

pixels = tf.placeholder(tf.float32, [None, 784])
classes = tf.placeholder(tf.int64, [None])
hidden = tf.layers.dense(pixels, 128, activation=tf.nn.relu)
logits = tf.layers.dense(hidden, 10)
loss = tf.losses.sparse_softmax_cross_entropy(labels=classes, logits=logits)
step = tf.train.AdamOptimizer().minimize(loss)

with tf.Session() as session:
    session.run(tf.global_variables_initializer())
    for start in range(0, 60000, 100):
        feed = {pixels: images[start:start + 100], classes: labels[start:start + 100]}  # expect: NN701
        session.run(step, feed_dict=feed)
