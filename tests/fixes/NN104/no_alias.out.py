from tensorflow.keras.layers import Dense
from tensorflow.keras.models import Sequential

model = Sequential([Dense(64, activation="relu"), Dense(10)])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
