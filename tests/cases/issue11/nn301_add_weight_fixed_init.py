# FN class N4 (NN301 missed on custom-layer kernels made with add_weight and a fixed-scale initializer string).
# Keras "uniform" is RandomUniform(-0.05, 0.05) and "random_normal" RandomNormal(stddev=0.05): fixed scale, on the
# hidden layers of a ReLU network. The bias's "zeros" is out of scope.
# Distilled from ageron/handson-ml3@e3f3f9e:12_custom_models_and_training_with_tensorflow.ipynb (extracted cells,
# line 1089: add_weight(..., initializer='uniform')); issue 11 lists add_weight(initializer="random_normal").
import tensorflow as tf


class MyDense(tf.keras.layers.Layer):
    def __init__(self, units, activation=None, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.activation = tf.keras.activations.get(activation)

    def build(self, input_shape):
        self.kernel = self.add_weight(name="kernel",
                                      shape=(input_shape[1], self.units),
                                      initializer="uniform",  # expect: NN301
                                      trainable=True)
        self.biases = self.add_weight(name="bias", shape=(self.units,), initializer="zeros", trainable=True)

    def call(self, X):
        return self.activation(X @ self.kernel + self.biases)


class MyNormalDense(tf.keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer="random_normal")  # expect: NN301
        self.b = self.add_weight(shape=(self.units,), initializer="zeros")

    def call(self, inputs):
        return tf.nn.relu(tf.matmul(inputs, self.w) + self.b)


class MyModel(tf.keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.hidden1 = MyDense(30, activation="relu")
        self.hidden2 = MyNormalDense(30)
        self.output_ = tf.keras.layers.Dense(1)

    def call(self, inputs):
        return self.output_(self.hidden2(self.hidden1(inputs)))


model = MyModel()
model.compile(loss="mse", optimizer="nadam")
