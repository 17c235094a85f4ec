from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential()
model.add(layers.Dense(64, activation="relu", input_shape=(8,)))
model.add(layers.Dense(1))
# output activation
model.add(layers.Activation("relu"))  # expect: NN101

model.compile(optimizer="adam", loss="mse")
