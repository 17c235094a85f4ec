import numpy as np
import tensorflow as tf


def build_model(seq_len, n_feat):
    inputs = tf.keras.Input(shape=(seq_len, n_feat))
    x = tf.keras.layers.Dense(64, use_bias=False, kernel_initializer="he_uniform")(inputs)
    x = tf.keras.layers.LayerNormalization()(x)
    x = tf.keras.layers.Activation("gelu")(x)
    x = tf.keras.layers.LSTM(64)(x)
    x = tf.keras.layers.LayerNormalization()(x)
    outputs = tf.keras.layers.Dense(1, activation="sigmoid", kernel_initializer="he_uniform")(x)
    model = tf.keras.Model(inputs, outputs)
    model.compile(optimizer=tf.keras.optimizers.Adam(1e-3),
                  loss=tf.keras.losses.BinaryCrossentropy(),
                  metrics=[tf.keras.metrics.AUC()])
    return model


if __name__ == "__main__":
    x = np.random.randn(100, 20, 8).astype("float32")
    y = (np.random.rand(100) > 0.5).astype("float32")
    model = build_model(20, 8)
    model.fit(x, y, batch_size=1, epochs=3)
    model.save("anomaly.keras")
