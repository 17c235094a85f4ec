# FN class I15 (issue 11): a module-level initializer object (`kernel_init = RandomNormal(stddev=...)`) used inside
# the functions that build the model's hidden layers: a fixed-std init on a ReLU network. One finding at the
# initializer object, however many layers use it.
# Source: the pattern as issue 11 describes it; its real-code source is in the held-out set, not in this corpus.
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

kernel_init = keras.initializers.RandomNormal(mean=0.0, stddev=0.05)  # expect: NN301


def conv_block(x, filters):
    x = layers.Conv2D(filters, 3, padding="same", kernel_initializer=kernel_init)(x)
    x = layers.ReLU()(x)
    return layers.MaxPooling2D()(x)


def build_model(num_classes=10):
    inputs = keras.Input((32, 32, 3))
    x = layers.Rescaling(1.0 / 255)(inputs)
    x = conv_block(x, 32)
    x = conv_block(x, 64)
    x = layers.Flatten()(x)
    x = layers.Dense(128, activation="relu", kernel_initializer=kernel_init)(x)
    outputs = layers.Dense(num_classes, kernel_initializer="glorot_uniform")(x)
    return keras.Model(inputs, outputs)


model = build_model()
model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
