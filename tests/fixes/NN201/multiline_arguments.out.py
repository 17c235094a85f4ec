from tensorflow import keras

model = keras.Sequential([
    keras.layers.Dense(
        64,
        activation="relu",
        # initialiser below
        kernel_initializer="he_normal",
    ),
    keras.layers.Dense(
        10
    ),
])
model.compile(optimizer="adam", loss="mse")
