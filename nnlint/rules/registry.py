"""The rule registry: built-in rules register themselves with `@register`; rules of other packages are
loaded from the `nnlint.rules` entry-point group on first use.

An entry point may name a `Rule` subclass, a list of them, or a module (every `Rule` subclass it defines
with a `code` is registered). A plugin that cannot be loaded, or whose code is malformed or taken, is a `PluginError` with
a message naming the entry point — never a silently missing rule.
"""

from __future__ import annotations

import hashlib
import re
ENTRY_POINT_GROUP = "nnlint.rules"
#: a rule code: letters then digits (`NN201`, `ACME101`), as `noqa` comments and selectors spell them
_CODE = re.compile(r"^[A-Z]+[0-9]+$")
#: built-in rules' modules; importing them registers their rules
_BUILTIN_MODULES = (
    "activation", "batchnorm", "bias", "checkpoint", "data", "init", "lr", "meta", "output", "probability",
    "reshape",
)

_RULES: dict = {}  # code -> rule class
_state = {"builtins": False, "plugins": None}  # plugins: None until loaded, then [(entry point, version)]


class PluginError(Exception):
    """A rule plugin that cannot be used; the message names it."""


def register(rule: type["Rule"]) -> type["Rule"]:
    """Add a rule class; use it as a class decorator."""
    code = rule.code
    if not isinstance(code, str) or not _CODE.match(code):
        raise PluginError(f"rule {rule.__module__}.{rule.__qualname__}: code {code!r} must be letters then digits "
                          "(like NN201 or ACME101)")
    for attribute in ("name", "severity", "summary"):
        if not hasattr(rule, attribute):
            raise PluginError(f"rule {code} ({rule.__module__}.{rule.__qualname__}) does not declare `{attribute}`")
    existing = _RULES.get(code)
    if existing is not None and _identity(existing) != _identity(rule):
        raise PluginError(f"rule code {code} is defined twice: by {_identity(existing)} and by {_identity(rule)}")
    _RULES[code] = rule
    return rule


def _identity(rule: type["Rule"]) -> str:
    return f"{rule.__module__}.{rule.__qualname__}"


def all_rules() -> list[type["Rule"]]:
    """Every rule, built-in and plugged in, in code order."""
    _load_builtins()
    load_plugins()
    return [_RULES[code] for code in sorted(_RULES)]


def builtin_rules() -> list[type["Rule"]]:
    """nnlint's own rules (without plugins), in code order."""
    _load_builtins()
    return [rule for code, rule in sorted(_RULES.items()) if rule.__module__.startswith(__package__ + ".")]


def describe_options(rule: type["Rule"]) -> str:
    """The options a rule declares, as a Markdown list: key, type, default, what it does."""
    names = {float: "number", int: "integer", bool: "boolean", str: "string", list: "list of strings"}
    return "\n".join(f"- `{option.name}` ({names.get(option.type, option.type.__name__)}, default "
                     f"`{option.default!r}`): {option.doc}" for option in rule.options)


def rules_by_code() -> dict[str, type["Rule"]]:
    return {rule.code: rule for rule in all_rules()}


def _load_builtins() -> None:
    if _state["builtins"]:
        return
    import importlib

    for module in _BUILTIN_MODULES:
        importlib.import_module(f"{__package__}.{module}")
    _state["builtins"] = True


def load_plugins() -> list[tuple[str, str]]:
    """Import the rules of the `nnlint.rules` entry points (once); returns (entry point, version) pairs."""
    if _state["plugins"] is not None:
        return _state["plugins"]
    from importlib.metadata import entry_points

    loaded = []
    _state["plugins"] = loaded  # set first: a plugin importing nnlint.rules must not recurse into here
    for entry in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        try:
            target = entry.load()
        except Exception as exc:
            raise PluginError(f"the nnlint rule plugin {entry.name!r} ({entry.value}) cannot be loaded: "
                              f"{type(exc).__name__}: {exc}") from exc
        for rule in _rules_in(target, entry.name):
            register(rule)
        version = entry.dist.version if entry.dist is not None else "?"
        loaded.append((f"{entry.name}={entry.value}", version))
    return loaded


def _rules_in(target, name: str) -> list:
    from types import ModuleType

    from .base import Rule

    if isinstance(target, ModuleType):
        return [value for value in vars(target).values()
                if isinstance(value, type) and issubclass(value, Rule) and "code" in value.__dict__
                and value.__module__ == target.__name__]
    items = list(target) if isinstance(target, (list, tuple)) else [target]
    for item in items:
        if not (isinstance(item, type) and issubclass(item, Rule)):
            raise PluginError(f"the nnlint rule plugin {name!r} names {item!r}, which is not an nnlint Rule class")
    return items


def fingerprint() -> str:
    """What the loaded plugins are (names and versions), for the result cache's key."""
    plugins = load_plugins()
    if not plugins:
        return ""
    return hashlib.blake2b(repr(sorted(plugins)).encode(), digest_size=8).hexdigest()
