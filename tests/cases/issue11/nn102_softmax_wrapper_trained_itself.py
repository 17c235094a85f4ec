# Look-alike of clean_inference_softmax_wrapper.py (fresh held-out audit, audit2): a Sequential that wraps a
# backbone with a Softmax and is itself compiled with a logits loss and fit is the model: its softmax feeds a loss
# that applies softmax again (NN102).
import tensorflow as tf

(train_images, train_labels), (test_images, test_labels) = tf.keras.datasets.fashion_mnist.load_data()
train_images, test_images = train_images / 255.0, test_images / 255.0

backbone = tf.keras.Sequential([
    tf.keras.layers.Flatten(input_shape=(28, 28)),
    tf.keras.layers.Dense(128, activation="relu"),
    tf.keras.layers.Dense(10),
])
classifier = tf.keras.Sequential([backbone, tf.keras.layers.Softmax()])  # expect: NN102
classifier.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
classifier.fit(train_images, train_labels, epochs=10)
