"""Clean: the images are scaled by an imported helper nnlint cannot see into."""
from tensorflow import keras
from mylib.preprocessing import to_unit_range

(x, y), _ = keras.datasets.cifar10.load_data()
x = to_unit_range(x)
model = keras.Sequential([keras.layers.Conv2D(8, 3), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x, y)
