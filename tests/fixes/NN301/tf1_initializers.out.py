import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 784])
W = tf.get_variable("W", [784, 256], initializer=tf.compat.v1.variance_scaling_initializer(scale=2.0))
h = tf.nn.relu(tf.matmul(x, W))
net = tf.layers.dense(h, 128, activation=tf.nn.relu, kernel_initializer=tf.compat.v1.variance_scaling_initializer(scale=2.0, distribution="uniform", seed=3))
logits = tf.layers.dense(net, 10, kernel_initializer=tf.compat.v1.variance_scaling_initializer(scale=2.0, distribution="uniform"))
