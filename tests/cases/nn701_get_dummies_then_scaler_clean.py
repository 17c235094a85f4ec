# Source: probe_data2 (the data2 helper's held-out set), c15: clean look-alike of nn701_get_dummies_columns (scaled after get_dummies).
import pandas as pd
from sklearn.preprocessing import StandardScaler
from tensorflow import keras

df = pd.read_csv("titanic.csv")
df["Age"] = df["Age"].fillna(df["Age"].median())
df = pd.get_dummies(df, columns=["Sex", "Embarked", "Pclass"], drop_first=True)
y = df.pop("Survived").values
X = df[["Age", "Fare", "SibSp", "Parch", "Sex_male", "Embarked_Q", "Embarked_S", "Pclass_2", "Pclass_3"]].values.astype("float32")
X = StandardScaler().fit_transform(X)

model = keras.Sequential([keras.layers.Dense(16, activation="relu", input_shape=(X.shape[1],)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=50, validation_split=0.2)
