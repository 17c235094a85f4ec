"""Clean: raw pixels into a model that rescales them itself (augmentation, then Rescaling)."""
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

train_ds = keras.utils.image_dataset_from_directory("pets/train", image_size=(160, 160), batch_size=32)
augment = keras.Sequential([layers.RandomFlip("horizontal"), layers.RandomRotation(0.1)])
model = keras.Sequential([
    augment,
    layers.Rescaling(1.0 / 255),
    layers.Conv2D(32, 3, activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(2),
])
model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
model.fit(train_ds, epochs=3)
