# Source: probe_data failure repro (held-out review of issue 12; corpus t23); the message is checked in tests/test_data_flow.py.
# MESSAGE BUG (NN801, finding is right): the suggested fix `tf.transpose(features, [0, 3, 1, 2]).reshape(-1, c, h * w)` calls .reshape on a tf.Tensor, which has no such method; it should be tf.reshape(tf.transpose(...), [-1, c, h * w]) (corpus: t23).
import tensorflow as tf


def gram(features):
    _, h, w, c = features.shape
    return tf.reshape(features, [-1, c, h * w])  # expect: NN801
