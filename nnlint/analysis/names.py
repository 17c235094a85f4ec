"""A cheap per-file import/alias table: which local name means which framework name.

This replaces LibCST's scope-based qualified-name metadata on the hot path: one
walk over the import statements, then `qualify()` is a dictionary lookup per
name. A user's own ``class Linear`` or ``def relu`` at module level shadows an
import of the same name; a name nobody imported resolves to nothing, so it can
never be mistaken for a framework name.
"""

from __future__ import annotations

import ast

from .. import frameworks


_MISSING = object()


def imports_of(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement of the module, nested ones included, in the order `ModuleIndex`'s walk meets
    them (the same last-child-first walk, pruned to statements: expressions hold no imports). Cheap enough to
    tell a file that imports no framework before the whole tree is walked."""
    found = []
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is ast.Import or kind is ast.ImportFrom:
            found.append(node)
            continue
        for field_name in _STATEMENT_FIELDS:
            block = getattr(node, field_name, None)
            if type(block) is list:
                stack.extend(block)
    return found


#: the fields that hold statements (or handlers and match cases holding them), in the grammar's order
_STATEMENT_FIELDS = ("body", "handlers", "orelse", "finalbody", "cases")


class Names:
    def __init__(self, tree: ast.Module, imports: list[ast.AST] | None = None):
        self.aliases: dict[str, str] = {}
        self.star_modules: list[str] = []
        self._cache: dict[int, str | None] = {}
        if imports is None:
            imports = [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]
        for node in imports:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        self.aliases[alias.asname] = alias.name
                    else:
                        root = alias.name.split(".", 1)[0]
                        self.aliases[root] = root
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    if alias.name == "*":
                        self.star_modules.append(node.module)
                    else:
                        self.aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        # a name assigned more than once at module level (a notebook rebinding `loss_fn` per section) is a
        # variable, not an alias: which value a use sees depends on where it is
        assigned: dict[str, int] = {}
        for stmt in tree.body:
            if isinstance(stmt, ast.Assign):
                for target in stmt.targets:
                    if isinstance(target, ast.Name):
                        assigned[target.id] = assigned.get(target.id, 0) + 1
        for stmt in tree.body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.aliases.pop(stmt.name, None)
            elif isinstance(stmt, ast.Assign):
                # `tf = tf.compat.v1`, `Dense = tf.keras.layers.Dense` rebind; anything else shadows
                value = self.raw(stmt.value) if isinstance(stmt.value, (ast.Name, ast.Attribute)) else None
                for target in stmt.targets:
                    if not isinstance(target, ast.Name):
                        continue
                    if value and value.split(".", 1)[0] in frameworks.FRAMEWORK_ROOTS and assigned[target.id] == 1:
                        self.aliases[target.id] = value
                    else:
                        self.aliases.pop(target.id, None)
        self.imports_framework = any(
            value.split(".", 1)[0] in frameworks.FRAMEWORK_ROOTS for value in self.aliases.values()
        ) or any(m.split(".", 1)[0] in frameworks.FRAMEWORK_ROOTS for m in self.star_modules)

    def import_roots(self) -> set[str]:
        """The first components of what the file imports (`numpy`, `cv2`, `torch`)."""
        return {value.split(".", 1)[0] for value in self.aliases.values()} | {
            module.split(".", 1)[0] for module in self.star_modules}

    def raw(self, expr: ast.AST) -> str | None:
        """The dotted name an expression spells, with the import alias expanded (not canonicalised)."""
        if isinstance(expr, ast.Name):
            target = self.aliases.get(expr.id)
            if target is None and self.star_modules:
                for module in self.star_modules:
                    candidate = frameworks.canonical(f"{module}.{expr.id}")
                    if candidate in frameworks.LAYERS or candidate in frameworks.INITIALIZERS:
                        return candidate
            return target
        if isinstance(expr, ast.Attribute):
            base = self.raw(expr.value)
            return f"{base}.{expr.attr}" if base else None
        return None

    def qualify(self, expr: ast.AST) -> str | None:
        """Canonical qualified name of a name/attribute expression, or None for anything local."""
        key = id(expr)
        found = self._cache.get(key, _MISSING)
        if found is _MISSING:
            raw = self.raw(expr)
            found = self._cache[key] = frameworks.canonical(raw) if raw else None
        return found


    def spell(self, target: str, scope=None) -> str | None:
        """The shortest way to write the dotted name `target` with the module's own imports, or None.

        Names rebound in the function around the use (`scope`) are not used: they may no longer mean the
        import there."""
        best = None
        for local, raw in self.aliases.items():
            if scope is not None and (local in scope.params
                                      or not isinstance(scope.node, ast.Module) and local in scope.bindings):
                continue
            if target == raw:
                candidate = local
            elif target.startswith(raw + "."):
                candidate = local + target[len(raw):]
            else:
                continue
            if best is None or len(candidate) < len(best):
                best = candidate
        return best
