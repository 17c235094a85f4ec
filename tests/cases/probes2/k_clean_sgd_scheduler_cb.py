import math
import tensorflow as tf
from tensorflow.keras import layers


def step_decay(epoch, lr):
    return lr * math.pow(0.5, epoch // 10)


def build():
    model = tf.keras.Sequential([
        layers.Input((32, 32, 3)),
        layers.Conv2D(64, 3, use_bias=False, kernel_initializer="he_normal"),
        layers.MaxPooling2D(),
        layers.BatchNormalization(),
        layers.ReLU(),
        layers.Flatten(),
        layers.Dense(10, activation="softmax", kernel_initializer="he_normal"),
    ])
    model.compile(optimizer=tf.keras.optimizers.SGD(0.1, momentum=0.9),
                  loss=tf.keras.losses.CategoricalCrossentropy(from_logits=False, label_smoothing=0.1))
    return model


model = build()
model.fit(tf.zeros((8, 32, 32, 3)), tf.zeros((8, 10)), batch_size=8,
          callbacks=[tf.keras.callbacks.LearningRateScheduler(step_decay)])
model.evaluate(tf.zeros((8, 32, 32, 3)), tf.zeros((8, 10)), batch_size=1)
model.save_weights("sgd.weights.h5")
ckpt = tf.train.Checkpoint(step=tf.Variable(0), net=model)
