import tensorflow as tf


def inference(images, n_classes):
    w1 = tf.Variable(tf.truncated_normal([784, 512], stddev=0.1), name="w1")  # expect: NN301
    b1 = tf.Variable(tf.zeros([512]))
    hidden = tf.nn.relu(tf.matmul(images, w1) + b1)
    logits = tf.layers.dense(hidden, n_classes, activation=tf.nn.relu,  # expect: NN101
                             kernel_initializer=tf.variance_scaling_initializer(scale=2.0))
    return logits


def training(loss, base_lr):
    global_step = tf.train.get_or_create_global_step()
    lr = tf.train.exponential_decay(base_lr, global_step, 10000, 0.5, staircase=True)  # expect: NN501
    opt = tf.train.AdamOptimizer(lr)
    return opt.minimize(loss, global_step=global_step)


def run(images, labels):
    logits = inference(images, 10)
    loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
    saver = tf.train.Saver(max_to_keep=2)  # expect: NN401
    train_op = training(loss, 1e-3)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(100):
            sess.run(train_op)
        saver.save(sess, "/tmp/m.ckpt")
