import tensorflow as tf
from tensorflow.keras import layers


class GLU(layers.Layer):
    def __init__(self, units, **kw):
        super().__init__(**kw)
        self.lin = layers.Dense(units, kernel_initializer="he_normal")
        self.gate = layers.Dense(units, activation="sigmoid", kernel_initializer="he_normal")

    def call(self, x):
        return self.lin(x) * self.gate(x)


class ConvBNReLU(layers.Layer):
    def __init__(self, filters, **kw):
        super().__init__(**kw)
        self.conv = layers.Conv2D(filters, 3, padding="same", use_bias=False,
                                  kernel_initializer="he_normal")
        self.bn = layers.BatchNormalization()

    def call(self, x, training=False):
        return tf.nn.relu(self.bn(self.conv(x), training=training))


def relu(x):
    return tf.maximum(x, 0.0)


def build(num_classes, learning_rate):
    img = layers.Input((64, 64, 3))
    x = ConvBNReLU(32)(img)
    x = ConvBNReLU(64)(x)
    x = layers.GlobalAveragePooling2D()(x)
    x = GLU(64)(x)
    logits = layers.Dense(num_classes, kernel_initializer="he_normal")(x)
    probs = layers.Softmax()(logits)
    model = tf.keras.Model(img, probs)
    model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate),
                  loss=tf.keras.losses.CategoricalCrossentropy(),
                  metrics=["accuracy"])
    return model


def train(ds, val_ds):
    model = build(100, 1e-3)
    ckpt = tf.train.Checkpoint(model=model, optimizer=model.optimizer)
    manager = tf.train.CheckpointManager(ckpt, "ckpts", max_to_keep=3)
    model.fit(ds.batch(64), validation_data=val_ds.batch(1), epochs=10)
    manager.save()
