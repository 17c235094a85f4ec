from tensorflow.keras.initializers import RandomNormal
from tensorflow.keras.layers import Dense
from tensorflow.keras.models import Sequential

model = Sequential([
    Dense(64, activation="relu", kernel_initializer=RandomNormal(stddev=0.01)),
    Dense(1),
])
model.compile(optimizer="adam", loss="mse")
