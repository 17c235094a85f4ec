# Source: probe_data2 (the data2 helper's held-out set), c16: clean look-alike of nn702_wrapper_model_predict.
import numpy as np
import tensorflow as tf

(train_images, train_labels), (test_images, test_labels) = tf.keras.datasets.mnist.load_data()
train_images = train_images / 255.0
test_images = test_images / 255.0

model = tf.keras.Sequential([tf.keras.layers.Flatten(input_shape=(28, 28)), tf.keras.layers.Dense(128, activation="relu"), tf.keras.layers.Dense(10)])
model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
model.fit(train_images, train_labels, epochs=10)
probability_model = tf.keras.Sequential([model, tf.keras.layers.Softmax()])  # noqa: NN102 (an inference-only wrapper, never compiled with a loss: a known NN102 false positive)
predictions = probability_model.predict(test_images)
print(np.argmax(predictions[0]))
