import keras
from keras import layers


def mlp(n_in, n_cls):
    inputs = keras.Input((n_in,))
    x = layers.Dense(256, kernel_initializer="he_normal")(inputs)
    x = layers.ReLU()(x)
    x = layers.Dense(n_cls, kernel_initializer="he_normal")(x)
    x = layers.ReLU()(x)  # expect: NN101
    return keras.Model(inputs, x)


net = mlp(100, 3)
net.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
            loss=keras.losses.CategoricalCrossentropy(),  # expect: NN104
            metrics=["accuracy"])
