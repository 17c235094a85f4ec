import tensorflow as tf
from tensorflow.keras import layers as L

UNITS_OUT = 1


def build_ranker():
    inp = L.Input(shape=(50,))
    x = L.Dense(128, activation="relu", kernel_initializer="he_normal", use_bias=False)(inp)  # expect: NN201
    x = L.Dropout(0.2)(x)
    x = L.Dense(64, kernel_initializer="random_normal")(x)  # expect: NN301
    x = L.Activation("relu")(x)
    out = L.Dense(UNITS_OUT, activation="softmax", kernel_initializer="he_normal")(x)  # expect: NN103
    model = tf.keras.Model(inp, out)
    model.compile(optimizer=tf.keras.optimizers.Nadam(learning_rate=0.002),
                  loss="binary_crossentropy")
    return model


def build_tagger(n_tags):
    inp = L.Input(shape=(128,))
    h = L.Dense(64, activation="relu", kernel_initializer="he_normal")(inp)
    h = L.Dense(64, use_bias=False, kernel_initializer="he_normal")(h)
    h = L.BatchNormalization()(h)
    h = L.ReLU()(h)
    logits = L.Dense(n_tags, kernel_initializer="he_normal")(h)
    model = tf.keras.Model(inp, logits)
    model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=1e-3),
                  loss=tf.keras.losses.BinaryCrossentropy(),  # expect: NN104
                  metrics=["accuracy"])
    return model
