"""A .map() divides by 255, then the model's first layer rescales by 1/255 again."""
import tensorflow as tf


def scale(image, label):
    return image / 255.0, label


ds = tf.keras.utils.image_dataset_from_directory("leaves", image_size=(96, 96)).map(scale)
model = tf.keras.Sequential([
    tf.keras.layers.Rescaling(scale=1.0 / 255),  # expect: NN703
    tf.keras.layers.Conv2D(8, 3, activation="relu"),
    tf.keras.layers.GlobalAveragePooling2D(),
    tf.keras.layers.Dense(4, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(ds, epochs=2)
