"""TF1 graph scripts: build each version of the graph, stop at the first Session, and look inside.

Each version of the file runs in graph mode inside its own `tf.Graph`. Creating a Session raises
`StopAtSession`, so none of the script's training runs; every `Saver` built before that point is
recorded with the variable names its save op writes (NN401), and every `minimize()` with its loss and
train op (the overfit test, which then trains the graph in a Session of nnlint's own).
"""

from __future__ import annotations

import contextlib
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

NAME = "tf1"
v1 = tf.compat.v1
#: ops through which a placeholder reaches the model's weights: such a placeholder is an input
WEIGHT_OPS = frozenset({"MatMul", "Conv2D", "Conv1D", "Conv3D", "DepthwiseConv2dNative", "GatherV2", "ResourceGather",
                        "BatchMatMulV2", "BatchMatMul", "Conv2DBackpropInput"})
KERAS3_LAYERS = "is not available with Keras 3"
TF1_LAYERS_HINT = ("tf.compat.v1.layers needs a Keras 2 compatible Keras under TensorFlow 2.16 and later: "
                   "pip install tf_keras (the version matching your TensorFlow); nnlint verify then uses it")


class StopAtSession(BaseException):
    """Raised by the patched Session constructor: graph construction is over."""


def version() -> str:
    legacy = " with tf_keras" if os.environ.get("TF_USE_LEGACY_KERAS") == "1" else ""
    return f"tensorflow {tf.__version__} (tf.compat.v1 graph mode{legacy})"


class Backend:
    name = NAME

    def __init__(self, device: str):
        if device == "cuda" and not tf.config.list_physical_devices("GPU"):
            raise RuntimeError("--device cuda: TensorFlow sees no GPU on this machine")
        self.device = "cuda" if device != "cpu" and tf.config.list_physical_devices("GPU") else "cpu"
        v1.disable_eager_execution()
        self.graphs: dict[str, tf.Graph] = {}
        self.savers: dict[str, list] = {}
        self.minimized: dict[str, list] = {}
        self.current: str | None = None
        self.executing = False
        self._patch()

    def describe_device(self) -> str:
        return f"{self.device} (the graph is built; nnlint's own Session trains it for the overfit test)"

    def version(self) -> str:
        return version()

    def seed(self, seed: int) -> None:
        if self.current is not None:
            self.graphs[self.current].seed = seed

    # -- the program ---------------------------------------------------------------------------
    @contextlib.contextmanager
    def program_context(self, key: str):
        graph = self.graphs.setdefault(key, tf.Graph())
        self.savers.setdefault(key, [])
        self.minimized.setdefault(key, [])
        previous, self.current, self.executing = self.current, key, True
        try:
            with graph.as_default():
                yield
        finally:
            self.current, self.executing = previous, False

    def statement_marker(self):
        return len(self.graphs[self.current].get_operations()) if self.current in self.graphs else 0

    def opens_session(self, node) -> bool:
        return False

    def _patch(self) -> None:
        backend = self
        saver_init = v1.train.Saver.__init__
        minimize = v1.train.Optimizer.minimize
        base = next(cls for cls in v1.Session.__mro__ if cls.__name__ == "BaseSession")
        session_init = base.__init__

        def recording_saver(self, *args, **kwargs):
            saver_init(self, *args, **kwargs)
            if backend.executing:
                backend.savers[backend.current].append(self)

        def recording_minimize(self, loss, *args, **kwargs):
            op = minimize(self, loss, *args, **kwargs)
            if backend.executing:
                backend.minimized[backend.current].append((loss, op, self))
            return op

        def stop(self, *args, **kwargs):
            if backend.executing:
                raise StopAtSession()
            session_init(self, *args, **kwargs)

        v1.train.Saver.__init__ = recording_saver
        v1.train.Optimizer.minimize = recording_minimize
        base.__init__ = stop

    # -- NN401 -------------------------------------------------------------------------------------
    def variables(self, key: str) -> list[str]:
        graph = self.graphs[key]
        return sorted(v.op.name for v in graph.get_collection(v1.GraphKeys.GLOBAL_VARIABLES))

    def saved(self, key: str) -> list[list[str]]:
        graph = self.graphs[key]
        return [saved_names(saver, graph) for saver in self.savers.get(key, [])]

    # -- the overfit test --------------------------------------------------------------------------
    def overfit(self, key: str, steps: int, seed: int) -> dict:
        """Train the script's first `minimize()` in nnlint's own Session on one sample."""
        if not self.minimized.get(key):
            return {"skipped": "no optimizer's minimize() ran before the first Session: no train op to run"}
        loss, train_op, optimizer = self.minimized[key][0]
        graph = self.graphs[key]
        rng = np.random.default_rng(seed)
        with graph.as_default():
            feeds, described = self._feeds(graph, loss, rng)
            init = [v1.global_variables_initializer(), v1.local_variables_initializer()]
            table_init = v1.tables_initializer()
            with v1.Session(graph=graph) as session:
                session.run(init + [table_init])
                curve, nan_step = [], None
                for step in range(steps):
                    _, value = session.run([train_op, loss], feed_dict=feeds)
                    value = float(np.mean(value))
                    curve.append(value)
                    if not np.isfinite(value):
                        nan_step = step
                        break
        return {"curve": curve, "nan_step": nan_step, "feeds": described,
                "optimizer": type(optimizer).__name__, "loss": getattr(loss, "name", str(loss))}

    def _feeds(self, graph, loss, rng) -> tuple[dict, dict]:
        feeds, described = {}, {}
        logits_classes = _classes(graph)
        for op in graph.get_operations():
            if op.type != "Placeholder":
                continue
            tensor = op.outputs[0]
            dims = tensor.shape.as_list() if tensor.shape.rank is not None else [None]
            shape = [1 if i == 0 and d is None else (16 if d is None else d) for i, d in enumerate(dims)]
            name = op.name.lower()
            dtype = tensor.dtype
            if dtype == tf.bool:
                value, how = True, "True"
            elif not shape:  # a scalar: keep probability, dropout rate, learning rate, training flag
                value = 0.0 if "drop" in name else 1e-3 if ("lr" in name or "learning" in name) else 1.0
                how = f"{value:g}"
            elif dtype.is_integer:
                value = rng.integers(0, logits_classes or 2, shape).astype(dtype.as_numpy_dtype)
                how = f"integer labels/ids {shape}"
            elif _is_input(op):
                value, how = rng.standard_normal(shape).astype(dtype.as_numpy_dtype), f"input {shape}"
            elif logits_classes and shape[-1] == logits_classes:
                value = np.eye(shape[-1], dtype=dtype.as_numpy_dtype)[rng.integers(0, shape[-1], shape[:-1])]
                how = f"one-hot target {shape}"
            else:
                value, how = rng.standard_normal(shape).astype(dtype.as_numpy_dtype), f"target {shape}"
            feeds[tensor] = value
            described[op.name] = how
        return feeds, described


def _is_input(placeholder_op, depth: int = 40) -> bool:
    """Does the placeholder reach the model's weights (a MatMul, a convolution, an embedding lookup)?"""
    seen, frontier = set(), [placeholder_op]
    for _ in range(depth):
        following = []
        for op in frontier:
            for output in op.outputs:
                for consumer in output.consumers():
                    if consumer.name in seen or "gradients" in consumer.name.split("/")[0]:
                        continue  # the optimizer's gradient ops touch every weight: not the forward pass
                    seen.add(consumer.name)
                    if consumer.type in WEIGHT_OPS:
                        return True
                    following.append(consumer)
        if not following:
            return False
        frontier = following
    return False


def _classes(graph) -> int | None:
    for op in graph.get_operations():
        if op.type in ("SoftmaxCrossEntropyWithLogits", "SparseSoftmaxCrossEntropyWithLogits"):
            for tensor in _before_reshape(op.inputs[0]), op.inputs[0], op.inputs[1]:
                dims = tensor.shape.as_list() if tensor.shape.rank else None
                if dims and dims[-1] and tensor.dtype.is_floating:
                    return int(dims[-1])
    return None


def _before_reshape(tensor):
    """softmax_cross_entropy_with_logits flattens its logits first: the shape is known before that."""
    while tensor.op.type in ("Reshape", "Identity") and tensor.op.inputs:
        tensor = tensor.op.inputs[0]
    return tensor


def saved_names(saver, graph) -> list[str]:
    """The variable names a Saver's save op writes, read from the graph (its SaveV2 tensor_names)."""
    scope = saver.saver_def.save_tensor_name.split("/")[0]
    for op in graph.get_operations():
        if op.type in ("SaveV2", "SaveSlices", "Save") and op.name.startswith(scope + "/"):
            names_tensor = op.inputs[1]
            value = tf.make_ndarray(names_tensor.op.get_attr("value"))
            return sorted(name.decode() for name in value.ravel())
    return sorted(v.op.name for v in (saver._var_list or graph.get_collection(v1.GraphKeys.GLOBAL_VARIABLES)))
