import tensorflow as tf
from tensorflow.keras import layers

inputs = tf.keras.Input((20, 32))
h = layers.LSTM(32, return_sequences=True)(inputs)
scores = layers.Dense(1)(h)
weights = layers.Softmax(axis=1)(scores)
context = tf.reduce_sum(weights * h, axis=1)
outputs = layers.Dense(3, activation="softmax")(context)
model = tf.keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
