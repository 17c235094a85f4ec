# FN class N3 (NN402 missed on Keras ModelCheckpoint(save_weights_only=True)): the subclassed model is compiled with
# Adam, its weights are saved and loaded back (load_weights, a resume), then it trains again with a weights-only
# checkpoint every epoch: a run resumed from these files restarts Adam's moments from zero. Both model-only saves
# are NN402 under v4 ("any model-only save in a script that resumes training from its own checkpoints").
# Distilled from ageron/handson-ml3@e3f3f9e:10_neural_nets_with_keras.ipynb (extracted cells, lines 463-531).
import numpy as np
import tensorflow as tf


class WideAndDeepModel(tf.keras.Model):
    def __init__(self, units=30, activation="relu", **kwargs):
        super().__init__(**kwargs)
        self.norm_layer_wide = tf.keras.layers.Normalization()
        self.norm_layer_deep = tf.keras.layers.Normalization()
        self.hidden1 = tf.keras.layers.Dense(units, activation=activation)
        self.hidden2 = tf.keras.layers.Dense(units, activation=activation)
        self.main_output = tf.keras.layers.Dense(1)

    def call(self, inputs):
        input_wide, input_deep = inputs
        norm_wide = self.norm_layer_wide(input_wide)
        norm_deep = self.norm_layer_deep(input_deep)
        hidden2 = self.hidden2(self.hidden1(norm_deep))
        return self.main_output(tf.keras.layers.concatenate([norm_wide, hidden2]))


X_train_wide, X_train_deep = np.random.rand(100, 5), np.random.rand(100, 6)
y_train = np.random.rand(100, 1)
model = WideAndDeepModel(30, activation="relu", name="my_cool_model")
optimizer = tf.keras.optimizers.Adam(learning_rate=1e-3)
model.compile(loss="mse", optimizer=optimizer, metrics=["RootMeanSquaredError"])
model.norm_layer_wide.adapt(X_train_wide)
model.norm_layer_deep.adapt(X_train_deep)
history = model.fit((X_train_wide, X_train_deep), y_train, epochs=10)

model.save_weights("my_weights.weights.h5")  # expect: NN402
model.load_weights("my_weights.weights.h5")

checkpoint_cb = tf.keras.callbacks.ModelCheckpoint("my_checkpoints.weights.h5",  # expect: NN402
                                                   save_weights_only=True)
history = model.fit((X_train_wide, X_train_deep), y_train, epochs=10, callbacks=[checkpoint_cb])
