# FN class I21 (issue 11): a sigmoid output trained with a categorical cross-entropy that is passed as a function
# argument to a custom GradientTape training loop (NN106 at the activation). The same loss used inline in the tape
# is already caught; passed through train()'s loss_fn parameter it is not.
# Source: the pattern as issue 11 describes it; its real-code source is in the held-out set, not in this corpus.
import tensorflow as tf


def build_model(num_classes=3):
    inputs = tf.keras.Input((10,))
    h = tf.keras.layers.Dense(32, activation="relu")(inputs)
    outputs = tf.keras.layers.Dense(num_classes, activation="sigmoid")(h)  # expect: NN106
    return tf.keras.Model(inputs, outputs)


def train(model, dataset, loss_fn, optimizer, epochs=5):
    for _ in range(epochs):
        for xb, yb in dataset:
            with tf.GradientTape() as tape:
                loss = loss_fn(yb, model(xb, training=True))
            grads = tape.gradient(loss, model.trainable_variables)
            optimizer.apply_gradients(zip(grads, model.trainable_variables))


model = build_model()
train(model, [], tf.keras.losses.CategoricalCrossentropy(), tf.keras.optimizers.Adam())
