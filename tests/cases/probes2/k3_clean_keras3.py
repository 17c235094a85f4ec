import keras
from keras import layers, ops


@keras.saving.register_keras_serializable()
class ConvBlock(layers.Layer):
    def __init__(self, filters, **kwargs):
        super().__init__(**kwargs)
        self.conv = layers.Conv2D(filters, 3, padding="same", use_bias=False, kernel_initializer="he_normal")
        self.norm = layers.GroupNormalization(groups=8)

    def call(self, x):
        return ops.silu(self.norm(self.conv(x)))


def build(num_classes=10):
    inputs = keras.Input((64, 64, 3))
    x = ConvBlock(32)(inputs)
    x = layers.MaxPooling2D()(x)
    x = ConvBlock(64)(x)
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dense(128, activation="relu", kernel_initializer=keras.initializers.HeNormal())(x)
    outputs = layers.Dense(num_classes, activation="softmax", kernel_initializer="he_normal")(x)
    return keras.Model(inputs, outputs, name="small_cnn")


model = build()
model.compile(
    optimizer=keras.optimizers.AdamW(learning_rate=1e-3, weight_decay=1e-4),
    loss=keras.losses.SparseCategoricalCrossentropy(),
    metrics=["sparse_categorical_accuracy"],
)
callbacks = [keras.callbacks.ModelCheckpoint("ckpt.keras", save_best_only=True),
             keras.callbacks.EarlyStopping(patience=5)]
