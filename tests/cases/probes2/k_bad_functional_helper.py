import tensorflow as tf
from tensorflow.keras import layers


def dense_block(x, units, act="relu"):
    return layers.Dense(units, activation=act, kernel_initializer="he_normal")(x)


def build_regressor(n_features):
    inputs = tf.keras.Input(shape=(n_features,))
    x = dense_block(inputs, 256)
    x = dense_block(x, 128)
    x = layers.Dense(1, kernel_initializer="he_normal")(x)
    outputs = layers.ReLU()(x)  # expect: NN101
    return tf.keras.Model(inputs, outputs)


def build_classifier(n_features, n_classes):
    inputs = tf.keras.Input(shape=(n_features,))
    x = dense_block(inputs, 256)
    logits = layers.Dense(n_classes, kernel_initializer="he_normal")(x)
    model = tf.keras.Model(inputs, logits)
    model.compile(optimizer=tf.keras.optimizers.Adam(3e-4),
                  loss=tf.keras.losses.SparseCategoricalCrossentropy())  # expect: NN104
    return model


reg = build_regressor(10)
reg.compile(optimizer=tf.keras.optimizers.Adamax(learning_rate=0.02), loss="huber")  # expect: NN502
clf = build_classifier(10, 4)
