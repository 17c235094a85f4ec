import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 10])
loss = tf.reduce_mean(tf.layers.dense(x, 1))

optimizer = tf.train.AdamOptimizer(1e-3)
train_op = optimizer.minimize(loss)
# keep the last five checkpoints
saver = tf.train.Saver(max_to_keep=5)

with tf.Session() as sess:
    saver.save(sess, "model.ckpt")
