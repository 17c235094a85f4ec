# Source: probe_data failure repro (held-out review of issue 12; corpus k40).
# FALSE POSITIVE (NN701): a tf.data .map(fn) clears NN701 (contract), but nnlint ignores the map when the dataset feeds a train_step helper in a custom loop; no finding is expected in this file (corpus: k40).
import tensorflow as tf

(x_train, y_train), _ = tf.keras.datasets.fashion_mnist.load_data()
train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).map(lambda x, y: (tf.cast(x, tf.float32) / 255.0, y)).batch(64)
model = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(10)])
loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
opt = tf.keras.optimizers.Adam()


@tf.function
def train_step(images, labels):
    with tf.GradientTape() as tape:
        loss = loss_fn(labels, model(images, training=True))
    grads = tape.gradient(loss, model.trainable_variables)
    opt.apply_gradients(zip(grads, model.trainable_variables))


for epoch in range(5):
    for images, labels in train_ds:
        train_step(images, labels)
