"""Importing the user's source (original and fixed) as separate modules, and finding its models."""

from __future__ import annotations

import linecache
import random
import re
import sys
import traceback
import types
from dataclasses import dataclass


class UserError(Exception):
    """The user's code raised: carries its traceback trimmed to the user's own frames."""

    def __init__(self, message: str, trace: str):
        super().__init__(message)
        self.trace = trace


class NotAModel(Exception):
    """A candidate name that does not hold a model (or cannot be built without help)."""


def seed_everything(seed: int) -> None:
    random.seed(seed)
    try:
        import numpy
        numpy.random.seed(seed)
    except ImportError:  # pragma: no cover - numpy comes with every framework
        pass


def user_traceback(exc: BaseException, files: set[str]) -> str:
    """The exception's traceback with only the frames from the user's file(s)."""
    frames = [frame for frame in traceback.extract_tb(exc.__traceback__) if frame.filename in files]
    lines = ["Traceback (user frames only):\n"] if frames else []
    lines += traceback.format_list(frames)
    lines += traceback.format_exception_only(type(exc), exc)
    return "".join(lines).rstrip()


@dataclass
class Variant:
    """One version of the user's file, imported as its own module."""

    key: str
    label: str  # the file name shown in tracebacks
    module: types.ModuleType | None = None
    error: UserError | None = None
    #: the import was ended on purpose by `stop` (TF1: the first Session)
    stopped: bool = False


def import_variant(key: str, text: str, path: str, seed: int, seeder, stop: type | None = None) -> Variant:
    """Execute `text` as a fresh module named after `key`; the `__main__` block does not run."""
    label = path if key == "original" else f"{path} [{key}]"
    variant = Variant(key, label)
    name = f"nnlint_verify_{key.lower()}"
    module = types.ModuleType(name)
    module.__file__ = path
    sys.modules[name] = module
    linecache.cache[label] = (len(text), None, text.splitlines(True), label)
    seed_everything(seed)
    seeder(seed)
    try:
        exec(compile(text, label, "exec"), module.__dict__)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # SystemExit included: user code must not end the child silently
        if stop is not None and isinstance(exc, stop):
            variant.stopped = True
        else:
            variant.error = UserError(f"importing the {key} source raised {type(exc).__name__}: {exc}",
                                      user_traceback(exc, {label}))
    variant.module = module
    return variant


def build(variant: Variant, candidate: dict, backend, seed: int, init_args) -> object:
    """The model a candidate name stands for in this variant: an instance, a class, or a factory."""
    if variant.error is not None:
        raise variant.error
    obj = variant.module.__dict__.get(candidate["name"], None)
    if obj is None:
        raise NotAModel(f"{candidate['name']} is not defined")
    if backend.is_model(obj):
        return obj
    callable_model = isinstance(obj, type) and backend.is_model_class(obj) or (
        isinstance(obj, types.FunctionType) and obj.__module__ == variant.module.__name__)
    if not callable_model or not candidate.get("call"):
        raise NotAModel(f"{candidate['name']} is not a model")
    seed_everything(seed)
    backend.seed(seed)
    try:
        if isinstance(init_args, dict):
            model = obj(**init_args)
        elif isinstance(init_args, list):
            model = obj(*init_args)
        else:
            model = obj()
    except TypeError as exc:
        if exc.__traceback__.tb_next is None:  # raised while binding the arguments, not inside __init__
            names = re.findall(r"'(\w+)'", str(exc).split(":", 1)[-1]) or ["name"]
            hint = "--init-args '{" + ", ".join(f'"{n}": ...' for n in names) + "}'"
            raise NeedsArguments(f"{candidate['name']}(...) needs arguments ({exc}); pass {hint}") from None
        raise UserError(f"building {candidate['name']} raised TypeError: {exc}",
                        user_traceback(exc, {variant.label})) from None
    except Exception as exc:
        raise UserError(f"building {candidate['name']} raised {type(exc).__name__}: {exc}",
                        user_traceback(exc, {variant.label})) from None
    if not backend.is_model(model):
        raise NotAModel(f"{candidate['name']}() did not return a model")
    return model


class NeedsArguments(Exception):
    """The model's constructor needs arguments that --init-args did not give."""
