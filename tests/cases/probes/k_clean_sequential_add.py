import keras
from keras import layers

model = keras.Sequential()
model.add(layers.Input(shape=(20,)))
model.add(layers.Dense(64, activation="relu", kernel_initializer="he_normal"))
model.add(layers.Dense(64, activation="relu", kernel_initializer=keras.initializers.HeUniform()))
model.add(layers.Dense(1, activation="sigmoid", kernel_initializer="he_normal"))

model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1, momentum=0.9),
              loss="binary_crossentropy", metrics=["accuracy"])

lr_cb = keras.callbacks.LearningRateScheduler(lambda epoch, lr: lr * 0.9)


def fit(x, y):
    model.fit(x, y, batch_size=32, epochs=10, callbacks=[lr_cb])
    model.save_weights("weights.weights.h5")
