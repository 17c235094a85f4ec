import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 784])
W = tf.get_variable("W", [784, 256], initializer=tf.truncated_normal_initializer(stddev=0.02))
h = tf.nn.relu(tf.matmul(x, W))
net = tf.layers.dense(h, 128, activation=tf.nn.relu, kernel_initializer=tf.random_uniform_initializer(-0.1, 0.1, seed=3))
logits = tf.layers.dense(net, 10, kernel_initializer=tf.contrib.layers.xavier_initializer())
