# Source: probe_data2 (the data2 helper's held-out set), a13: the same loop as nn701_map_with_train_step_helper without the map.
import tensorflow as tf

(x_train, y_train), _ = tf.keras.datasets.cifar10.load_data()
train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(50000).batch(64)  # expect: NN701

model = tf.keras.applications.ResNet50(weights=None, input_shape=(32, 32, 3), classes=10)
loss_fn = tf.keras.losses.SparseCategoricalCrossentropy()
optimizer = tf.keras.optimizers.Adam(1e-3)


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=True))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


for epoch in range(10):
    for x, y in train_ds:
        loss = train_step(x, y)
    print(epoch, float(loss))
