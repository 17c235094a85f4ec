"""CIFAR-10 python pickle rows (3×32×32, channel first) reshaped straight to channel-last."""
import pickle
import numpy as np
import tensorflow as tf

with open("cifar-10-batches-py/data_batch_1", "rb") as handle:
    batch = pickle.load(handle, encoding="latin1")
rows = np.array(batch["data"])
images = rows.reshape((len(rows), 32, 32, 3))  # expect: NN801
model = tf.keras.Sequential([tf.keras.layers.Conv2D(8, 3), tf.keras.layers.Flatten(), tf.keras.layers.Dense(10)])
