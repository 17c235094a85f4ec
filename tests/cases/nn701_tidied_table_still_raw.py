"""Titanic-style tidying (fillna, encoded columns, a constant written into a column) leaves Age and Fare raw;
a column standardized in place is a scaling step."""
import pandas as pd
from sklearn.preprocessing import LabelEncoder
from tensorflow import keras

train = pd.read_csv("titanic/train.csv")
train["Age"] = train["Age"].fillna(train["Age"].median())
train["Embarked"].fillna("S", inplace=True)
train["Sex"] = train["Sex"].map({"male": 0, "female": 1})
train["Embarked"] = LabelEncoder().fit_transform(train["Embarked"])
train.loc[train["Fare"].isna(), "Fare"] = 0
X = train[["Pclass", "Sex", "Age", "SibSp", "Parch", "Fare", "Embarked"]].values
y = train["Survived"].values
model = keras.Sequential([keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(X, y, epochs=50)  # expect: NN701

scaled = pd.read_csv("titanic/test.csv")
scaled["Age"] = (scaled["Age"] - scaled["Age"].mean()) / scaled["Age"].std()
model.fit(scaled.values, y)
