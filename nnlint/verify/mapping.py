"""Which model a finding belongs to, read from the file's top-level structure (no code is run here).

The linter's analysis finds the models themselves (`file_facts.model_handles`); this maps a finding's
line to the top-level names that may hold the model it is about, best first.

A finding inside a class belongs to that class, or to the model classes that use it, or to a
module-level instance of it. A finding inside a zero-argument function belongs to what the function
returns; inside a helper with parameters, to the models built with that helper. A finding in a
module-level statement belongs to the names it assigns and to the models assigned after it (the
Keras functional style). The child process keeps the candidates that really are models.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    """A top-level name that may hold a model; `call` allows calling it when it is a function."""

    name: str
    call: bool = False

    def to_json(self) -> dict:
        return {"name": self.name, "call": self.call}


def _mentions(node: ast.AST, name: str) -> bool:
    return any(isinstance(sub, ast.Name) and sub.id == name for sub in ast.walk(node))


def _assigned(stmt: ast.stmt) -> list[str]:
    targets: list[ast.AST] = []
    if isinstance(stmt, ast.Assign):
        targets = stmt.targets
    elif isinstance(stmt, (ast.AnnAssign, ast.AugAssign)):
        targets = [stmt.target]
    names = []
    for target in targets:
        names += [n.id for n in ast.walk(target) if isinstance(n, ast.Name)]
    return names


def _loaded(stmt: ast.stmt) -> list[str]:
    return [n.id for n in ast.walk(stmt) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)]


def _returns(func: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return not isinstance(func, ast.AsyncFunctionDef) and any(
        isinstance(n, ast.Return) and n.value is not None for n in ast.walk(func))


def is_factory(func: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A function callable without arguments that returns something."""
    args = func.args
    required = len(args.posonlyargs) + len(args.args) - len(args.defaults)
    required += sum(1 for default in args.kw_defaults if default is None)
    returns = any(isinstance(n, ast.Return) and n.value is not None for n in ast.walk(func))
    return required == 0 and returns and not isinstance(func, ast.AsyncFunctionDef)


class ModelMap:
    """Maps a line of the file to candidate model names, best first."""

    def __init__(self, tree: ast.Module):
        self.tree = tree
        self.body = tree.body
        self.defs = {stmt.name: stmt for stmt in self.body
                     if isinstance(stmt, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))}

    def top_level_names(self) -> set[str]:
        names = set(self.defs)
        for stmt in self.body:
            names.update(_assigned(stmt))
        return names

    def every_top_level_name(self) -> list[dict]:
        """When the analysis found no model: every top-level class, zero-argument factory and assigned
        name (the child keeps those that hold a model)."""
        names = []
        for stmt in self.body:
            if isinstance(stmt, ast.ClassDef):
                names.append({"name": stmt.name, "call": True})
            elif isinstance(stmt, ast.FunctionDef) and is_factory(stmt):
                names.append({"name": stmt.name, "call": True})
            elif isinstance(stmt, (ast.Assign, ast.AnnAssign)):
                names += [{"name": n, "call": False} for n in _assigned(stmt)]
        return names

    def statement_at(self, line: int) -> ast.stmt | None:
        for stmt in self.body:
            start = min([stmt.lineno] + [d.lineno for d in getattr(stmt, "decorator_list", [])])
            if start <= line <= (stmt.end_lineno or stmt.lineno):
                return stmt
        return None

    def candidates(self, line: int) -> list[Candidate]:
        stmt = self.statement_at(line)
        if stmt is None:
            return []
        found: list[Candidate] = []
        self._of_statement(stmt, found, seen=set(), after=line)
        unique, names = [], set()
        for candidate in found:
            if candidate.name not in names:
                names.add(candidate.name)
                unique.append(candidate)
        return unique

    def _of_statement(self, stmt: ast.stmt, found: list[Candidate], seen: set[str], after: int) -> None:
        if isinstance(stmt, ast.ClassDef):
            self._of_definition(stmt.name, found, seen, own=Candidate(stmt.name, call=True))
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            # a function with parameters may still build the model (`build_model(input_dim, classes)`): the
            # child fills config arguments, or says which --init-args to give
            own = Candidate(stmt.name, call=True) if _returns(stmt) else None
            self._of_definition(stmt.name, found, seen, own=own)
        else:
            found.extend(Candidate(name) for name in _assigned(stmt))
            found.extend(Candidate(name) for name in _loaded(stmt))
            # the functional style: the model that uses these layers is assigned further down
            for later in self.body:
                if later.lineno > after:
                    found.extend(Candidate(name) for name in _assigned(later))

    def _of_definition(self, name: str, found: list[Candidate], seen: set[str], own: Candidate | None) -> None:
        """Users of a class or helper first (the roots), then the definition itself."""
        if name in seen:
            return
        seen.add(name)
        for stmt in self.body:
            if getattr(stmt, "name", None) == name or not _mentions(stmt, name):
                continue
            if isinstance(stmt, ast.ClassDef):
                self._of_definition(stmt.name, found, seen, own=Candidate(stmt.name, call=True))
            elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if is_factory(stmt):
                    self._of_definition(stmt.name, found, seen, own=Candidate(stmt.name, call=True))
            elif not isinstance(stmt, (ast.Import, ast.ImportFrom)) and not _guarded_main(stmt):
                found.extend(Candidate(n) for n in _assigned(stmt))
                found.extend(Candidate(n) for n in _loaded(stmt) if n != name)
        if own is not None:
            found.append(own)


def _guarded_main(stmt: ast.stmt) -> bool:
    """`if __name__ == "__main__":` — never run by verify."""
    return isinstance(stmt, ast.If) and _mentions(stmt.test, "__name__")
