import tensorflow as tf
from tensorflow.keras import layers


class Regressor(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.h1 = layers.Dense(128, activation="relu", kernel_initializer="he_normal")
        self.h2 = layers.Dense(128, activation="relu", kernel_initializer="he_normal")
        self.out = layers.Dense(1, activation="softplus", kernel_initializer="he_normal")

    def call(self, x):
        return self.out(self.h2(self.h1(x)))


class PolicyNet(tf.keras.Model):
    def __init__(self, n_actions):
        super().__init__()
        self.body = layers.Dense(64, activation="relu",
                                 kernel_initializer=tf.keras.initializers.RandomNormal(stddev=0.01))  # expect: NN301
        self.logits = layers.Dense(n_actions, kernel_initializer="he_normal")

    def call(self, obs):
        return tf.nn.softmax(self.logits(self.body(obs)))  # expect: NN102


policy = PolicyNet(4)
policy.compile(optimizer="adam",
               loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))

reg = Regressor()
reg.compile(optimizer=tf.keras.optimizers.Adam(1e-3), loss="mse")
ckpt = tf.train.Checkpoint(model=reg)  # contract v4: never saved nor restored here, not a checkpoint to resume from
