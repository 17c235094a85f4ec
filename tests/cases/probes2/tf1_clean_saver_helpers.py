import tensorflow as tf


def make_saver():
    return tf.compat.v1.train.Saver(max_to_keep=10)


def build_graph(x, y):
    w1 = tf.compat.v1.get_variable("w1", [784, 256], initializer=tf.compat.v1.keras.initializers.he_normal())
    b1 = tf.compat.v1.get_variable("b1", [256], initializer=tf.compat.v1.zeros_initializer())
    h = tf.nn.relu(tf.matmul(x, w1) + b1)
    w2 = tf.compat.v1.get_variable("w2", [256, 10], initializer=tf.compat.v1.variance_scaling_initializer())
    b2 = tf.compat.v1.get_variable("b2", [10], initializer=tf.compat.v1.constant_initializer(0.1))
    logits = tf.matmul(h, w2) + b2
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits))
    global_step = tf.compat.v1.train.get_or_create_global_step()
    train_op = tf.compat.v1.train.AdamOptimizer(1e-3).minimize(loss, global_step=global_step)
    return loss, train_op


def main():
    x = tf.compat.v1.placeholder(tf.float32, [None, 784])
    y = tf.compat.v1.placeholder(tf.float32, [None, 10])
    emb_saver = tf.compat.v1.train.Saver(var_list=tf.compat.v1.global_variables())
    loss, train_op = build_graph(x, y)
    saver = make_saver()
    with tf.compat.v1.Session() as sess:
        sess.run(tf.compat.v1.global_variables_initializer())
        for i in range(1000):
            sess.run(train_op)
        saver.save(sess, "/tmp/model.ckpt")
        emb_saver.save(sess, "/tmp/emb.ckpt")


if __name__ == "__main__":
    main()
