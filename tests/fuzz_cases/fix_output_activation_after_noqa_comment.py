# fuzz case (dl_shapes; hypothesmith too): --fix was not idempotent. Its three fixes (NN301 on W, NN001 on
# the unused noqa, NN101 on the ReLU) did not check out together, so each was checked alone: removing the
# ReLU moves the unused noqa comment (NN001), which the check took for a new finding, so it refused the
# ReLU fix for good; the next --fix, the comment gone, removed the ReLU.
import tensorflow as tf
import torch.nn as tnn
W = tf.compat.v1.Variable(tf.compat.v1.truncated_normal([784, 10], stddev=1.0))
def build_saver():
    _model = tnn.Sequential(
        tnn.Linear(64, num_classes),  # noqa: NN201
        tnn.ReLU()
    )
