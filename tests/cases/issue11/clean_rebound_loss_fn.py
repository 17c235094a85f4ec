# FP class F6a (notebook-style rebinding: a name rebound later in the file is resolved to the later binding).
# `loss_fn` is MeanSquaredError for the regression model trained right below; 40 lines later the notebook rebinds
# loss_fn to sparse_categorical_crossentropy for a softmax classifier. nnlint reported NN104 on the regression loop.
# Distilled from ageron/handson-ml3@e3f3f9e:12_custom_models_and_training_with_tensorflow.ipynb (extracted cells,
# lines 822-885 and 1185-1195). Default rule set: silent.
import numpy as np
import tensorflow as tf

X_train_scaled = np.random.rand(1000, 8).astype("float32")
y_train = np.random.rand(1000, 1).astype("float32")

model = tf.keras.models.Sequential([
    tf.keras.layers.Dense(30, activation="relu", kernel_initializer="he_normal"),
    tf.keras.layers.Dense(1),
])


def random_batch(X, y, batch_size=32):
    idx = np.random.randint(len(X), size=batch_size)
    return X[idx], y[idx]


optimizer = tf.keras.optimizers.SGD(learning_rate=0.01)
loss_fn = tf.keras.losses.MeanSquaredError()
for epoch in range(1, 6):
    for step in range(1, len(X_train_scaled) // 32 + 1):
        X_batch, y_batch = random_batch(X_train_scaled, y_train)
        with tf.GradientTape() as tape:
            y_pred = model(X_batch, training=True)
            main_loss = tf.reduce_mean(loss_fn(y_batch, y_pred))
            loss = tf.add_n([main_loss] + model.losses)
        gradients = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(gradients, model.trainable_variables))

# ... a later section of the same notebook: a classifier with its own loss function.
X_images = np.random.rand(256, 28, 28).astype("float32")
y_labels = np.random.randint(0, 10, size=256)
model = tf.keras.Sequential([
    tf.keras.layers.Flatten(input_shape=[28, 28]),
    tf.keras.layers.Dense(100, activation="relu", kernel_initializer="he_normal"),
    tf.keras.layers.Dense(10, activation="softmax"),
])
optimizer = tf.keras.optimizers.Nadam(learning_rate=0.01)
loss_fn = tf.keras.losses.sparse_categorical_crossentropy
for epoch in range(5):
    with tf.GradientTape() as tape:
        y_pred = model(X_images)
        loss = tf.reduce_mean(loss_fn(y_labels, y_pred))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
