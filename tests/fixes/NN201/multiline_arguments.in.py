from tensorflow import keras

model = keras.Sequential([
    keras.layers.Dense(
        64,
        activation="relu",
        use_bias=False,  # why not
        # initialiser below
        kernel_initializer="he_normal",
    ),
    keras.layers.Dense(
        10,
        use_bias=False
    ),
])
model.compile(optimizer="adam", loss="mse")
