import tensorflow as tf
from tensorflow.keras import layers


def conv_bn(x, filters):
    x = layers.Conv2D(filters, 3, padding="same", use_bias=False,
                      kernel_initializer="he_normal")(x)
    x = layers.BatchNormalization()(x)
    return layers.Activation("relu")(x)


def build_model(num_classes, cfg):
    inputs = tf.keras.Input(shape=(32, 32, 3))
    x = conv_bn(inputs, 32)
    x = conv_bn(x, 64)
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dropout(0.3)(x)
    outputs = layers.Dense(num_classes, activation="softmax",
                           kernel_initializer="he_uniform")(x)
    model = tf.keras.Model(inputs, outputs)
    model.compile(
        optimizer=tf.keras.optimizers.Adam(learning_rate=cfg.lr),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


def train(cfg, x_train, y_train, x_val, y_val):
    model = build_model(10, cfg)
    callbacks = [
        tf.keras.callbacks.ReduceLROnPlateau(factor=0.5, patience=2),
        tf.keras.callbacks.ModelCheckpoint("best.keras", save_best_only=True),
    ]
    model.fit(x_train, y_train, batch_size=64, epochs=20,
              validation_data=(x_val, y_val), callbacks=callbacks)
    model.evaluate(x_val, y_val, batch_size=1)
    model.save("final.keras")
