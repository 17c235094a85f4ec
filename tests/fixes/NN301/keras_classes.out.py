import tensorflow as tf

model = tf.keras.Sequential([
    tf.keras.layers.Dense(64, activation="relu",
                          kernel_initializer=tf.keras.initializers.HeNormal(seed=1)),
    tf.keras.layers.Dense(32, activation="relu", kernel_initializer=tf.keras.initializers.he_uniform()),
    tf.keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
