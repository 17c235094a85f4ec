from tensorflow import keras

model = keras.Sequential([
    keras.layers.Dense(64, activation='relu', kernel_initializer='he_uniform'),
    keras.layers.Dense(64, activation='tanh', kernel_initializer='glorot_normal'),
    keras.layers.Dense(1, kernel_initializer='truncated_normal'),  # v4: the output layer alone may start small
])
model.compile(optimizer='adam', loss='mse')
