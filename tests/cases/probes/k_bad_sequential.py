from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential([
    layers.Conv2D(32, 3, activation="relu", kernel_initializer="he_normal"),
    layers.BatchNormalization(),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(64, activation="tanh", kernel_initializer="he_normal"),  # expect: NN111
    layers.Dense(10, activation="sigmoid", kernel_initializer="he_normal"),  # expect: NN106
])

model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.1),  # expect: NN502
              loss="categorical_crossentropy",
              metrics=["accuracy"])

BATCH = 1


def train(x, y):
    model.fit(x, y, epochs=5, batch_size=BATCH)  # expect: NN601
    model.save_weights("seq.weights.h5")  # contract v4: one save after training, in a script that never resumes, is an export, not a checkpoint
