"""Module-level functions that build a network (TF1 graph builders: `def generator(z): ...; return output`).

A value such a function returns through parameter-free steps is that network's output when nothing learned
follows it at the callers, or when what follows is another network applied to other inputs as well: a GAN
generator's image goes on into the discriminator, which also judges the real images, yet it is the generator's
output layer (NN301's output-layer exemption) and not a hidden layer (NN111). An encoder whose codes only feed a
decoder is not a network of its own: its codes are hidden."""

from __future__ import annotations

import ast

from .. import frameworks
from ..frameworks.spec import BIASED
from .budgets import CALLER_DEPTH
from .flow import OUTPUT

#: a function with fewer learned layers is a layer helper, not a network
MIN_BUILDER_LAYERS = 2


def builder_output(facts, node: ast.AST) -> bool:
    """`node`'s value is what a module-level network-building function returns (only activations, norms and
    parameter-free steps in between), and that function applies at least two learned layers."""
    index = facts.index
    func = index.enclosing_function(node)
    if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)) or not index.values.module_function(func):
        return False
    if _learned_layers(facts, func) < MIN_BUILDER_LAYERS:
        return False
    # from CALLER_DEPTH on, a return is the end of the path: the callers are not followed
    paths = facts.flow.forward_paths(node, index.scope(func), depth=CALLER_DEPTH)
    if not paths or not all(path and path[-1].kind == OUTPUT and not any(op.is_learned for op in path)
                            for path in paths):
        return False
    for caller in index.values.callers(func):
        for path in facts.flow.forward_paths(caller, index.scope_of(caller)):
            learned = next((op for op in path if op.is_learned), None)
            if learned is not None and not _other_shared_network(facts, learned.node, func):
                return False
    return True


def _other_shared_network(facts, node: ast.AST, func: ast.AST) -> bool:
    """`node` is in another network-building function that is applied more than once (a GAN's discriminator:
    `D(G(z))` and `D(x)`)."""
    index = facts.index
    other = index.enclosing_function(node)
    return other is not func and isinstance(other, (ast.FunctionDef, ast.AsyncFunctionDef)) \
        and index.values.module_function(other) and len(index.values.callers(other)) > 1 \
        and _learned_layers(facts, other) >= MIN_BUILDER_LAYERS


def _learned_layers(facts, func: ast.AST) -> int:
    """Weight products (`tf.matmul(x, W)`) and dense/conv layer calls in the function (memoised per function)."""
    cache = facts.__dict__.setdefault("_builder_layers", {})
    if id(func) not in cache:
        index, count = facts.index, 0
        for node in ast.walk(func):
            if isinstance(node, ast.Call):
                qual = index.qualify(node.func)
                spec = frameworks.layer_spec(qual)
                if qual in frameworks.PRODUCT_FUNCTIONS or spec is not None and spec.kind in BIASED:
                    count += 1
        cache[id(func)] = count
    return cache[id(func)]
