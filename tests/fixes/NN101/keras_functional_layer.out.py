import tensorflow as tf

inputs = tf.keras.Input(shape=(32,))
x = tf.keras.layers.Dense(128, activation="relu")(inputs)
x = tf.keras.layers.Dense(1)(x)
outputs = x  # expect: NN101
model = tf.keras.Model(inputs=inputs, outputs=outputs)
