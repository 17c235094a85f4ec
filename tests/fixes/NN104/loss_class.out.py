import keras

model = keras.Sequential([keras.layers.Dense(64, activation="relu"), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))
other = keras.Sequential([keras.layers.Dense(64, activation="relu"), keras.layers.Dense(3)])
other.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(reduction="sum", from_logits=True))
