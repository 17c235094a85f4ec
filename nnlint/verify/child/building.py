"""Building a model from a top-level name: an instance, a model class, or a factory function.

Constructors often take more than numbers. A required parameter is filled, in this order, from
`--init-args` (a JSON object maps onto a config object's fields, nested objects onto nested configs);
from its annotation when that is a config class (a dataclass, or any class that builds without
arguments: its defaults); from a module-level value of the same name (`config = Config()` beside
`def __init__(self, config)`); from the file's only config class when the parameter is called like a
config (`cfg`, `config`, `hparams`, ...). Whatever was filled in is reported, so the user sees what ran.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
import types
import typing

from .program import Namespace, UserError, seed_everything, user_traceback

CONFIG_NAMES = re.compile(r"^(cfg|conf|config|configs|hparams|hp|params|opt|opts|options|args|settings|"
                          r"model_cfg|model_config|model_args|\w+_config|\w+_cfg)$", re.IGNORECASE)


class NotAModel(Exception):
    """A candidate name that does not hold a model."""


class NeedsArguments(Exception):
    """The constructor needs arguments that nnlint could not fill in."""


@dataclasses.dataclass
class Built:
    model: object
    how: str  # "Net()", "build_model(cfg=Config())", "module-level model"
    filled: dict = dataclasses.field(default_factory=dict)  # parameter -> how it was filled


def build(space: Namespace, handle: dict, backend, seed: int, init_args, progress) -> Built:
    """The model a top-level name stands for in this namespace."""
    if space.error is not None:
        raise space.error
    name = handle["name"]
    obj = space.module.__dict__.get(name, None)
    if obj is None:
        raise NotAModel(f"{name} is not defined" + (f" ({space.stopped})" if space.stopped else ""))
    if backend.is_model(obj):
        return Built(obj, f"the module-level {name}")
    is_class = isinstance(obj, type) and backend.is_model_class(obj)
    is_factory = isinstance(obj, types.FunctionType) and obj.__module__ == space.module.__name__
    if not (is_class or is_factory) or not handle.get("call"):
        raise NotAModel(f"{name} is not a model")
    args, kwargs, filled = arguments(obj, space, init_args, name)
    seed_everything(seed)
    backend.seed(seed)
    progress.update(phase=f"building {name}", owner="user", line=None)
    try:
        model = obj(*args, **kwargs)
    except TypeError as exc:
        if exc.__traceback__.tb_next is None:  # raised while binding the arguments, not inside __init__
            raise NeedsArguments(_needs_message(obj, name, str(exc))) from None
        raise UserError(f"building {name} raised TypeError: {exc}", user_traceback(exc, {space.label})) from None
    except Exception as exc:
        raise UserError(f"building {name} raised {type(exc).__name__}: {exc}",
                        user_traceback(exc, {space.label})) from None
    model = backend.unwrap(model)
    if not backend.is_model(model):
        raise NotAModel(f"{name}() did not return a model")
    shown = ", ".join(f"{k}={v}" for k, v in filled.items())
    return Built(model, f"{name}({shown})", filled)


def arguments(obj, space: Namespace, init_args, name: str) -> tuple[list, dict, dict]:
    """Positional and keyword arguments for `obj`, and a description of what was filled in."""
    if isinstance(init_args, list):
        return list(init_args), {}, {"*": "--init-args"}
    given = dict(init_args or {})
    try:
        signature = inspect.signature(obj)
    except (TypeError, ValueError):
        return [], given, {k: "--init-args" for k in given}
    hints = _hints(obj, space)
    parameters = [p for p in signature.parameters.values()
                  if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) and p.name != "self"]
    known = {p.name for p in parameters}
    kwargs, filled = {}, {}
    configs = [p for p in parameters if _config_class(hints.get(p.name)) is not None]
    # keys that are not parameters but fields of the one config parameter go into that config
    stray = {k: v for k, v in given.items() if k not in known}
    for parameter in parameters:
        hint = hints.get(parameter.name)
        config_class = _config_class(hint)
        if parameter.name in given:
            value = given[parameter.name]
            if config_class is not None and isinstance(value, dict):
                kwargs[parameter.name] = config_from(config_class, value)
                filled[parameter.name] = f"{config_class.__name__}(**--init-args)"
            else:
                kwargs[parameter.name] = value
                filled[parameter.name] = "--init-args"
            continue
        if config_class is not None and (parameter.default is parameter.empty or stray and len(configs) == 1):
            kwargs[parameter.name] = config_from(config_class, stray if len(configs) == 1 else {})
            filled[parameter.name] = f"{config_class.__name__}(" + (
                "defaults + --init-args" if stray and len(configs) == 1 else "defaults") + ")"
            if len(configs) == 1:
                stray = {}
            continue
        if parameter.default is not parameter.empty:
            continue
        value, how = _from_module(parameter.name, space, stray)
        if how is not None:
            kwargs[parameter.name] = value
            filled[parameter.name] = how
            stray = {}
    if stray and signature.parameters and not any(p.kind == p.VAR_KEYWORD for p in signature.parameters.values()):
        raise NeedsArguments(f"--init-args names {', '.join(sorted(stray))}, which {name} does not take "
                             f"(its parameters: {', '.join(sorted(known)) or 'none'})")
    kwargs.update(stray)
    return [], kwargs, filled


def _hints(obj, space: Namespace) -> dict:
    target = obj.__init__ if isinstance(obj, type) else obj
    try:
        return typing.get_type_hints(target, globalns=space.module.__dict__)
    except Exception:  # unresolvable annotations: use what is there, strings looked up by name
        raw = getattr(target, "__annotations__", {}) or {}
        return {k: space.module.__dict__.get(v, v) if isinstance(v, str) else v for k, v in raw.items()}


def _config_class(hint) -> type | None:
    """A class that describes settings and builds from its defaults (a dataclass, or any class whose
    constructor needs nothing), not a tensor, a number or a framework object."""
    origin = typing.get_origin(hint)
    if origin is typing.Union or (origin is not None and str(origin) == "types.UnionType"):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        hint = options[0] if len(options) == 1 else None
    if not isinstance(hint, type) or hint.__module__ in ("builtins", "typing") or hint.__module__.split(".")[0] in (
            "torch", "tensorflow", "keras", "numpy", "jax"):
        return None
    if dataclasses.is_dataclass(hint):
        return hint
    try:
        signature = inspect.signature(hint)
    except (TypeError, ValueError):
        return None
    required = [p for p in signature.parameters.values() if p.default is p.empty
                and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    return hint if not required else None


def config_from(cls: type, values: dict):
    """`cls` built from its defaults with `values` on top; nested dicts fill nested config fields."""
    if dataclasses.is_dataclass(cls):
        fields = {f.name: f for f in dataclasses.fields(cls)}
        hints = _dataclass_hints(cls)
        kwargs = {}
        for key, value in values.items():
            nested = _config_class(hints.get(key))
            kwargs[key] = config_from(nested, value) if nested is not None and isinstance(value, dict) else value
        for key, f in fields.items():
            if key in kwargs or not f.init:
                continue
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                nested = _config_class(hints.get(key))
                if nested is None:
                    raise NeedsArguments(f"{cls.__name__}.{key} has no default; give it in --init-args")
                kwargs[key] = config_from(nested, {})
        return cls(**kwargs)
    instance = cls()
    for key, value in values.items():
        setattr(instance, key, value)
    return instance


def _dataclass_hints(cls: type) -> dict:
    try:
        import sys

        return typing.get_type_hints(cls, globalns=vars(sys.modules.get(cls.__module__, object())))
    except Exception:
        return {f.name: f.type for f in dataclasses.fields(cls)}


def _from_module(name: str, space: Namespace, stray: dict) -> tuple[object, str | None]:
    """A module-level value named like the parameter, or the file's only config class for a parameter
    named like a config."""
    namespace = space.module.__dict__
    value = namespace.get(name)
    if value is not None and not isinstance(value, (type, types.ModuleType, types.FunctionType)):
        if stray and hasattr(value, "__dict__"):
            value = _copy_with(value, stray)
        return value, f"the module's {name}"
    if CONFIG_NAMES.match(name):
        classes = [v for k, v in namespace.items() if isinstance(v, type) and dataclasses.is_dataclass(v)
                   and v.__module__ == space.module.__name__]
        nested = {id(hint) for c in classes for hint in _dataclass_hints(c).values()}
        roots = [c for c in classes if id(c) not in nested]
        if len(roots) == 1:
            try:
                return config_from(roots[0], stray), f"{roots[0].__name__}(defaults)"
            except NeedsArguments:
                return None, None
    return None, None


def _copy_with(value, changes: dict):
    import copy

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **changes)
    clone = copy.copy(value)
    for key, item in changes.items():
        setattr(clone, key, item)
    return clone


def _needs_message(obj, name: str, error: str) -> str:
    try:
        parameters = [p for p in inspect.signature(obj).parameters.values()
                      if p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) and p.name != "self"]
    except (TypeError, ValueError):
        parameters = []
    names = [p.name for p in parameters] or re.findall(r"'(\w+)'", error.split(":", 1)[-1]) or ["name"]
    hint = "--init-args '{" + ", ".join(f'"{n}": ...' for n in names) + "}'"
    return f"{name}(...) needs arguments ({error}); pass {hint}"
