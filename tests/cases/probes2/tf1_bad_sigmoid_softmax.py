import tensorflow.compat.v1 as tf


x = tf.placeholder(tf.float32, [None, 100])
y = tf.placeholder(tf.float32, [None, 5])
h = tf.layers.dense(x, 64, activation=tf.nn.relu, kernel_initializer=tf.keras.initializers.he_normal())
pred = tf.sigmoid(tf.layers.dense(h, 5, kernel_initializer=tf.keras.initializers.he_normal()))  # expect: NN106
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=pred))
train_op = tf.train.MomentumOptimizer(0.01, 0.9).minimize(loss)
saver = tf.train.Saver()
