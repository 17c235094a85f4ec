# A bias-free output layer is reported even when another model in the file uses BatchNormalization: the
# output of a model is known (no norm follows it), so the "a norm nearby" benefit of the doubt does not apply.
# (Found while building a verify fixture.)
from tensorflow import keras

encoder = keras.Sequential([keras.layers.Dense(8, use_bias=False), keras.layers.BatchNormalization(),
                            keras.layers.Dense(2)])
encoder.compile(optimizer="adam", loss="mse")
head = keras.Sequential([
    keras.layers.Dense(8, activation="relu"),
    keras.layers.Dense(1, use_bias=False),  # expect: NN201
])
head.compile(optimizer="adam", loss="mse")
