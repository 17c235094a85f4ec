# FP class I4 (issue 11: data flow crossing from one model into another). The generator's sigmoid image is the
# discriminator's input inside `gan = Sequential([generator, discriminator])`; it is the generator's output layer,
# not a hidden sigmoid between layers of one network. nnlint reports NN111 on it today. Default rule set: silent.
# Distilled from ageron/handson-ml3@e3f3f9e:17_autoencoders_gans_and_diffusion_models.ipynb (extracted cells,
# lines 478-496; there the finding is hidden by a later `generator, discriminator = gan.layers`).
import tensorflow as tf
from tensorflow.keras.layers import Dense

codings_size = 30
generator = tf.keras.Sequential([
    Dense(100, activation="relu", kernel_initializer="he_normal"),
    Dense(150, activation="relu", kernel_initializer="he_normal"),
    Dense(28 * 28, activation="sigmoid"),
    tf.keras.layers.Reshape([28, 28]),
])
discriminator = tf.keras.Sequential([
    tf.keras.layers.Flatten(),
    Dense(150, activation="relu", kernel_initializer="he_normal"),
    Dense(100, activation="relu", kernel_initializer="he_normal"),
    Dense(1, activation="sigmoid"),
])
gan = tf.keras.Sequential([generator, discriminator])
discriminator.compile(loss="binary_crossentropy", optimizer="rmsprop")
discriminator.trainable = False
gan.compile(loss="binary_crossentropy", optimizer="rmsprop")
