import keras
from keras import layers


def build_classifier(n_classes):
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(32, 3, use_bias=False, kernel_initializer="he_normal"),  # expect: NN201
        layers.Activation("relu"),
        layers.Conv2D(64, 3, activation="relu", kernel_initializer="he_normal"),
        layers.Flatten(),
        layers.Dense(n_classes, activation="softmax", kernel_initializer="he_normal"),  # expect: NN102
    ])
    schedule = keras.optimizers.schedules.ExponentialDecay(1e-3, decay_steps=1000, decay_rate=0.9)  # expect: NN501
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=schedule),
                  loss=keras.losses.CategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    return model


def build_scorer():
    inp = keras.Input((16,))
    h = layers.Dense(32, activation="relu", kernel_initializer="he_normal")(inp)
    out = layers.Dense(1, activation="softmax", kernel_initializer="he_normal")(h)  # expect: NN103
    scorer = keras.Model(inp, out)
    scorer.compile(optimizer="adam", loss="binary_crossentropy")
    return scorer
