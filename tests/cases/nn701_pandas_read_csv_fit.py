"""Raw CSV columns (income in dollars, age in years) into a Keras regressor."""
import pandas as pd
from tensorflow import keras

frame = pd.read_csv("census.csv")
frame = frame.dropna()
features = frame[["age", "income", "hours_per_week"]].to_numpy()
target = frame["label"].to_numpy()


def make_model(width):
    return keras.Sequential([keras.layers.Dense(width, activation="relu"), keras.layers.Dense(1)])


net = make_model(32)
net.compile(optimizer="adam", loss="mse")
net.fit(features, target, epochs=20)  # expect: NN701
