"""Per-file index: parents, scopes, classes, functions. Built once, shared by every rule."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from functools import cached_property

from .. import frameworks
from .names import Names
from .scope import Scope
from .values import Values


@dataclass
class ClassInfo:
    node: ast.ClassDef
    name: str
    base_quals: list[str]
    base_locals: list[str]
    is_module: bool = False
    framework: str | None = None
    #: `self.<attr> = value` anywhere in the class's methods: attr → [(value, the method assigning it)]
    attrs: dict[str, list[tuple[ast.expr, ast.AST]]] = field(default_factory=dict)
    methods: dict[str, ast.FunctionDef] = field(default_factory=dict)
    forward: ast.FunctionDef | None = None


class ModuleIndex:
    def __init__(self, tree: ast.Module):
        self.tree = tree
        self.parents: dict[ast.AST, ast.AST] = {}
        self.calls: list[ast.Call] = []
        #: plain-name loads by name (to find where a class or function is used)
        self.name_loads: dict[str, list[ast.Name]] = {}
        #: assignments and augmented assignments, in no particular order (NN501's manual decays)
        self.assignments: list[ast.Assign | ast.AugAssign | ast.AnnAssign] = []
        #: products and quotients (`x / 255`, `x * scale`), in no particular order (NN703's fixed-range scalings)
        self.products: list[ast.BinOp] = []
        imports: list[ast.AST] = []
        class_defs: list[ast.ClassDef] = []
        self_assignments: list[tuple[str, ast.expr, ast.AST]] = []
        # one walk collects everything later passes would otherwise walk the tree again for
        parents = self.parents
        stack: list[ast.AST] = [tree]
        while stack:
            node = stack.pop()
            for field_name in node._fields:
                if field_name == "ctx":
                    continue
                value = getattr(node, field_name, None)
                if type(value) is list:
                    for item in value:
                        if isinstance(item, ast.AST):
                            parents[item] = node
                            stack.append(item)
                elif isinstance(value, ast.AST):
                    parents[value] = node
                    stack.append(value)
            kind = type(node)
            if kind is ast.Call:
                self.calls.append(node)
                if _is_setattr_self(node):
                    self_assignments.append((node.args[1].value, node.args[2], node))
            elif kind is ast.Name:
                if type(node.ctx) is ast.Load:
                    self.name_loads.setdefault(node.id, []).append(node)
            elif kind is ast.BinOp:
                if type(node.op) is ast.Div or type(node.op) is ast.Mult:
                    self.products.append(node)
            elif kind is ast.AugAssign:
                self.assignments.append(node)
            elif kind is ast.Assign or kind is ast.AnnAssign:
                self.assignments.append(node)
                if node.value is not None:
                    for target in node.targets if kind is ast.Assign else (node.target,):
                        if _is_self_attr(target):
                            self_assignments.append((target.attr, node.value, node))
            elif kind is ast.Import or kind is ast.ImportFrom:
                imports.append(node)
            elif kind is ast.ClassDef:
                class_defs.append(node)
        self.calls.sort(key=_position)
        class_defs.sort(key=_position)
        self.names = Names(tree, imports)
        self._scopes: dict[ast.AST, Scope] = {}
        self.functions: dict[str, ast.FunctionDef] = {
            s.name: s for s in tree.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))
        }
        self.classes: dict[str, ClassInfo] = {}
        for class_def in class_defs:
            self._add_class(class_def)
        self._resolve_module_classes(self_assignments)

    # -- classes ------------------------------------------------------------
    def _add_class(self, node: ast.ClassDef) -> None:
        quals, local = [], []
        for base in node.bases:
            qual = self.names.qualify(base)
            if qual:
                quals.append(qual)
            elif isinstance(base, ast.Name):
                local.append(base.id)
        info = ClassInfo(node, node.name, quals, local)
        for stmt in node.body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                info.methods[stmt.name] = stmt
        self.classes.setdefault(node.name, info)

    def _resolve_module_classes(self, self_assignments) -> None:
        changed = True
        for info in self.classes.values():
            for qual in info.base_quals:
                # nn.Module, keras Layer/Model, and any framework layer class (`class Head(nn.Sequential)`)
                if qual in frameworks.MODULE_BASES or frameworks.layer_spec(qual) is not None:
                    info.is_module = True
                    info.framework = frameworks.framework_of(qual)
        self._resolve_foreign_based(self_assignments)
        while changed:
            changed = False
            for info in self.classes.values():
                if info.is_module:
                    continue
                for base in info.base_locals:
                    parent = self.classes.get(base)
                    if parent is not None and parent.is_module:
                        info.is_module, info.framework = True, parent.framework
                        changed = True
        for info in self.classes.values():
            if info.is_module:
                info.forward = self._find_forward(info, set())
        for attr, value, node in self_assignments:
            method = self.enclosing_function(node)
            cls = self.parents.get(method)
            info = self.classes.get(cls.name) if isinstance(cls, ast.ClassDef) else None
            if info is not None and info.node is cls:
                info.attrs.setdefault(attr, []).append((value, method))
        for info in self.classes.values():
            # inherited attributes from a local base class
            for base in info.base_locals:
                parent = self.classes.get(base)
                if parent is not None and info.is_module:
                    for attr, values in parent.attrs.items():
                        info.attrs.setdefault(attr, values)

    def _resolve_foreign_based(self, self_assignments) -> None:
        """A class whose base is the project's own class from another file (`class VanillaVAE(BaseVAE)` with
        `from models import BaseVAE`) is a module when it looks like one: it defines its framework's forward
        method and stores that framework's layers on `self`. Without this its blocks would pass for models."""
        layer_frameworks: dict[str, set[str]] = {}
        for _attr, value, node in self_assignments:
            if not isinstance(value, ast.Call):
                continue
            qual = self.names.qualify(value.func)
            framework = frameworks.framework_of(qual) if frameworks.layer_spec(qual) is not None else None
            cls = self.parents.get(self.enclosing_function(node))
            if framework is not None and isinstance(cls, ast.ClassDef):
                layer_frameworks.setdefault(cls.name, set()).add(framework)
        for info in self.classes.values():
            if info.is_module or not (info.base_quals or info.base_locals) or not self._bases_foreign(info):
                continue
            for framework in sorted(layer_frameworks.get(info.name, ())):
                record = frameworks.record_named(framework)
                if record is not None and any(name in info.methods for name in record.forward_methods):
                    info.is_module, info.framework = True, framework
                    break

    def _bases_foreign(self, info: ClassInfo) -> bool:
        """Every base is a name this file imports from outside any framework (or cannot resolve), not a class
        defined here and not a framework's class."""
        if any(frameworks.record_of(qual) is not None for qual in info.base_quals):
            return False
        return not any(base in self.classes or base == "object" for base in info.base_locals)

    def _find_forward(self, info: ClassInfo, seen: set[str]) -> ast.FunctionDef | None:
        for name in frameworks.FORWARD_METHODS:
            if name in info.methods:
                return info.methods[name]
        seen.add(info.name)
        for base in info.base_locals:
            parent = self.classes.get(base)
            if parent is not None and parent.name not in seen:
                found = self._find_forward(parent, seen)
                if found is not None:
                    return found
        return None

    def class_of(self, node: ast.AST) -> ClassInfo | None:
        current = self.parents.get(node)
        while current is not None:
            if isinstance(current, ast.ClassDef):
                return self.classes.get(current.name)
            current = self.parents.get(current)
        return None

    # -- scopes -------------------------------------------------------------
    def scope(self, node: ast.AST) -> Scope:
        scope = self._scopes.get(node)
        if scope is None:
            cls = self.class_of(node) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else None
            scope = self._scopes[node] = Scope(node, self.parents, cls)
        return scope

    def enclosing_function(self, node: ast.AST) -> ast.AST:
        current = self.parents.get(node)
        while current is not None:
            if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef)):
                return current
            current = self.parents.get(current)
        return self.tree

    def scope_of(self, node: ast.AST) -> Scope:
        return self.scope(self.enclosing_function(node))

    def context_name(self, node: ast.AST) -> str:
        """Dotted names of the enclosing classes and functions (for fingerprints)."""
        parts = []
        current = self.parents.get(node)
        while current is not None:
            if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                parts.append(current.name)
            current = self.parents.get(current)
        return ".".join(reversed(parts))

    @cached_property
    def calls_by_function_name(self) -> dict[str, list[ast.Call]]:
        """Calls of plain names (`helper(...)`, `Block(...)`), by name."""
        found: dict[str, list[ast.Call]] = {}
        for call in self.calls:
            if isinstance(call.func, ast.Name):
                found.setdefault(call.func.id, []).append(call)
        return found

    @cached_property
    def calls_by_self_method(self) -> dict[str, list[ast.Call]]:
        """Calls of `self.<name>(...)`, by name."""
        found: dict[str, list[ast.Call]] = {}
        for call in self.calls:
            if _is_self_attr(call.func):
                found.setdefault(call.func.attr, []).append(call)
        return found

    @cached_property
    def module_classes(self) -> list[ClassInfo]:
        return [c for c in self.classes.values() if c.is_module]

    def qualify(self, expr: ast.AST) -> str | None:
        return self.names.qualify(expr)

    @cached_property
    def values(self) -> Values:
        """The file's value model (names, attributes, arguments, constants), built on this index."""
        return Values(self)


def _is_self_attr(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self"


def _is_setattr_self(node: ast.Call) -> bool:
    return (
        isinstance(node.func, ast.Name) and node.func.id == "setattr" and len(node.args) == 3
        and isinstance(node.args[0], ast.Name) and node.args[0].id == "self"
        and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str)
    )


def _position(node: ast.AST) -> tuple[int, int]:
    return (node.lineno, node.col_offset)
