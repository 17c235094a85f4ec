"""`ModuleFacts`: everything rules may ask about one file, computed lazily and at most once."""

from __future__ import annotations

import ast
from functools import cached_property

from .analysis.flow import Flow
from .analysis.models import Model, ModelFinder
from .analysis.module import ModuleIndex
from .document import Document
from .frameworks.spec import ACT, PASS, RELU_FAMILY


class ModuleFacts:
    """What rules may ask about one module. The stable part, for rules outside nnlint (docs/plugins.md):
    `document`, `tree`, `options`, `calls`, `qualify(expr)`, `parent(node)`, `models`, `training`,
    `activations_in(node)`; `index` and `flow` are nnlint's own and may change."""

    def __init__(self, document: Document, tree: ast.Module | None = None, options: dict | None = None):
        self.document = document
        self.tree = tree if tree is not None else document.tree
        self.options = options or {}
        self.index = ModuleIndex(self.tree)
        self.flow = Flow(self.index)
        self._finder = ModelFinder(self.index, self.flow)
        self._activations: dict[int, set[str]] = {}

    @property
    def calls(self) -> list[ast.Call]:
        """Every call in the module, in source order."""
        return self.index.calls

    def qualify(self, expr: ast.AST) -> str | None:
        """The canonical framework name an expression spells through the module's imports
        (`nn.Linear` → `torch.nn.Linear`), or None for anything else (a local name, an unknown module)."""
        return self.index.qualify(expr)

    def parent(self, node: ast.AST) -> ast.AST | None:
        return self.index.parents.get(node)

    @property
    def values(self):
        """The file's value model (`nnlint.analysis.values.Values`)."""
        return self.index.values

    @cached_property
    def models(self) -> list[Model]:
        return self._finder.models()

    @cached_property
    def training(self):
        from .analysis.training import TrainingFacts

        return TrainingFacts(self.index, self.flow, self.models)

    @cached_property
    def data(self):
        """Where input arrays come from (`analysis.data.DataFlow`): NN7, NN8."""
        from .analysis.data import DataFlow

        return DataFlow(self.index, self.flow)

    @cached_property
    def data_sinks(self):
        """Where inputs meet a model: training and evaluation calls (`analysis.sinks.Sinks`)."""
        from .analysis.sinks import Sinks

        return Sinks(self, self.data)

    @cached_property
    def loss_uses(self):
        return self.training.loss_uses()

    @cached_property
    def weight_inits(self):
        """Weight initialisations that ignore fan-in (`analysis.weight_inits.BadInit`), in source order."""
        from .analysis.weight_inits import WeightInits

        return list(WeightInits(self).sites())

    @cached_property
    def transformer_style(self):
        """Which layers belong to a transformer-style network (`analysis.transformer.TransformerStyle`)."""
        from .analysis.transformer import TransformerStyle

        return TransformerStyle(self)

    @cached_property
    def bias_free_layers(self):
        """Layers built with their bias disabled and no normalisation after them (`analysis.bias_free`)."""
        from .analysis.bias_free import bias_free_layers

        return bias_free_layers(self)

    @cached_property
    def adam_decays(self):
        """Learning-rate decays on Adam-family optimizers, with their shape (`analysis.schedules.Decay`)."""
        from .analysis.schedules import adam_decays

        return adam_decays(self)

    @cached_property
    def _output_heads(self) -> set[int]:
        return self._heads(skip_activation=False)

    @cached_property
    def _output_layers(self) -> set[int]:
        return self._heads(skip_activation=True)

    def _heads(self, skip_activation: bool) -> set[int]:
        heads: set[int] = set()
        chains = [chain for model in self.models for chain in model.chains]
        chains += [chain for use in self.loss_uses for chain in use.chains]
        for chain in chains:
            head = next((op for op in chain if op.kind != PASS and not (
                skip_activation and op.kind == ACT and op.act not in RELU_FAMILY)), None)
            if head is not None:
                heads.update(id(n) for n in (head.construct, head.node) if n is not None)
        return heads

    def is_output_head(self, node: ast.AST) -> bool:
        """Is this layer (its construction or application) the head of a model's output, or of what a loss is
        fed (TF1 graphs have no model object)?"""
        return id(node) in self._output_heads

    def is_output_layer(self, node: ast.AST) -> bool:
        """The model's last learned layer: its head, or the layer under a separate probability or bounded
        activation that is the head (`Dense(10)` then `Activation("softmax")`). A ReLU after it is NN101's."""
        return id(node) in self._output_layers

    @cached_property
    def has_training_code(self) -> bool:
        return self._finder.has_training_code()

    def activations_in(self, node: ast.AST | None = None) -> set[str]:
        """Every activation applied or built inside `node` (default: the whole file)."""
        key = id(node) if node is not None else 0
        cached = self._activations.get(key)
        if cached is not None:
            return cached
        from . import frameworks
        from .frameworks import methods as api

        from bisect import bisect_left, bisect_right

        found: set[str] = set()
        calls = self.index.calls
        if node is not None:  # the calls are in source order: the node's are one slice of them
            positions = self.__dict__.get("_call_positions")
            if positions is None:
                positions = self.__dict__["_call_positions"] = [(c.lineno, c.col_offset) for c in calls]
            start, end = (node.lineno, node.col_offset), (node.end_lineno, node.end_col_offset)
            calls = calls[bisect_left(positions, start):bisect_right(positions, end)]
        for call in calls:
            qual = self.index.qualify(call.func)
            spec = frameworks.layer_spec(qual)
            if spec is not None:
                op = self.flow.construct_op(call, None)
                if op is not None and op.act:
                    found.add(op.act)
            elif isinstance(call.func, ast.Attribute) and qual is None:
                act = frameworks.TENSOR_ACTIVATIONS.get(call.func.attr)
                receiver = call.func.value
                if act and not (isinstance(receiver, ast.Name) and receiver.id == "self"):
                    found.add(act)
            for kw in call.keywords:  # `activation="relu"` handed to a layer nnlint does not know
                if kw.arg in api.ACTIVATION_KEYWORDS:
                    act = self.flow.activation_value(kw.value, None)
                    if act:
                        found.add(act)
        self._activations[key] = found
        return found
