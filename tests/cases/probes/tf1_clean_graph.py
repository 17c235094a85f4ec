import tensorflow as tf

tf = tf.compat.v1


def build_graph(cfg):
    x = tf.placeholder(tf.float32, [None, 28, 28, 1])
    labels = tf.placeholder(tf.int64, [None])
    init = tf.variance_scaling_initializer(scale=2.0)
    net = tf.layers.conv2d(x, 32, 3, activation=tf.nn.relu, kernel_initializer=init)
    net = tf.layers.conv2d(net, 64, 3, use_bias=False, kernel_initializer=init)
    net = tf.layers.batch_normalization(net, training=True)
    net = tf.nn.relu(net)
    net = tf.layers.flatten(net)
    logits = tf.layers.dense(net, 10, kernel_initializer=init)
    loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
    opt = tf.train.AdamOptimizer(learning_rate=cfg.learning_rate)
    train_op = opt.minimize(loss)
    saver = tf.train.Saver(max_to_keep=5)
    return x, labels, train_op, saver


def train(cfg):
    x, labels, train_op, saver = build_graph(cfg)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(cfg.steps):
            sess.run(train_op)
            if step % 1000 == 0:
                saver.save(sess, cfg.ckpt_dir, global_step=step)
