import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

keras.mixed_precision.set_global_policy("mixed_float16")


def se_gate(x, filters):
    s = layers.GlobalAveragePooling2D()(x)
    s = layers.Dense(filters // 8, activation="relu", kernel_initializer="he_normal")(s)
    s = layers.Dense(filters, activation="sigmoid", kernel_initializer="he_normal")(s)
    s = layers.Reshape((1, 1, filters))(s)
    return layers.Multiply()([x, s])


def build(num_classes=100):
    inputs = keras.Input((96, 96, 3))
    x = layers.Rescaling(1.0 / 255)(inputs)
    x = layers.Conv2D(64, 3, padding="same", use_bias=False, kernel_initializer="he_normal")(x)
    x = layers.Activation("relu")(x)
    x = layers.MaxPooling2D()(x)
    x = layers.BatchNormalization()(x)
    x = se_gate(x, 64)
    x = layers.SeparableConv2D(128, 3, padding="same", depthwise_initializer="he_normal",
                               pointwise_initializer="he_normal", activation="relu")(x)
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dense(num_classes, kernel_initializer="he_normal")(x)
    outputs = layers.Activation("softmax", dtype="float32")(x)
    return keras.Model(inputs, outputs)


model = build()
model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
              loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
model.fit(tf.data.Dataset.range(10).batch(64), epochs=5,
          callbacks=[keras.callbacks.ReduceLROnPlateau(), keras.callbacks.BackupAndRestore("/tmp/backup")])
model.predict(tf.zeros((1, 96, 96, 3)), batch_size=1)
model.save_weights("final.weights.h5")
model.save("final.keras")
