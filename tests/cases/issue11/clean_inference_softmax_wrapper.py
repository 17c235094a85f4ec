# FP class (fresh held-out audit, audit2): the TensorFlow classification tutorial's
# `probability_model = Sequential([model, Softmax()])`, built after `model` is compiled with
# `from_logits=True` and fit, only for `predict`. The wrapper made `model` a sub-model, so the loss of `model`
# was matched with the wrapper's softmax (NN102). A trained model wrapped with parameter-free layers stays the
# model. Look-alike that fires: issue11/nn102_softmax_wrapper_trained_itself.py.
# Distilled from the lead of the previous fresh audit (issue 11); the pattern of tensorflow/docs
# site/en/tutorials/keras/classification.ipynb, written here from its description.
import tensorflow as tf

(train_images, train_labels), (test_images, test_labels) = tf.keras.datasets.fashion_mnist.load_data()
train_images, test_images = train_images / 255.0, test_images / 255.0

model = tf.keras.Sequential([
    tf.keras.layers.Flatten(input_shape=(28, 28)),
    tf.keras.layers.Dense(128, activation="relu"),
    tf.keras.layers.Dense(10),
])
model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])
model.fit(train_images, train_labels, epochs=10)
probability_model = tf.keras.Sequential([model, tf.keras.layers.Softmax()])
predictions = probability_model.predict(test_images)
