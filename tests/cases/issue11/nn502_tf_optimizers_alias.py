# FN class (fresh held-out audit, audit2): TF2's top-level `tf.optimizers` is `tf.keras.optimizers`; an Adam
# built through it with lr=0.1 is NN502 like `tf.keras.optimizers.Adam(lr=0.1)`. Look-alike: SGD at 0.1 is fine.
# Distilled from hunkim/DeepLearningZeroToAll@60c707e:tf2/tf2-09-3-xor-nn-wide-deep.py:18.
import numpy as np
import tensorflow as tf

x_data = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
y_data = np.array([[0], [1], [1], [0]], dtype=np.float32)

model = tf.keras.Sequential()
model.add(tf.keras.layers.Dense(units=10, input_dim=2, activation="relu"))
model.add(tf.keras.layers.Dense(units=1, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer=tf.optimizers.Adam(lr=0.1), metrics=["accuracy"])  # expect: NN502
model.fit(x_data, y_data, epochs=100)

sgd_model = tf.keras.Sequential()
sgd_model.add(tf.keras.layers.Dense(units=10, input_dim=2, activation="relu"))
sgd_model.add(tf.keras.layers.Dense(units=1, activation="sigmoid"))
sgd_model.compile(loss="binary_crossentropy", optimizer=tf.optimizers.SGD(lr=0.1), metrics=["accuracy"])
sgd_model.fit(x_data, y_data, epochs=100)
