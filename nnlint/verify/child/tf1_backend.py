"""TF1 graph scripts (NN401): build the graph, stop at the first Session, list what each Saver saves.

The script's module-level code runs in graph mode inside a fresh `tf.Graph`. Creating any Session
raises `StopAtSession`, so no training runs; every `Saver` built before that point is recorded with
the variable names its save op writes.
"""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import tensorflow as tf  # noqa: E402

NAME = "tf1"
v1 = tf.compat.v1


class StopAtSession(BaseException):
    """Raised by the patched Session constructor: graph construction is over."""


def version() -> str:
    return f"tensorflow {tf.__version__} (tf.compat.v1 graph mode)"


def describe_device(device: str) -> str:
    if device == "cuda" and not tf.config.list_physical_devices("GPU"):
        raise RuntimeError("--device cuda: TensorFlow sees no GPU on this machine")
    return "cpu (graph construction only: no Session is run)"


def saved_names(saver, graph) -> list[str]:
    """The variable names a Saver's save op writes, read from the graph (its SaveV2 tensor_names)."""
    scope = saver.saver_def.save_tensor_name.split("/")[0]
    for op in graph.get_operations():
        if op.type in ("SaveV2", "SaveSlices", "Save") and op.name.startswith(scope + "/"):
            names_tensor = op.inputs[1]
            value = tf.make_ndarray(names_tensor.op.get_attr("value"))
            return sorted(name.decode() for name in value.ravel())
    return sorted(v.op.name for v in (saver._var_list or v1.global_variables()))  # pragma: no cover


def run_graph(execute, seed: int) -> dict:
    """Run `execute()` (the module import, which stops on `StopAtSession`) in graph mode; return the
    savers and the global variables."""
    v1.disable_eager_execution()
    graph = tf.Graph()
    savers = []
    original_init = v1.train.Saver.__init__
    base_session = next(cls for cls in v1.Session.__mro__ if cls.__name__ == "BaseSession")
    session_init = base_session.__init__

    def recording_init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        savers.append(self)

    def stop(self, *args, **kwargs):
        raise StopAtSession()

    v1.train.Saver.__init__ = recording_init
    base_session.__init__ = stop
    try:
        with graph.as_default():
            v1.set_random_seed(seed)
            variant = execute()
            all_variables = sorted(v.op.name for v in v1.global_variables())
            saved = [saved_names(saver, graph) for saver in savers]
    finally:
        v1.train.Saver.__init__ = original_init
        base_session.__init__ = session_init
    return {"variant": variant, "variables": all_variables, "savers": saved}
