# Source: probe_data failure repro (held-out review of issue 12; corpus k34).
# MISS (NN701, contract-ambiguous): pd.get_dummies(df, columns=[...]) keeps the numeric columns (Age, Fare) raw, but nnlint stops following the path there (corpus: k34 Titanic).
import pandas as pd
import tensorflow as tf

train = pd.read_csv("train.csv")
train = pd.get_dummies(train, columns=["Embarked"])
features = ["Age", "Fare", "SibSp", "Parch", "Embarked_S"]
X = train[features].values.astype("float32")
y = train["Survived"].values
model = tf.keras.Sequential([tf.keras.layers.Dense(16, activation="relu", input_shape=(5,)), tf.keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(X, y, epochs=10)  # expect: NN701 [interp]
