"""Clean: one scaler fitted on the training split, applied with transform to validation and test."""
import numpy as np
from sklearn.preprocessing import MinMaxScaler
from tensorflow import keras

data = np.genfromtxt("readings.csv", delimiter=",")
x_train, x_val, x_test = data[:800, :-1], data[800:900, :-1], data[900:, :-1]
y_train, y_val, y_test = data[:800, -1], data[800:900, -1], data[900:, -1]
scaler = MinMaxScaler().fit(x_train)
x_train, x_val, x_test = scaler.transform(x_train), scaler.transform(x_val), scaler.transform(x_test)

model = keras.Sequential([keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(x_train, y_train, validation_data=(x_val, y_val))
model.evaluate(x_test, y_test)
