import tensorflow as tf

model = tf.keras.Sequential([
    tf.keras.layers.Dense(64, activation="relu",
                          kernel_initializer=tf.keras.initializers.RandomNormal(stddev=0.01, seed=1)),
    tf.keras.layers.Dense(32, activation="relu", kernel_initializer=tf.keras.initializers.random_uniform(-0.05, 0.05)),
    tf.keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
