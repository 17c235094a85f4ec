import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()


def weight(shape):
    return tf.Variable(tf.truncated_normal(shape, stddev=0.1))  # expect: NN301


def bias(shape):
    return tf.Variable(tf.constant(0.1, shape=shape))


x = tf.placeholder(tf.float32, [None, 784])
y_ = tf.placeholder(tf.float32, [None, 10])

W1 = weight([784, 256])
b1 = bias([256])
h1 = tf.nn.relu(tf.matmul(x, W1) + b1)
W2 = weight([256, 10])
b2 = bias([10])
y = tf.nn.softmax(tf.matmul(h1, W2) + b2)  # expect: NN102

cross_entropy = tf.reduce_mean(
    tf.nn.softmax_cross_entropy_with_logits_v2(labels=y_, logits=y))

global_step = tf.Variable(0, trainable=False)
saver = tf.train.Saver()  # expect: NN401
lr = tf.train.exponential_decay(0.001, global_step, 1000, 0.96, staircase=True)  # expect: NN501
train_step = tf.train.AdamOptimizer(lr).minimize(cross_entropy, global_step=global_step)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    saver.save(sess, "/tmp/model.ckpt")
