import tensorflow.compat.v1 as tf

x = tf.placeholder(tf.float32, [None, 20])
y = tf.placeholder(tf.float32, [None, 1])
h = tf.layers.dense(x, 64, activation=tf.nn.relu)  # expect: NN302
w = tf.get_variable("w_out", shape=[64, 1])  # expect: NN302
b = tf.get_variable("b_out", shape=[1], initializer=tf.zeros_initializer())
pred = tf.tanh(tf.matmul(h, w) + b)  # expect: NN105
loss = tf.losses.mean_squared_error(y, pred)
train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
saver = tf.train.Saver()
