import tensorflow as tf
from tensorflow.keras import layers, Sequential


def build(cfg):
    model = Sequential()
    for i, units in enumerate(cfg.units):
        if i == len(cfg.units) - 1:
            model.add(layers.Dense(units))
        else:
            model.add(layers.Dense(units, activation="relu", kernel_initializer="he_normal"))
    model.compile(optimizer="adam", loss=tf.keras.losses.MeanSquaredError())
    return model


def build_seq_model(vocab):
    inp = layers.Input(shape=(None,))
    x = layers.Embedding(vocab, 128, embeddings_initializer="uniform")(inp)
    x = layers.LSTM(128, return_sequences=True)(x)
    x = layers.LSTM(64)(x)
    x = layers.Dense(32, activation="tanh", kernel_initializer="glorot_normal",  # expect: NN111
                     bias_initializer=tf.keras.initializers.RandomNormal(stddev=0.01))(x)
    out = layers.Dense(1, activation="sigmoid", kernel_initializer="glorot_normal")(x)
    model = tf.keras.Model(inp, out)
    model.compile(optimizer=tf.keras.optimizers.RMSprop(1e-3), loss="binary_crossentropy")
    return model
