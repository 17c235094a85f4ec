"""MNIST straight from keras.datasets into fit(): pixels 0–255 reach a Dense layer."""
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

(train_x, train_y), (test_x, test_y) = keras.datasets.mnist.load_data()
train_x = np.expand_dims(train_x, -1).astype("float32")

model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(16, 3, activation="relu"),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(
    train_x,  # expect: NN701
    train_y,
    batch_size=64,
)
