import tensorflow as tf


class Dense(tf.keras.layers.Layer):
    """Our own dense layer with a fan-in scaled init."""

    def __init__(self, units):
        super().__init__()
        self.units = units

    def build(self, shape):
        self.w = self.add_weight(shape=(shape[-1], self.units),
                                 initializer=tf.keras.initializers.VarianceScaling(2.0))
        self.b = self.add_weight(shape=(self.units,), initializer="zeros")

    def call(self, x):
        return tf.matmul(x, self.w) + self.b


class ResidualBlock(tf.keras.layers.Layer):
    def __init__(self, units):
        super().__init__()
        self.d1 = Dense(units)
        self.d2 = Dense(units)
        self.norm = tf.keras.layers.LayerNormalization()

    def call(self, x):
        h = tf.nn.relu(self.d1(x))
        return tf.nn.relu(x + self.d2(h))


class Classifier(tf.keras.Model):
    def __init__(self, n_cls):
        super().__init__()
        self.block1 = ResidualBlock(128)
        self.block2 = ResidualBlock(128)
        self.out = tf.keras.layers.Dense(n_cls, kernel_initializer="he_normal")

    def call(self, x, training=False):
        return self.out(self.block2(self.block1(x)))


model = Classifier(5)
model.compile(optimizer=tf.keras.optimizers.Adam(1e-3),
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
ckpt = tf.train.Checkpoint(model=model, optimizer=model.optimizer)
