"""Keras (TensorFlow backend): building, probing and fitting `keras.Model` models."""

from __future__ import annotations

import math
import os

os.environ["KERAS_BACKEND"] = "tensorflow"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

NAME = "keras"


class NeedsInputShape(Exception):
    pass


class Backend:
    name = NAME

    def __init__(self, device: str):
        gpus = tf.config.list_physical_devices("GPU")
        if device == "auto":
            device = "cuda" if gpus else "cpu"
        if device == "cuda" and not gpus:
            raise RuntimeError("--device cuda: TensorFlow sees no GPU on this machine")
        self.device_name = "/GPU:0" if device == "cuda" else "/CPU:0"
        self.device_kind = device
        self.scope = tf.device(self.device_name)
        self.scope.__enter__()

    def describe_device(self) -> str:
        return "cuda (TensorFlow GPU:0)" if self.device_kind == "cuda" else "cpu"

    def version(self) -> str:
        return f"tensorflow {tf.__version__}, keras {keras.__version__}"

    def seed(self, seed: int) -> None:
        keras.utils.set_random_seed(seed)

    def is_model(self, obj) -> bool:
        return isinstance(obj, keras.Model)

    def is_model_class(self, obj) -> bool:
        return isinstance(obj, type) and issubclass(obj, keras.Model)

    def kind(self, model) -> str:
        return type(model).__name__

    def prepare(self, model):
        return model

    # -- inputs -----------------------------------------------------------------------
    def input_shape(self, model, given: list[int] | None) -> list[int]:
        if given:
            return list(given)
        try:
            inputs = model.inputs
        except (AttributeError, ValueError):
            inputs = None
        if inputs and len(inputs) == 1 and all(d is not None for d in inputs[0].shape[1:]):
            return [1, *[int(d) for d in inputs[0].shape[1:]]]
        raise NeedsInputShape(f"cannot infer the input shape of {type(model).__name__} (a Keras model needs an "
                              f"Input or input_shape); pass --input-shape, e.g. --input-shape 1,32,32,3")

    def tensor(self, shape, kind: str, seed: int):
        if kind == "zeros":
            return tf.zeros(shape)
        return tf.constant(np.random.default_rng(seed).standard_normal(shape).astype("float32"))

    def full(self, shape, value: float):
        return tf.fill(list(shape), float(value))

    def shape_of(self, tensor) -> list[int]:
        return [int(d) for d in tensor.shape]

    def forward(self, model, x):
        return _first_tensor(model(x, training=False))

    def minimum(self, tensor) -> float:
        return float(tf.reduce_min(tensor))

    # -- measurements ---------------------------------------------------------------------
    def _weight_layers(self, model):
        return [layer for layer in model._flatten_layers(include_self=False, recursive=True)
                if getattr(layer, "kernel", None) is not None and not isinstance(layer, keras.Model)]

    def layer_stds(self, model, x) -> list[tuple[str, float]]:
        """Standard deviation of every kernel layer's output at initialisation, in call order."""
        records: list[tuple[str, float]] = []
        patched = []
        for layer in self._weight_layers(model):
            original = layer.call

            def recording(*args, _call=original, _name=layer.name, **kwargs):
                out = _call(*args, **kwargs)
                records.append((_name, float(tf.math.reduce_std(tf.cast(_first_tensor(out), tf.float32)))))
                return out

            layer.call = recording
            patched.append(layer)
        try:
            model(x, training=False)
        finally:
            for layer in patched:
                del layer.call
        return records

    def fit(self, model, x, target, steps: int, gradients: bool = False) -> dict:
        """Adam (lr 1e-3) on the mean squared error to `target`; the weights are restored afterwards."""
        saved = model.get_weights()
        optimizer = keras.optimizers.Adam(learning_rate=1e-3)
        variables = model.trainable_variables

        def loss_of():
            out = tf.cast(_first_tensor(model(x, training=False)), tf.float32)
            return tf.reduce_mean(tf.square(out - target))

        @tf.function(reduce_retracing=True)
        def step():
            with tf.GradientTape() as tape:
                loss = loss_of()
            grads = tape.gradient(loss, variables)
            optimizer.apply_gradients(zip(grads, variables))
            return loss

        curve, nan_step, norms = [], None, {}
        try:
            if gradients:
                norms = self._gradient_norms(model, loss_of)
            for index in range(steps):
                value = float(step())
                curve.append(value)
                if not math.isfinite(value):
                    nan_step = index
                    break
        finally:
            model.set_weights(saved)
        return {"curve": curve, "nan_step": nan_step, "gradient_norms": norms}

    def _gradient_norms(self, model, loss_of) -> dict[str, float]:
        with tf.GradientTape() as tape:
            loss = loss_of()
        variables = model.trainable_variables
        grads = tape.gradient(loss, variables)
        sums: dict[str, float] = {}
        for variable, grad in zip(variables, grads):
            if grad is None:
                continue
            layer = variable.path.rsplit("/", 1)[0] if "/" in variable.path else variable.name
            sums[layer] = sums.get(layer, 0.0) + float(tf.reduce_sum(tf.square(grad)))
        return {layer: math.sqrt(total) for layer, total in sums.items()}


def _first_tensor(value):
    if isinstance(value, dict):
        value = list(value.values())
    while isinstance(value, (list, tuple)):
        value = value[0]
    return value


def _parts(model):
    return list(model._flatten_layers(include_self=False, recursive=True))


Backend.parts = staticmethod(_parts)
