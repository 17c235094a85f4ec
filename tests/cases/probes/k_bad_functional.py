import tensorflow as tf
from tensorflow.keras import layers, optimizers


def dense_block(x, units, act="relu"):
    return layers.Dense(units, activation=act, kernel_initializer="glorot_uniform")(x)  # expect: NN301, NN101


def build(n_out):
    inp = layers.Input(shape=(64,))
    h = dense_block(inp, 256, act="relu")
    h = dense_block(h, 128, act="relu")
    out = dense_block(h, n_out, act="relu")
    model = tf.keras.Model(inputs=inp, outputs=out)
    schedule = optimizers.schedules.ExponentialDecay(1e-3, decay_steps=1000, decay_rate=0.96)  # expect: NN501
    model.compile(optimizer=optimizers.Adam(learning_rate=schedule),
                  loss="categorical_crossentropy")  # expect: NN104
    return model
