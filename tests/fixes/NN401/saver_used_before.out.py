import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 10])
loss = tf.reduce_mean(tf.layers.dense(x, 1))
saver = tf.train.Saver()
hooks = [tf.train.CheckpointSaverHook("ckpt", saver=saver)]
train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
