"""Execution order within a module, following calls to its own functions, methods and classes.

Statement order is not execution order: a Saver built in `build_model()` that `__init__` calls runs
before a `train()` method defined above it. This walks each entry point (module code, then functions
and classes nothing in the module calls) and lists the calls in the order they would run, inlining
local functions (`helper()`), methods (`self.build()`, `obj.train()` where `obj = Trainer()`) and
constructors (`Trainer()` runs `__init__`). Loops run once, both branches of an `if` are taken.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from .budgets import EXECUTION_DEPTH
from .module import ClassInfo, ModuleIndex

_LOOPS = (ast.For, ast.AsyncFor, ast.While)


@dataclass(frozen=True)
class Event:
    """A call as it runs: the loops around it and the `if` tests it runs under, callers' included."""

    call: ast.Call
    loops: tuple[ast.AST, ...] = ()
    tests: tuple[ast.expr, ...] = ()


class ExecutionOrder:
    def __init__(self, index: ModuleIndex):
        self.index = index
        self.reached: set[ast.AST] = set()
        self._loops: list[ast.AST] = []
        self._tests: list[ast.expr] = []

    def sequences(self) -> list[list[ast.Call]]:
        return [[event.call for event in timeline] for timeline in self.timelines()]

    def timelines(self) -> list[list[Event]]:
        """One list of events per entry point, in the order the calls would run."""
        result = []
        module_stmts = [s for s in self.index.tree.body
                        if not isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
        main = []
        self._run(module_stmts, None, main, [], {})
        result.append(main)
        for stmt in self.index.tree.body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt not in self.reached:
                sequence = []
                self._inline(stmt, None, sequence, [], {})
                result.append(sequence)
        for cls in self.index.classes.values():
            methods = list(cls.methods.values())
            if all(m in self.reached for m in methods):
                continue
            sequence = []
            init = cls.methods.get("__init__")
            if init is not None and init not in self.reached:
                self._inline(init, cls, sequence, [], {})
            for method in methods:
                if method is not init and method not in self.reached:
                    self._inline(method, cls, sequence, [], {})
            result.append(sequence)
        return [s for s in result if s]

    def _inline(self, func: ast.AST, cls: ClassInfo | None, out: list, stack: list, instances: dict) -> None:
        if func in stack or len(stack) > EXECUTION_DEPTH:
            return
        self.reached.add(func)
        stack.append(func)
        self._run(func.body, cls, out, stack, dict(instances))
        stack.pop()

    def _run(self, stmts: list[ast.stmt], cls: ClassInfo | None, out: list, stack: list, instances: dict) -> None:
        for stmt in stmts:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            for node in _evaluation_order(stmt):
                if isinstance(node, ast.Call):
                    self._call(node, cls, out, stack, instances)
            if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call) and isinstance(stmt.value.func, ast.Name):
                target_cls = self.index.classes.get(stmt.value.func.id)
                if target_cls is not None:
                    for target in stmt.targets:
                        if isinstance(target, ast.Name):
                            instances[target.id] = target_cls
            for field in ("body", "orelse", "handlers", "finalbody"):
                block = getattr(stmt, field, None)
                if isinstance(block, list) and block:
                    if field == "handlers":
                        for handler in block:
                            self._run(handler.body, cls, out, stack, instances)
                        continue
                    loop = isinstance(stmt, _LOOPS) and field == "body"
                    test = stmt.test if isinstance(stmt, ast.If) and field == "body" else None
                    if loop:
                        self._loops.append(stmt)
                    if test is not None:
                        self._tests.append(test)
                    self._run(block, cls, out, stack, instances)
                    if loop:
                        self._loops.pop()
                    if test is not None:
                        self._tests.pop()

    def _call(self, call: ast.Call, cls: ClassInfo | None, out: list, stack: list, instances: dict) -> None:
        func = call.func
        target = None
        target_cls = cls
        if isinstance(func, ast.Name):
            if func.id in self.index.functions:
                target = self.index.functions[func.id]
                target_cls = None
            elif func.id in self.index.classes:
                target_cls = self.index.classes[func.id]
                target = target_cls.methods.get("__init__")
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            owner = cls if func.value.id == "self" else instances.get(func.value.id)
            if owner is not None:
                target = owner.methods.get(func.attr)
                target_cls = owner
        if target is not None:
            self._inline(target, target_cls, out, stack, instances)
        out.append(Event(call, tuple(self._loops), tuple(self._tests)))


def _evaluation_order(stmt: ast.stmt) -> list[ast.AST]:
    """Nodes of a statement's own expressions (not nested blocks), inner calls before outer ones."""
    nodes: list[ast.AST] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.stmt, ast.excepthandler, ast.Lambda)):
                continue
            visit(child)
        nodes.append(node)

    for field, value in ast.iter_fields(stmt):
        if field in ("body", "orelse", "handlers", "finalbody"):
            continue
        for child in value if isinstance(value, list) else [value]:
            if isinstance(child, ast.AST) and not isinstance(child, ast.stmt):
                visit(child)
    return nodes
