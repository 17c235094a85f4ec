# FP class I22 (issue 11, from labelled bug benchmarks): Xavier/Glorot on a linear output layer, initialised
# separately, is silent by the contract ("silent on a separately initialised linear output layer"), in TF1
# (`tf.layers.dense(..., activation=None)`) and Keras (`Dense(..., activation='linear')`). The hidden layers use
# He init.
# Source: the pattern as issue 11 describes it; its real-code sources are in the held-out set, not in this corpus.
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 13])
y = tf.placeholder(tf.float32, [None, 1])
h = tf.layers.dense(x, 64, activation=tf.nn.relu, kernel_initializer=tf.variance_scaling_initializer())
h = tf.layers.dense(h, 64, activation=tf.nn.relu, kernel_initializer=tf.variance_scaling_initializer())
pred = tf.layers.dense(h, 1, activation=None, kernel_initializer=tf.contrib.layers.xavier_initializer())
loss = tf.losses.mean_squared_error(y, pred)
train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)

model = tf.keras.Sequential([
    tf.keras.layers.Dense(64, activation="relu", kernel_initializer="he_normal", input_shape=(13,)),
    tf.keras.layers.Dense(64, activation="relu", kernel_initializer="he_normal"),
    tf.keras.layers.Dense(1, activation="linear", kernel_initializer="glorot_normal"),
])
model.compile(optimizer="adam", loss="mse")
