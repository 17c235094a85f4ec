# FP class I2 (issue 11: "a sub-model used inside a siamese model" taken for the model). The embedding network ends
# in ReLU; it is applied to both inputs of the siamese model, whose output is a sigmoid on the distance, trained with
# binary cross-entropy. The tanh conv feeding the Dense layers is a true NN111 (info); no NN101.
# Source: the pattern as issue 11 describes it (its real-code source is in the held-out set, not in this corpus).
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


def euclidean_distance(vects):
    x, y = vects
    sum_square = tf.math.reduce_sum(tf.math.square(x - y), axis=1, keepdims=True)
    return tf.math.sqrt(tf.math.maximum(sum_square, keras.backend.epsilon()))


input_img = layers.Input((28, 28, 1))
x = layers.Conv2D(16, 5, activation="tanh")(input_img)  # expect: NN111
x = layers.AveragePooling2D(pool_size=(2, 2))(x)
x = layers.Flatten()(x)
x = layers.Dense(10, activation="relu")(x)
embedding_network = keras.Model(input_img, x)

input_1 = layers.Input((28, 28, 1))
input_2 = layers.Input((28, 28, 1))
tower_1 = embedding_network(input_1)
tower_2 = embedding_network(input_2)
merge_layer = layers.Lambda(euclidean_distance)([tower_1, tower_2])
normal_layer = layers.BatchNormalization()(merge_layer)
output_layer = layers.Dense(1, activation="sigmoid")(normal_layer)
siamese = keras.Model(inputs=[input_1, input_2], outputs=output_layer)
siamese.compile(loss="binary_crossentropy", optimizer="RMSprop", metrics=["accuracy"])
