"""A Keras Layer subclass that only applies an activation is an activation layer, not a model."""
from keras import activations
from keras import layers


class ReLU(layers.Layer):
    def __init__(self, max_value=None, **kwargs):
        super().__init__(**kwargs)
        self.max_value = max_value

    def call(self, inputs):
        return activations.relu(inputs, max_value=self.max_value)
