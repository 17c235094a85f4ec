"""Which of the file's top-level statements the child runs, and which a fixed variant must run again.

The user's file is executed once, statement by statement, and only as far as the verifier needs: up
to the last statement that binds or sets up something it uses (a model, a loss, an optimizer). A
statement that trains or evaluates (it calls `fit`, `backward`, `step`, a Session's `run`, `save`, ...,
directly or through a function of the file) is skipped unless a later statement needs what it binds;
the `if __name__ == "__main__":` block never runs. So a module-level training loop or download does not
run needlessly, and never twice.

A variant (the fixed source) is not executed from scratch: its statements are matched with the
original's; a statement that is unchanged and depends on nothing that changed takes the original's
values (no second download, no second data load); changed statements, and those that depend on a
changed name, run again in the variant's own namespace. Definitions (`def`, `class`) always run again,
so the variant's functions see the variant's globals.

Framework-free: used by the child (which executes) and by tests.
"""

from __future__ import annotations

import ast
import difflib
import re
from dataclasses import dataclass, field

#: method names whose call trains, evaluates or writes: a top-level statement making one is skipped
ACTION_METHODS = frozenset({"fit", "fit_generator", "train_on_batch", "backward", "step", "run", "evaluate",
                            "predict", "save", "save_weights", "evaluate_generator", "predict_generator",
                            "show", "savefig", "export"})
ACTION_FUNCTIONS = frozenset({"save"})  # torch.save(...)
#: a function from elsewhere whose name says it trains, evaluates, downloads or writes
ACTION_NAME = re.compile(r"(^|_)(train|fit|evaluate|eval|test|predict|save|download|export|run|main|loop)($|_)",
                         re.IGNORECASE)


@dataclass
class Statement:
    index: int
    node: ast.stmt
    line: int
    end_line: int
    binds: set[str] = field(default_factory=set)
    loads: set[str] = field(default_factory=set)
    definition: bool = False  # def / class / import
    main_guard: bool = False
    action: str | None = None  # what it does that verify avoids ("calls model.fit()")
    key: str = ""  # its structure, for matching variants (positions left out)


@dataclass
class Step:
    """One statement's fate: run it, take the original's values (`reuse`), or leave it out (`why`)."""

    index: int
    line: int
    run: bool
    reuse: int | None = None
    why: str | None = None
    #: run only for an optional name (the file's loss or optimizer object): if it raises, verify goes on
    optional: bool = False

    def to_json(self) -> dict:
        return {"index": self.index, "line": self.line, "run": self.run, "reuse": self.reuse, "why": self.why}


def statements(tree: ast.Module) -> list[Statement]:
    functions = {s.name: s for s in tree.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))}
    actions: dict[str, str | None] = {}
    result = []
    for index, node in enumerate(tree.body):
        start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        stmt = Statement(index, node, start, node.end_lineno or node.lineno, _binds(node), _loads(node),
                         isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import,
                                           ast.ImportFrom)),
                         _is_main_guard(node), key=ast.dump(node))
        if not stmt.definition and not stmt.main_guard:
            stmt.action = _action(node, functions, actions)
        result.append(stmt)
    return result


def original_steps(stmts: list[Statement], needed: set[str], stop_before: int | None = None,
                   minimal: bool = False, optional: set[str] = frozenset()) -> list[Step]:
    """The original's plan: run what the verifier needs, in order, once. An action (it trains, evaluates
    or writes) is skipped even when it binds a needed name, unless a later statement that runs reads
    what it binds.

    `needed`: the top-level names the verifier will use. `stop_before`: an index not to reach (TF1:
    the first statement that opens a Session). `minimal`: also leave out what nothing needed depends on
    (loading the training data, when the model does not read it: verify trains on its own inputs).
    `optional`: names worth having but not essential (the file's loss and optimizer objects, which
    verify can also rebuild from their source): statements run only for them are marked optional."""
    last = -1
    for stmt in stmts:
        if stmt.main_guard:
            continue
        if stmt.action is None and (stmt.binds & needed or (not stmt.definition and stmt.loads & needed)):
            last = stmt.index
    if not needed:
        last = len(stmts) - 1
    if stop_before is not None:
        last = min(last, stop_before - 1) if last >= 0 else stop_before - 1
    steps = []
    for stmt in stmts:
        if stmt.main_guard:
            steps.append(Step(stmt.index, stmt.line, False, why='the `if __name__ == "__main__":` block'))
        elif stmt.action is not None:
            steps.append(Step(stmt.index, stmt.line, False, why=stmt.action))
        elif stmt.index > last and not (stmt.definition and stop_before is None):
            steps.append(Step(stmt.index, stmt.line, False, why="after everything verify uses"))
        else:
            steps.append(Step(stmt.index, stmt.line, True))
    if minimal:
        essential = [Step(s.index, s.line, s.run, s.reuse, s.why) for s in steps]
        _leave_out_unneeded(stmts, essential, needed)
        _leave_out_unneeded(stmts, steps, needed | optional)
        for step, core in zip(steps, essential):
            step.optional = step.run and not core.run
    _restore_needed(stmts, steps)
    return steps


def _leave_out_unneeded(stmts: list[Statement], steps: list[Step], needed: set[str]) -> None:
    """Walk back from the end: keep a statement when it binds a name something kept reads, or sets up
    something kept (`model.compile(...)`, `os.environ[...] = ...`, `torch.manual_seed(0)`); the rest
    (`x_train, y_train = mnist.load_data()` when the model never reads them) does not run."""
    imports = {name for stmt in stmts if isinstance(stmt.node, (ast.Import, ast.ImportFrom)) for name in stmt.binds}
    required = set(needed)
    for stmt, step in reversed(list(zip(stmts, steps))):
        if not step.run:
            continue
        node = stmt.node
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            if not (stmt.binds & required or isinstance(node, ast.ImportFrom) and node.module == "__future__"):
                step.run, step.why = False, "verify does not need the modules it imports"
            continue
        if stmt.definition:
            if stmt.binds & required:
                required |= stmt.loads
            continue
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            roots = {_root(t) for t in targets if not isinstance(t, (ast.Name, ast.Tuple, ast.List))}
            keep = bool(stmt.binds & required) or bool(roots & (required | imports))
        elif isinstance(node, ast.Expr):
            call = node.value.func if isinstance(node.value, ast.Call) else node.value
            keep = _root(call) in required | imports or bool(stmt.loads & required)
        else:
            keep = bool(stmt.binds & required) or bool(stmt.loads & required)
        if keep:
            required |= stmt.loads
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            step.run = False  # a docstring: nothing to say
        else:
            bound = ", ".join(sorted(stmt.binds)[:3])
            step.run, step.why = False, ("verify does not need what it binds: " + bound) if bound else \
                "verify does not need it"


def _root(node: ast.AST) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _restore_needed(stmts: list[Statement], steps: list[Step]) -> None:
    """A skipped action whose result a later statement that runs reads runs after all."""
    changed = True
    while changed:
        changed = False
        for stmt, step in zip(stmts, steps):
            if step.run or stmt.action is None or step.why != stmt.action or not stmt.binds:
                continue
            readers = [s for s, t in zip(stmts[stmt.index + 1:], steps[stmt.index + 1:]) if t.run and s.loads & stmt.binds]
            if readers:
                step.run, step.why = True, None
                changed = True


def variant_steps(original: list[Statement], ran: list[Step], variant: list[Statement],
                  forced: set[int] = frozenset()) -> list[Step]:
    """The variant's plan. `ran`: the original's plan. `forced`: original statements whose effect cannot
    be shared (TF1: they built graph operations, and the variant has its own graph)."""
    matched: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(a=[s.key for s in original], b=[s.key for s in variant], autojunk=False)
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            matched[block.b + offset] = block.a + offset
    rebound: set[str] = set()
    steps = []
    for stmt in variant:
        twin = matched.get(stmt.index)
        if stmt.main_guard:
            steps.append(Step(stmt.index, stmt.line, False, why='the `if __name__ == "__main__":` block'))
            continue
        if twin is not None and not ran[twin].run:
            steps.append(Step(stmt.index, stmt.line, False, why=ran[twin].why))
            continue
        changed = twin is None or twin in forced or bool(stmt.loads & rebound)
        if twin is None and stmt.action is not None:
            steps.append(Step(stmt.index, stmt.line, False, why=stmt.action))
            continue
        if stmt.definition:
            steps.append(Step(stmt.index, stmt.line, True))
        elif changed:
            steps.append(Step(stmt.index, stmt.line, True))
        else:
            steps.append(Step(stmt.index, stmt.line, False, reuse=twin))
            continue
        if changed:
            rebound |= stmt.binds
    _copy_on_write(variant, steps)
    return steps


def _copy_on_write(variant: list[Statement], steps: list[Step]) -> None:
    """A statement that runs again may change an object it calls a method of or sets an attribute on
    (`model.compile(...)`, `net.fc = ...`): the variant must not share that object with the original, so
    the statement that bound it runs again too. Values only read (`Linear(n_features, 8)`) stay shared."""
    changed = True
    while changed:
        changed = False
        for index, stmt in enumerate(variant):
            if not steps[index].run or stmt.definition:
                continue
            touched = _receivers(stmt.node)
            for earlier in range(index):
                step = steps[earlier]
                if step.reuse is not None and variant[earlier].binds & touched:
                    step.run, step.reuse = True, None
                    changed = True


def _receivers(node: ast.AST) -> set[str]:
    """Names whose objects a statement may change: receivers of method calls, targets of attribute and
    item assignments."""
    names = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute):
            names.add(_root(sub.func.value))
        elif isinstance(sub, (ast.Attribute, ast.Subscript)) and isinstance(sub.ctx, ast.Store):
            names.add(_root(sub.value))
    names.discard(None)
    return names


# -- reading statements ---------------------------------------------------------------------------

def _binds(node: ast.stmt) -> set[str]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(a.asname or a.name).split(".")[0] for a in node.names if a.name != "*"}
    names = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, (ast.Store, ast.Del)):
            names.add(sub.id)
        elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(sub.name)
        elif isinstance(sub, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in sub.names if a.name != "*"}
    return names


def _loads(node: ast.stmt) -> set[str]:
    return {sub.id for sub in ast.walk(node) if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Load)}


def _is_main_guard(node: ast.stmt) -> bool:
    return isinstance(node, ast.If) and any(isinstance(n, ast.Name) and n.id == "__name__" for n in ast.walk(node.test))


def _action(node: ast.AST, functions: dict, memo: dict, depth: int = 0) -> str | None:
    """What in `node` trains, evaluates or writes ("calls model.fit()"), following calls of the file's
    own top-level functions."""
    for sub in ast.walk(node):
        if not isinstance(sub, ast.Call):
            continue
        func = sub.func
        if isinstance(func, ast.Attribute) and func.attr in ACTION_METHODS:
            return f"it calls {_spell(func)}()"
        if isinstance(func, ast.Attribute) and func.attr in ACTION_FUNCTIONS:
            return f"it calls {_spell(func)}()"
        if isinstance(func, ast.Name) and func.id in functions and depth < 8:
            if func.id not in memo:
                memo[func.id] = None  # recursion guard
                memo[func.id] = _action(functions[func.id], functions, memo, depth + 1)
            if memo[func.id] is not None:
                return f"it calls {func.id}(), which trains or writes"
        elif isinstance(func, ast.Name) and ACTION_NAME.search(func.id):
            return f"it calls {func.id}(), which by its name trains, evaluates or writes"
    return None


def _spell(func: ast.Attribute) -> str:
    try:
        text = ast.unparse(func)
    except Exception:  # pragma: no cover - unparse handles every expression
        return func.attr
    return text if len(text) <= 40 else "…." + func.attr


def describe(stmts: list[Statement], steps: list[Step]) -> list[str]:
    """Human-readable lines, in the file's order: what did not run and why."""
    out = []
    for stmt, step in zip(stmts, steps):
        if not step.run and step.reuse is None and step.why and step.why != "after everything verify uses":
            where = f"line {stmt.line}" if stmt.line == stmt.end_line else f"lines {stmt.line}-{stmt.end_line}"
            out.append((stmt.line, f"{where} did not run ({step.why})"))
    after = [s for s, t in zip(stmts, steps) if t.why == "after everything verify uses"]
    if after:
        first, last = after[0].line, after[-1].end_line
        where = f"line {first}" if first == last else f"lines {first}-{last}"
        out.append((first, f"{where} did not run (after everything verify uses)"))
    return [text for _, text in sorted(out)]
