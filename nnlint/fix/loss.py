"""NN104 (Keras only): tell a probability loss that it receives logits, `from_logits=True`.

A string loss (`loss="sparse_categorical_crossentropy"`) becomes the loss class with
`from_logits=True`, spelled with the module's own Keras alias; a loss class or function call gets the
keyword (or has `from_logits=False` turned into `True`). PyTorch and hand-written losses get no fix.
"""

from __future__ import annotations

import ast

import libcst as cst

from .. import frameworks
from ..analysis.flow import keyword
from ..diagnostics import Fix
from ..facts import ModuleFacts
from .common import spell, with_keyword_fix
from .document import Document, Unfixable, document, parse_expression

_LOSS_CLASSES = {
    "sparse_categorical_crossentropy": "SparseCategoricalCrossentropy",
    "categorical_crossentropy": "CategoricalCrossentropy",
    "binary_crossentropy": "BinaryCrossentropy",
}
_KERAS_ROOTS = ("tensorflow.keras", "keras", "tf_keras")


def from_logits(finding, facts: ModuleFacts) -> Fix:
    node = finding.node
    doc = document(facts, finding.node)
    if isinstance(node, ast.keyword):
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            return _string_loss(doc, facts, node.value)
        node = node.value
    if not isinstance(node, ast.Call):
        raise Unfixable("the loss is not written here")
    qual = facts.index.qualify(node.func)
    if qual is None or frameworks.framework_of(qual) != "keras":
        raise Unfixable("not a Keras loss")
    existing = keyword(node, "from_logits")
    if existing is not None:
        if not (isinstance(existing.value, ast.Constant) and existing.value.value is False):
            raise Unfixable("from_logits is not a literal False")
        value = doc.expression(existing.value)
        return doc.replace("Set `from_logits=True`", (value, cst.Name("True")))
    return with_keyword_fix(doc, node, "from_logits", "True", "Add `from_logits=True`")


def _string_loss(doc: Document, facts: ModuleFacts, value: ast.Constant) -> Fix:
    name = _LOSS_CLASSES.get(value.value.lower())
    if name is None:
        raise Unfixable("not a probability loss string")
    spellings = [s for s in (spell(facts, value, f"{root}.losses.{name}") for root in _KERAS_ROOTS) if s]
    if not spellings:
        raise Unfixable("no import to spell keras.losses with")
    code = f"{min(spellings, key=len)}(from_logits=True)"
    return doc.replace(f"Use `{name}(from_logits=True)`",
                       (doc.expression(value), parse_expression(code, doc.module)))
