import tensorflow.compat.v1 as tf
from tensorflow.compat.v1 import layers


def make_saver():
    return tf.train.Saver()  # expect: NN401


def build(x, labels):
    net = layers.conv2d(x, 32, 3, activation=tf.nn.relu,
                        kernel_initializer=tf.contrib.layers.xavier_initializer())  # expect: NN301
    net = layers.flatten(net)
    logits = layers.dense(net, 10, activation=tf.nn.relu,  # expect: NN101
                          kernel_initializer=tf.variance_scaling_initializer(scale=2.0))
    loss = tf.losses.softmax_cross_entropy(onehot_labels=labels, logits=logits)
    return loss, net


def aux_loss(features, attr_labels):
    attr = layers.dense(features, 8, kernel_initializer=tf.variance_scaling_initializer(scale=2.0))
    attr_prob = tf.nn.sigmoid(attr)  # expect: NN106
    return tf.losses.softmax_cross_entropy(attr_labels, attr_prob)


def main():
    x = tf.placeholder(tf.float32, [None, 32, 32, 3])
    labels = tf.placeholder(tf.float32, [None, 10])
    attrs = tf.placeholder(tf.float32, [None, 8])
    loss, feats = build(x, labels)
    total = loss + 0.1 * aux_loss(feats, attrs)
    saver = make_saver()
    opt = tf.train.AdagradOptimizer(0.01)
    train_op = opt.minimize(total)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train_op)
        saver.save(sess, "ckpt")


if __name__ == "__main__":
    main()
