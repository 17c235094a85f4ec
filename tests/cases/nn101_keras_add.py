from keras.models import Sequential
from keras.layers import Dense, Dropout

model = Sequential()
model.add(Dense(64, activation="relu", input_dim=20))
model.add(Dropout(0.5))
model.add(Dense(1, activation="relu"))  # expect: NN101
model.compile(loss="mse", optimizer="sgd")
