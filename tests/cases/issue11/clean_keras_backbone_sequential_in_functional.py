# FP class I1 (issue 11: "a backbone Sequential or a helper's MLP used inside a Keras functional model built in a
# function" taken for the model). The backbone Sequential and the helper MLP end in ReLU, but both are blocks of
# the functional model that build_model() returns and that is compiled and trained; its output is a softmax head.
# Source: the pattern as issue 11 describes it (its real-code source is in the held-out set, not in this corpus).
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


def mlp(x, hidden_units, dropout_rate):
    for units in hidden_units:
        x = layers.Dense(units, activation="relu")(x)
        x = layers.Dropout(dropout_rate)(x)
    return x


def build_model(input_shape=(32, 32, 3), num_classes=10):
    backbone = keras.Sequential([
        layers.Conv2D(32, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(),
        layers.Conv2D(64, 3, padding="same", activation="relu"),
        layers.GlobalAveragePooling2D(),
        layers.Dense(128, activation="relu"),
    ], name="backbone")
    inputs = keras.Input(shape=input_shape)
    x = layers.Rescaling(1.0 / 255)(inputs)
    features = backbone(x)
    features = mlp(features, hidden_units=[256, 128], dropout_rate=0.3)
    outputs = layers.Dense(num_classes, activation="softmax")(features)
    return keras.Model(inputs, outputs)


model = build_model()
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
