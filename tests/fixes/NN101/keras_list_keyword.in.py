from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential([
    layers.Dense(64, activation="relu", input_shape=(8,)),
    layers.Dense(1, activation='relu', name="head"),
])
model.compile(optimizer="adam", loss="mse")
