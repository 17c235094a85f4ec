import tensorflow as tf
from tensorflow.keras import layers

gen = tf.keras.Sequential([
    layers.Dense(256, activation="relu"),  # expect: NN302
    layers.Dense(784, activation="tanh"),  # expect: NN302, NN105
])

critic = tf.keras.Sequential([
    layers.Dense(64, activation="relu", kernel_initializer="he_uniform"),
    layers.Dense(1, activation="sigmoid", kernel_initializer="he_uniform"),  # expect: NN105
])
critic.compile(optimizer=tf.keras.optimizers.Adam(1e-4), loss="mse")
gen.compile(optimizer=tf.keras.optimizers.Adam(2e-4), loss="mae")
