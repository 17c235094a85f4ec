from tensorflow import keras

model = keras.Sequential()
for i, units in enumerate([64, 64, 1]):
    if i < 2:
        model.add(keras.layers.Dense(units, activation="relu"))
    else:
        model.add(keras.layers.Dense(units, activation="relu"))
model.compile(loss="mse", optimizer="sgd")
