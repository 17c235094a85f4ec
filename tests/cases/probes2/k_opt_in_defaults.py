import tensorflow as tf
from tensorflow.keras import layers

tf1 = tf.compat.v1


def build():
    model = tf.keras.Sequential([
        layers.Input((32, 32, 3)),
        layers.SeparableConv2D(32, 3, activation="relu"),  # expect: NN302
        layers.DepthwiseConv2D(3, activation="relu"),
        layers.Conv2D(64, 3, activation="relu", kernel_initializer="he_uniform"),
        layers.GlobalAveragePooling2D(),
        layers.Dense(10),  # expect: NN302
    ])
    model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model


def graph_head(x):
    w = tf1.get_variable("w_out", [128, 1])  # expect: NN302
    b = tf1.get_variable("b_out", [1], initializer=tf1.zeros_initializer())
    return tf.matmul(x, w) + b
