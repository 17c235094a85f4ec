"""Test data standardized with its own mean and std while training used the training statistics."""
import numpy as np
from tensorflow import keras

(x_train, y_train), (x_test, y_test) = keras.datasets.boston_housing.load_data()
mu = x_train.mean(axis=0)
sd = x_train.std(axis=0)
x_train = (x_train - mu) / sd
x_test = (x_test - np.mean(x_test, axis=0)) / np.std(x_test, axis=0)  # expect: NN702

model = keras.Sequential([keras.layers.Dense(64, activation="relu"), keras.layers.Dense(1)])
model.compile(optimizer="rmsprop", loss="mse")
model.fit(x_train, y_train, epochs=10)
model.evaluate(x_test, y_test)
