# Clean look-alike of nn701_get_dummies_columns: without `columns=`, get_dummies encodes every categorical
# column and nnlint cannot tell whether any raw numeric column is left (the mushroom data has none).
import pandas as pd
from tensorflow import keras

df = pd.read_csv("mushrooms.csv")
y = (df.pop("class") == "p").astype("float32").values
X = pd.get_dummies(df).values.astype("float32")
model = keras.Sequential([keras.layers.Dense(32, activation="relu", input_shape=(X.shape[1],)),
                          keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(X, y, epochs=5)
