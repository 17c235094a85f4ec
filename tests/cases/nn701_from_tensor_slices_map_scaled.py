"""Clean: raw arrays into from_tensor_slices, scaled by a .map() before fit()."""
import tensorflow as tf

(x_train, y_train), _ = tf.keras.datasets.mnist.load_data()
train = tf.data.Dataset.from_tensor_slices((x_train, y_train))
train = train.map(lambda image, label: (tf.cast(image, tf.float32) / 255.0, label)).batch(64)
model = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(train, epochs=2)
