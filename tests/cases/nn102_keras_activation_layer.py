import tensorflow as tf
from tensorflow.keras import layers

inputs = tf.keras.Input((16,))
x = layers.Dense(32, activation="relu")(inputs)
x = layers.Dense(4)(x)
outputs = layers.Activation("softmax")(x)  # expect: NN102
model = tf.keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss=tf.keras.losses.CategoricalCrossentropy(from_logits=True))
