import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


class Classifier(keras.Model):
    def __init__(self, num_classes=10, **kwargs):
        super().__init__(**kwargs)
        self.conv1 = layers.Conv2D(32, 3, padding="same", use_bias=False, kernel_initializer="he_normal")
        self.bn1 = layers.BatchNormalization()
        self.conv2 = layers.Conv2D(64, 3, padding="same", activation="relu", kernel_initializer="he_normal")
        self.pool = layers.GlobalAveragePooling2D()
        self.drop = layers.Dropout(0.2)
        self.fc = layers.Dense(num_classes, kernel_initializer="he_normal")
        self.loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        self.acc = keras.metrics.SparseCategoricalAccuracy()

    def call(self, x, training=False):
        x = tf.nn.relu(self.bn1(self.conv1(x), training=training))
        x = self.pool(self.conv2(x))
        return self.fc(self.drop(x, training=training))

    def train_step(self, data):
        x, y = data
        with tf.GradientTape() as tape:
            logits = self(x, training=True)
            loss = self.loss_fn(y, logits)
        grads = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
        self.acc.update_state(y, logits)
        return {"loss": loss, "acc": self.acc.result()}


def make_dataset(x, y, batch=64):
    ds = tf.data.Dataset.from_tensor_slices((x, y))
    ds = ds.shuffle(10000).map(lambda a, b: (tf.cast(a, tf.float32) / 255.0, b), num_parallel_calls=tf.data.AUTOTUNE)
    return ds.batch(batch).prefetch(tf.data.AUTOTUNE)


def run(x, y):
    model = Classifier()
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3))
    model.fit(make_dataset(x, y), epochs=10,
              callbacks=[keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.2)])
    model.save("clf.keras")
