# FN class I10 (issue 11): a softmax head trained through a custom keras.losses.Loss subclass whose call() builds
# its cross-entropy with from_logits=True: the softmax is applied twice (NN102 on the activation).
# Source: the pattern as issue 11 describes it; its real-code source is in the held-out set, not in this corpus.
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


class LabelSmoothingLoss(keras.losses.Loss):
    def __init__(self, smoothing=0.1, name="label_smoothing"):
        super().__init__(name=name)
        self.smoothing = smoothing

    def call(self, y_true, y_pred):
        num_classes = tf.shape(y_pred)[-1]
        y_true = tf.one_hot(tf.cast(tf.reshape(y_true, [-1]), tf.int32), num_classes)
        return keras.losses.categorical_crossentropy(y_true, y_pred, from_logits=True,
                                                     label_smoothing=self.smoothing)


inputs = keras.Input(shape=(32, 32, 3))
x = layers.Conv2D(32, 3, activation="relu")(inputs)
x = layers.GlobalAveragePooling2D()(x)
outputs = layers.Dense(10, activation="softmax")(x)  # expect: NN102
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss=LabelSmoothingLoss(0.1), metrics=["accuracy"])
