import numpy as np
import tensorflow as tf
from tensorflow.keras import layers, models


def get_model(n_genres):
    model = models.Sequential()
    model.add(layers.Conv2D(32, (3, 3), activation="relu", kernel_initializer="glorot_normal", input_shape=(128, 128, 1)))  # expect: NN301
    model.add(layers.BatchNormalization())
    model.add(layers.MaxPooling2D((2, 2)))
    model.add(layers.Conv2D(64, (3, 3), activation="relu", kernel_initializer="he_normal"))
    model.add(layers.GlobalAveragePooling2D())
    model.add(layers.Dense(n_genres, activation="sigmoid", kernel_initializer="he_normal"))  # expect: NN106
    model.compile(optimizer=tf.keras.optimizers.Nadam(learning_rate=2e-3),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    return model


X = np.load("spectrograms.npy")
Y = np.load("genres.npy")
model = get_model(Y.shape[1])
BATCH = 1
model.fit(X, Y, batch_size=BATCH, epochs=30, validation_split=0.1)  # expect: NN601
model.save_weights("genre.weights.h5")  # contract v4: one save after training, in a script that never resumes, is an export, not a checkpoint
