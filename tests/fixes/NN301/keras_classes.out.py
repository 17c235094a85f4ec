import tensorflow as tf

model = tf.keras.Sequential([
    tf.keras.layers.Dense(64, activation="relu",
                          kernel_initializer=tf.keras.initializers.HeNormal(seed=1)),
    tf.keras.layers.Dense(1, kernel_initializer=tf.keras.initializers.he_uniform()),
])
model.compile(optimizer="adam", loss="mse")
