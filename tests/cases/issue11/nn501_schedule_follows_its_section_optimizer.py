# FP class F6b (notebook-style rebinding): a decaying LearningRateScheduler passed to fit() of a model compiled with
# SGD must stay silent even though a later section rebinds `optimizer` to Nadam; the later section, where the
# scheduler really decays a Nadam model's rate, fires.
# Distilled from ageron/handson-ml3@e3f3f9e:11_training_deep_neural_networks.ipynb (extracted cells, lines 520-543
# (SGD: nnlint reported NN501, a false positive) and 607-639 (Nadam: a true NN501)).
import numpy as np
import tensorflow as tf

X_train = np.random.rand(512, 28, 28).astype("float32")
y_train = np.random.randint(0, 10, size=512)


def build_model(seed=42):
    tf.random.set_seed(seed)
    return tf.keras.Sequential([
        tf.keras.layers.Flatten(input_shape=[28, 28]),
        tf.keras.layers.Dense(100, activation="relu", kernel_initializer="he_normal"),
        tf.keras.layers.Dense(10, activation="softmax"),
    ])


def exponential_decay(lr0, s):
    def exponential_decay_fn(epoch):
        return lr0 * 0.1 ** (epoch / s)
    return exponential_decay_fn


exponential_decay_fn = exponential_decay(lr0=0.01, s=20)
model = build_model()
optimizer = tf.keras.optimizers.SGD(learning_rate=0.001)
model.compile(loss="sparse_categorical_crossentropy", optimizer=optimizer, metrics=["accuracy"])
lr_scheduler = tf.keras.callbacks.LearningRateScheduler(exponential_decay_fn)
history = model.fit(X_train, y_train, epochs=20, callbacks=[lr_scheduler])


def piecewise_constant_fn(epoch):
    if epoch < 5:
        return 0.01
    elif epoch < 15:
        return 0.005
    else:
        return 0.001


lr_scheduler = tf.keras.callbacks.LearningRateScheduler(piecewise_constant_fn)  # expect: NN501
model = build_model()
optimizer = tf.keras.optimizers.Nadam(learning_rate=0.01)
model.compile(loss="sparse_categorical_crossentropy", optimizer=optimizer, metrics=["accuracy"])
history = model.fit(X_train, y_train, epochs=25, callbacks=[lr_scheduler])
