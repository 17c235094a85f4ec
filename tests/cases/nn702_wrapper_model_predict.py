# Source: probe_data failure repro (held-out review of issue 12; corpus k03).
# MISS (NN702, [interp]): the trained model wrapped in Sequential([model, Softmax()]) (TF beginner tutorial) predicts on raw test pixels; nnlint does not see the wrapper as the trained model (corpus: k03).
import tensorflow as tf

(train_images, train_labels), (test_images, test_labels) = tf.keras.datasets.fashion_mnist.load_data()
model = tf.keras.Sequential([tf.keras.layers.Flatten(input_shape=(28, 28)), tf.keras.layers.Dense(128, activation="relu"), tf.keras.layers.Dense(10)])
model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
model.fit(train_images / 255.0, train_labels, epochs=10)
probability_model = tf.keras.Sequential([model, tf.keras.layers.Softmax()])  # noqa: NN102 (an inference-only wrapper, never compiled with a loss: a known NN102 false positive)
predictions = probability_model.predict(test_images)  # expect: NN702 [interp]
