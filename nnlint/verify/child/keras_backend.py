"""Keras (TensorFlow backend): building, probing and training `keras.Model` models for the checks."""

from __future__ import annotations

import contextlib
import math
import os

os.environ["KERAS_BACKEND"] = "tensorflow"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

NAME = "keras"
SEQUENCE_LENGTH = 16
STEPS_PER_EPOCH = 100  # a Keras schedule counts optimizer steps; the run's length per epoch is not known
#: a first layer that accepts any feature count: the input nnlint picks, with the batch size first
FREE_INPUTS = {"Dense": [1, 16], "Conv1D": [1, 64, 3], "Conv2D": [1, 32, 32, 3], "Conv3D": [1, 16, 16, 16, 3],
               "SeparableConv2D": [1, 32, 32, 3], "DepthwiseConv2D": [1, 32, 32, 3], "LSTM": [1, 16, 8],
               "GRU": [1, 16, 8], "SimpleRNN": [1, 16, 8], "Bidirectional": [1, 16, 8],
               "BatchNormalization": [1, 16], "LayerNormalization": [1, 16], "Conv2DTranspose": [1, 8, 8, 3]}


class NeedsInputShape(Exception):
    pass


def loss_target(name: str, from_logits: bool = False) -> str:
    """What a Keras loss compares the prediction with: one-hot rows, class labels, 0/1 values or reals."""
    lowered = name.lower().replace("_", "")
    if "sparsecategorical" in lowered:
        return "labels"
    if "categorical" in lowered:
        return "onehot"
    if "binary" in lowered:
        return "binary"
    return "values"


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
        self.modes: dict[int, bool] = {}
        self.dropouts: dict[int, list] = {}
        _single_thread()

    def describe_device(self) -> str:
        return "cuda (TensorFlow GPU:0)" if self.device_kind == "cuda" else "cpu"

    def version(self) -> str:
        return f"tensorflow {tf.__version__}, keras {keras.__version__}"

    def seed(self, seed: int) -> None:
        keras.utils.set_random_seed(seed)

    # -- the program -----------------------------------------------------------------------------
    def program_context(self, key: str):
        return contextlib.nullcontext()

    def statement_marker(self):
        return 0

    def opens_session(self, node) -> bool:
        return False

    # -- models ----------------------------------------------------------------------------------
    def is_model(self, obj) -> bool:
        return isinstance(obj, keras.Model)

    def is_model_class(self, obj) -> bool:
        return isinstance(obj, type) and issubclass(obj, keras.Model)

    def unwrap(self, value):
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, (list, tuple)):
            return next((v for v in value if self.is_model(v)), value)
        return value

    def kind(self, model) -> str:
        return type(model).__name__

    def parts(self, model) -> list:
        return list(model._flatten_layers(include_self=False, recursive=True))

    def layers(self, model) -> list:
        return [layer for layer in self.parts(model) if not isinstance(layer, keras.Model)]

    def prepare(self, model, spec: dict | None = None):
        """Build the model (a subclassed model has no weights before its first call)."""
        if spec is not None and not model.built:
            self.forward(model, self.sample(spec, 1, 0))
        return model

    def batchnorms(self, model) -> list[str]:
        return [type(layer).__name__ for layer in self.layers(model)
                if isinstance(layer, keras.layers.BatchNormalization)]

    def set_mode(self, model, training: bool) -> None:
        self.modes[id(model)] = training

    @contextlib.contextmanager
    def _no_dropout(self, model):
        """Train mode without noise: dropout layers' rates are 0 for the call."""
        key = id(model)
        if key not in self.dropouts:
            self.dropouts[key] = [layer for layer in self.layers(model) if isinstance(layer, keras.layers.Dropout)]
        saved = [(layer, layer.rate) for layer in self.dropouts[key]]
        for layer, _ in saved:
            layer.rate = 0.0
        try:
            yield
        finally:
            for layer, rate in saved:
                layer.rate = rate

    def call(self, model, x, training: bool):
        if training:
            with self._no_dropout(model):
                return _first_tensor(model(x, training=True))
        return _first_tensor(model(x, training=False))

    # -- inputs ----------------------------------------------------------------------------------
    def input_spec(self, model, given: list[int] | None) -> dict:
        layers = [layer for layer in self.layers(model) if not isinstance(layer, keras.layers.InputLayer)]
        first = layers[0] if layers else None
        embedding = next((layer for layer in layers[:2] if isinstance(layer, keras.layers.Embedding)), None)
        dtype = "int" if embedding is not None else "float"
        high = int(embedding.input_dim) if embedding is not None else None
        try:
            inputs = model.inputs
        except (AttributeError, ValueError):
            inputs = None
        if inputs and len(inputs) == 1:
            tensor = inputs[0]
            if "int" in str(tensor.dtype):
                dtype = "int"
            if given:
                return {"shape": list(given), "dtype": dtype, "high": high, "inferred": "given with --input-shape"}
            dims = [int(d) if d is not None else SEQUENCE_LENGTH for d in tensor.shape[1:]]
            free = [i for i, d in enumerate(tensor.shape[1:]) if d is None]
            text = f"from the model's Input{tuple(tensor.shape[1:])}"
            if free:
                text += f", free axes set to {SEQUENCE_LENGTH}"
            if dtype == "int":
                text += f"; token ids in [0, {high or 2})"
            return {"shape": [1, *dims], "dtype": dtype, "high": high, "inferred": text}
        if given:
            return {"shape": list(given), "dtype": dtype, "high": high, "inferred": "given with --input-shape"}
        if embedding is not None:
            return {"shape": [1, SEQUENCE_LENGTH], "dtype": "int", "high": high,
                    "inferred": f"token ids in [0, {high}) of length {SEQUENCE_LENGTH}, from the first layer "
                                f"Embedding({high}, {embedding.output_dim})"}
        if first is not None:
            shape = FREE_INPUTS.get(type(first).__name__)
            if shape is not None:
                spec = {"shape": list(shape), "dtype": "float",
                        "inferred": f"{tuple(shape[1:])} chosen: the first layer {type(first).__name__} accepts "
                                    f"any size (give --input-shape for the real one)"}
                if self._accepts(model, spec):
                    return spec
        raise NeedsInputShape(f"cannot infer the input of {type(model).__name__} (no Input, and its first layer is "
                              f"{type(first).__name__ if first else 'unknown'}); pass --input-shape with the batch "
                              f"size first, e.g. --input-shape 1,32,32,3")

    def _accepts(self, model, spec: dict) -> bool:
        try:
            self.call(model, self.sample(spec, 1, 0), False)
            return True
        except Exception:
            return False

    def sample(self, spec: dict, batch: int, seed: int, kind: str = "normal"):
        shape = [batch, *spec["shape"][1:]]
        rng = np.random.default_rng(seed)
        if spec["dtype"] == "int":
            return tf.constant(rng.integers(0, max(1, spec.get("high") or 2), shape).astype("int32"))
        if kind == "zeros":
            return tf.zeros(shape)
        if kind == "raw":
            return tf.constant(rng.integers(0, 256, shape).astype("float32"))
        return tf.constant(rng.standard_normal(shape).astype("float32"))

    def scale(self, x, factor: float):
        return x * factor

    def concat(self, tensors):
        return tf.concat(tensors, axis=0)

    # -- tensors ---------------------------------------------------------------------------------
    def forward(self, model, x, training: bool = False):
        return self.call(model, x, training)

    def numpy(self, tensor):
        return np.asarray(tensor, dtype="float32")

    def constant(self, array, like=None):
        return tf.constant(array)

    def class_axis(self) -> int:
        return -1

    # -- losses and optimizers ---------------------------------------------------------------------
    def compiled_loss(self, model):
        """The loss `model.compile()` was given, as (fn(prediction, target), target kind, name)."""
        loss = getattr(model, "loss", None)
        if loss is None or isinstance(loss, (list, dict)):
            return None
        if isinstance(loss, str):
            try:
                loss = keras.losses.get(loss)
            except ValueError:
                return None
        name = type(loss).__name__ if isinstance(loss, keras.losses.Loss) else getattr(loss, "__name__", str(loss))
        return (lambda p, t, f=loss: f(t, p)), loss_target(name), f"the model's compiled loss {name}"

    def loss(self, entry: dict | None, namespace: dict):
        if entry is None:
            return None
        if entry.get("string"):
            try:
                fn = keras.losses.get(entry["string"])
            except ValueError:
                return None
            return (lambda p, t, f=fn: f(t, p)), loss_target(entry["string"]), f"loss={entry['string']!r}"
        qual = entry.get("qual") or ""
        if not qual.startswith("keras."):
            return None
        leaf = qual.rsplit(".", 1)[1]
        obj = namespace.get(entry["bound"]) if entry.get("bound") else None
        if obj is None:
            found = getattr(keras.losses, leaf, None)
            if found is None:
                return None
            if entry.get("applies"):
                kwargs = {k: v for k, v in entry["kwargs"].items() if k not in ("y_true", "y_pred")}
                return (lambda p, t, f=found, k=kwargs: f(t, p, **k)), loss_target(leaf), f"{leaf}(**{kwargs})"
            try:
                obj = found(**entry["kwargs"])
            except Exception:
                obj = found()
        return (lambda p, t, f=obj: f(t, p)), loss_target(leaf), f"the file's {type(obj).__name__}"

    def on_log(self, fn):
        return lambda p, t: fn(tf.math.log(tf.maximum(p, 1e-12)), t)

    def default_loss(self, target: str):
        if target == "labels":
            fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        elif target == "binary":
            fn = keras.losses.BinaryCrossentropy(from_logits=True)
        elif target == "log-probs":
            return lambda p, t: keras.losses.sparse_categorical_crossentropy(t, tf.exp(p))
        elif target == "probs-binary":
            fn = keras.losses.BinaryCrossentropy()
        elif target == "onehot":
            fn = keras.losses.CategoricalCrossentropy(from_logits=True)
        else:
            fn = keras.losses.MeanSquaredError()
        return lambda p, t, f=fn: f(t, p)

    def targets(self, output, target: str, seed: int):
        rng = np.random.default_rng(seed)
        shape = [int(d) for d in output.shape]
        if target in ("labels", "onehot"):
            classes = shape[-1] if len(shape) > 1 else 2
            labels = rng.integers(0, classes, shape[:-1])
            if target == "labels":
                return tf.constant(labels.astype("int32"))
            return tf.constant(np.eye(classes, dtype="float32")[labels])
        if target == "binary":
            return tf.constant(rng.integers(0, 2, shape).astype("float32"))
        return tf.constant(rng.standard_normal(shape).astype("float32"))

    def full(self, output, value: float):
        return tf.fill([int(d) for d in output.shape], float(value))

    def optimizer_factory(self, entry: dict | None, namespace: dict, lr: float | None = None, model=None):
        """A function () -> optimizer: the model's compiled optimizer, the file's, or Adam at 1e-3."""
        config, cls, name = None, keras.optimizers.Adam, None
        compiled = getattr(model, "optimizer", None) if model is not None else None
        obj = namespace.get(entry["bound"]) if entry and entry.get("bound") else None
        source = compiled if isinstance(compiled, keras.optimizers.Optimizer) else obj
        if isinstance(source, keras.optimizers.Optimizer):
            cls, config = type(source), source.get_config()
        elif entry is not None:
            qual = entry.get("qual") or ""
            if qual.startswith("keras:"):
                cls = type(keras.optimizers.get(qual.split(":", 1)[1]))
                config = None
            elif qual.startswith("keras.optimizers."):
                found = getattr(keras.optimizers, qual.rsplit(".", 1)[1], None)
                if isinstance(found, type):
                    cls = found
                    config = {k: v for k, v in entry["kwargs"].items() if k != "lr"}
                    if entry.get("lr") is not None:
                        config["learning_rate"] = entry["lr"]
        if config is None:
            config = {"learning_rate": 1e-3} if cls is keras.optimizers.Adam else {}
        if lr is not None:
            config = dict(config, learning_rate=lr)
        config = {k: v for k, v in config.items() if k != "name"}
        rate = config.get("learning_rate")
        if isinstance(rate, (int, float)):
            name = f"{cls.__name__}(learning_rate={rate:g})"
        elif isinstance(rate, dict):  # a schedule's config
            name = f"{cls.__name__}(learning_rate={rate.get('class_name', 'schedule')})"
        else:
            name = f"{cls.__name__}()"

        def make(params=None, c=cls, settings=config):
            try:
                return c.from_config(dict(settings)) if "learning_rate" in settings and not isinstance(
                    settings["learning_rate"], (int, float)) else c(**settings)
            except Exception:
                return c(learning_rate=settings.get("learning_rate", 1e-3)) if isinstance(
                    settings.get("learning_rate"), (int, float)) else c()
        return make, name

    def learning_rate(self, make) -> float:
        rate = make().learning_rate
        return float(rate(0) if callable(rate) else rate)

    def schedule_lrs(self, entry: dict, namespace: dict, base: float, units: int, steps: int):
        """The learning rate at each of `steps` fit steps, the file's schedule spread across the fit:
        a `LearningRateSchedule` over `units` epochs of STEPS_PER_EPOCH optimizer steps, a
        `LearningRateScheduler` callback stepped once per epoch."""
        obj = namespace.get(entry["bound"]) if entry.get("bound") else None
        leaf = entry["qual"].rsplit(".", 1)[1]
        how = f"the file's {leaf}"
        if obj is None:
            cls = getattr(keras.optimizers.schedules, leaf, None) or getattr(keras.callbacks, leaf, None)
            try:
                obj = cls(*entry["args"], **entry["kwargs"])
            except Exception as exc:
                return None, f"{leaf}({exc})"
            shown = ", ".join([repr(a) for a in entry["args"]] + [f"{k}={v!r}" for k, v in entry["kwargs"].items()])
            how = f"{leaf}({shown})"
        if isinstance(obj, keras.optimizers.schedules.LearningRateSchedule):
            total = units * STEPS_PER_EPOCH
            values = [float(obj(step * total // steps)) for step in range(steps)]
            return values, how + f" over {units} epochs of {STEPS_PER_EPOCH} steps"
        if isinstance(obj, keras.callbacks.LearningRateScheduler):
            rate, per_unit = base, []
            for epoch in range(units):
                try:
                    rate = float(obj.schedule(epoch, rate))
                except TypeError:
                    rate = float(obj.schedule(epoch))
                per_unit.append(rate)
            return [per_unit[min(units - 1, step * units // steps)] for step in range(steps)], \
                how + f" stepped once per epoch for {units} epochs"
        return None, f"{leaf} is not a learning-rate schedule nnlint can step"

    # -- training ------------------------------------------------------------------------------------
    def trainer(self, model, loss_fn, make_optimizer, training: bool = True):
        return Trainer(self, model, loss_fn, make_optimizer, training)

    def snapshot(self, model):
        return model.get_weights()

    def restore(self, model, state) -> None:
        model.set_weights(state)

    def _observe(self, model, x, layers, observe, training: bool = False) -> None:
        """Run `model` on `x` once, calling `observe(layer, output)` after each of `layers` (their `call` is
        wrapped for that one pass)."""
        for layer in layers:
            def watched(*args, _call=layer.call, _layer=layer, **kwargs):
                out = _call(*args, **kwargs)
                observe(_layer, tf.cast(_first_tensor(out), tf.float32))
                return out

            layer.call = watched
        try:
            self.call(model, x, training)
        finally:
            for layer in layers:
                del layer.call

    def _kernel_layers(self, model) -> list:
        return [layer for layer in self.layers(model)
                if getattr(layer, "kernel", None) is not None and not isinstance(layer, keras.layers.Embedding)]

    def layer_stds(self, model, x, training: bool) -> list[tuple[str, float]]:
        """Standard deviation of every kernel layer's output, in call order."""
        records: list[tuple[str, float]] = []
        state = self.snapshot(model)  # train-mode calls update batch-norm moving statistics
        try:
            self._observe(model, x, self._kernel_layers(model),
                          lambda layer, out: records.append((layer.name, float(tf.math.reduce_std(out)))), training)
        finally:
            self.restore(model, state)
        return records

    def forward_macs(self, model, x) -> float:
        """Multiply-accumulates of one forward pass on `x` (kernel layers only): a machine-independent cost."""
        total = [0.0]
        layers = [layer for layer in self.layers(model) if not isinstance(layer, keras.layers.Embedding)
                  and any(len(w.shape) >= 2 for w in layer.weights)]

        def count(layer, out):
            size = sum(float(np.prod(w.shape)) for w in layer.weights if len(w.shape) >= 2)
            total[0] += size * float(np.prod(out.shape)) / max(1, int(out.shape[-1]))

        self._observe(model, x, layers, count)
        return total[0]

    def inactive_units(self, model, x) -> dict[str, float]:
        """Per hidden kernel layer: the fraction of units whose output is ≤ 0 on every input of `x`."""
        records: dict[str, float] = {}

        def record(layer, out):
            flat = tf.reshape(out, [-1, out.shape[-1]])
            records[layer.name] = float(tf.reduce_mean(tf.cast(tf.reduce_max(flat, axis=0) <= 0, tf.float32)))

        self._observe(model, x, self._kernel_layers(model)[:-1], record)
        return records


class Trainer:
    """Steps of an optimizer on one model, compiled once with `tf.function`."""

    def __init__(self, backend: Backend, model, loss_fn, make_optimizer, training: bool):
        self.backend = backend
        self.model = model
        self.loss_fn = loss_fn
        self.make_optimizer = make_optimizer
        self.training = training
        self.variables = model.trainable_variables
        self.reset_optimizer()

    def loss(self, x, target):
        return tf.reduce_mean(tf.cast(self.loss_fn(self.backend.call(self.model, x, self.training), target), tf.float32))

    def reset_optimizer(self, state=None) -> None:
        self.optimizer = self.make_optimizer()
        self.optimizer.build(self.variables)
        if state is not None:
            for variable, value in zip(self.optimizer.variables, state):
                variable.assign(value)
        optimizer, variables = self.optimizer, self.variables

        @tf.function(reduce_retracing=True, autograph=False)  # no autograph: plain code, traced in a fraction
        def step(x, target):
            with tf.GradientTape() as tape:
                loss = self.loss(x, target)
            grads = tape.gradient(loss, variables)
            optimizer.apply_gradients([(g, v) for g, v in zip(grads, variables) if g is not None])
            return loss

        self._step = step

    def step(self, x, target) -> float:
        if self.training:
            with self.backend._no_dropout(self.model):
                return float(self._step(x, target))
        return float(self._step(x, target))

    def gradient_norms(self, x, target) -> dict[str, float]:
        with tf.GradientTape() as tape:
            loss = self.loss(x, target)
        grads = tape.gradient(loss, self.variables)
        sums: dict[str, float] = {}
        for variable, grad in zip(self.variables, grads):
            if grad is None:
                continue
            layer = variable.path.rsplit("/", 1)[0] if "/" in variable.path else variable.name
            sums[layer] = sums.get(layer, 0.0) + float(tf.reduce_sum(tf.square(grad)))
        return {layer: math.sqrt(total) for layer, total in sums.items()}

    def set_lr(self, lr: float) -> None:
        self.optimizer.learning_rate.assign(lr)

    def optimizer_state(self):
        return [np.array(v) for v in self.optimizer.variables]


def _single_thread() -> None:
    """One thread, as for torch: small models, and no thread pool spinning on a busy CPU."""
    try:
        tf.config.threading.set_intra_op_parallelism_threads(1)
        tf.config.threading.set_inter_op_parallelism_threads(1)
    except RuntimeError:  # TensorFlow was initialised already (the user's file ran first): keep its setting
        pass


def _first_tensor(value):
    if isinstance(value, dict):
        value = list(value.values())
    while isinstance(value, (list, tuple)):
        value = value[0]
    return value
