"""The package's layering: no import cycles, no framework imported by the linter core."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT.parent / "shared" / "tools" / "import_cycles.py"


def _imports() -> dict[str, set[str]]:
    """module -> the nnlint modules it imports (at the top or inside functions), from the source."""
    import ast

    graph = {}
    for path in (ROOT / "nnlint").rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        package = module if parts[-1] == "__init__" else module.rsplit(".", 1)[0]
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("nnlint"))
            elif isinstance(node, ast.ImportFrom):
                base = package
                for _ in range(node.level - 1):
                    base = base.rsplit(".", 1)[0]
                target = (f"{base}.{node.module}" if node.module else base) if node.level else (node.module or "")
                if target.startswith("nnlint"):
                    if node.module:  # `from . import x` imports the submodule x, not the package's contents
                        found.add(target)
                    found.update(f"{target}.{a.name}" for a in node.names)
        graph[module] = found
    # importing a module always runs its parent packages: an edge to an ancestor is no design dependency
    return {module: {t for t in targets if t in graph and t != module and not module.startswith(t + ".")}
            for module, targets in graph.items()}


def test_no_import_cycle_in_the_package():
    graph = _imports()
    cycles = []

    def visit(module, stack, on_stack, done):
        stack.append(module)
        on_stack.add(module)
        for target in sorted(graph[module]):
            if target in on_stack:
                cycles.append(stack[stack.index(target):] + [target])
            elif target not in done:
                visit(target, stack, on_stack, done)
        stack.pop()
        on_stack.discard(module)
        done.add(module)

    done: set[str] = set()
    for module in sorted(graph):
        if module not in done:
            visit(module, [], set(), done)
    # a package importing its own submodules (`from . import x` in __init__) is not a cycle
    real = [c for c in cycles if not all(a.startswith(b + ".") or b.startswith(a + ".") for a, b in zip(c, c[1:]))]
    assert real == [], "import cycles: " + "; ".join(" -> ".join(c) for c in real)


def test_the_shared_cycle_checker_agrees():
    if not TOOL.exists():  # the workplace's own checker, where it is available
        return
    run = subprocess.run([sys.executable, str(TOOL), "nnlint"], cwd=ROOT, capture_output=True, text=True)
    assert "import cycles: 0" in run.stdout, run.stdout


def test_linting_imports_no_framework_and_no_libcst():
    code = ("import sys, nnlint; from nnlint import lint_source;"
            "lint_source('import torch.nn as nn\\nm = nn.Sequential(nn.Linear(2, 2), nn.ReLU())\\n');"
            "print(sorted(m for m in ('torch', 'tensorflow', 'jax', 'keras', 'numpy', 'libcst') if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"
