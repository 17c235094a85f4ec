import tensorflow as tf


class Seq2SeqTrainer(object):
    def __init__(self, vocab, dim=256, lr=0.001):
        self.tokens = tf.compat.v1.placeholder(tf.int32, [None, None])
        self.targets = tf.compat.v1.placeholder(tf.int32, [None, None])
        self.embedding = tf.compat.v1.get_variable(
            "embedding", [vocab, dim], initializer=tf.compat.v1.random_normal_initializer(stddev=0.1))
        emb = tf.nn.embedding_lookup(self.embedding, self.tokens)
        cell = tf.compat.v1.nn.rnn_cell.LSTMCell(dim)
        outputs, _ = tf.compat.v1.nn.dynamic_rnn(cell, emb, dtype=tf.float32)
        self.logits = tf.compat.v1.layers.dense(
            outputs, vocab, kernel_initializer=tf.compat.v1.variance_scaling_initializer(scale=1.0, mode="fan_avg"))
        self.loss = tf.reduce_mean(
            tf.nn.sparse_softmax_cross_entropy_with_logits(labels=self.targets, logits=self.logits))
        self._build_train_op(lr)
        self.saver = tf.compat.v1.train.Saver(max_to_keep=3)

    def _build_train_op(self, lr):
        optimizer = tf.compat.v1.train.AdamOptimizer(lr)
        grads, variables = zip(*optimizer.compute_gradients(self.loss))
        grads, _ = tf.clip_by_global_norm(grads, 5.0)
        self.train_op = optimizer.apply_gradients(zip(grads, variables))

    def restore(self, sess, path):
        loader = tf.compat.v1.train.Saver()
        loader.restore(sess, path)
