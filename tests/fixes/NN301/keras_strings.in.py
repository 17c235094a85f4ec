from tensorflow import keras

model = keras.Sequential([
    keras.layers.Dense(64, activation='relu', kernel_initializer='glorot_uniform'),
    keras.layers.Dense(64, activation='tanh', kernel_initializer='random_normal'),
    keras.layers.Dense(1, kernel_initializer='truncated_normal'),  # v4: the output layer alone may start small
])
model.compile(optimizer='adam', loss='mse')
