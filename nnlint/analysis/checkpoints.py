"""Checkpoints to resume from (NN402): model-only saves of an Adam-trained model that a run would restart from.

A save counts when it holds the trained model's weights (its `state_dict()`, the model object, a dict with
them) and nothing of the optimizer, and it is a checkpoint to resume from: made periodically inside the
training loop (the loop that steps the optimizer, in execution order through the module's own functions), or
made anywhere in a script that resumes (loads its checkpoint into the model, then trains). Silent: a single
export after training, a best-metric save (`if valid_loss < best: ...`) in a script that never resumes, saves
before training starts, saves of what is not the trained model (a vocabulary, a cache of word vectors).

The saved object is "the trained model" when its parameters go to an optimizer, when it is compiled or fit,
when it is a model of this file, or — for a helper's parameter or a `self.` attribute — when its name says so.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from .. import frameworks
from ..frameworks import methods as api
from .execution import Event, ExecutionOrder
from .flow import keyword

_MODEL_NAME = re.compile(r"model|net|classifier|encoder|decoder|generator|discriminator", re.IGNORECASE)
_OPTIMIZER_NAME = re.compile(r"optim|(^|_)opt(_|$|imizer)", re.IGNORECASE)
#: a condition that selects the best model so far: `valid_loss < best_valid_loss`, `acc > best_acc`, `is_best`
_METRIC_WORDS = re.compile(r"best|loss|acc|score|metric|err|bleu|psnr|ssim|f1|auc|perplex|ppl|lowest|highest|improv",
                           re.IGNORECASE)

TORCH_SAVE, CHECKPOINT_OBJECT, KERAS_WEIGHTS, KERAS_CALLBACK = "save", "checkpoint", "save_weights", "callback"


@dataclass
class ModelOnlySave:
    call: ast.Call  # where the finding points: the save, the Checkpoint(...) or the ModelCheckpoint(...)
    kind: str
    model: ast.AST | None  # the saved model's expression, when known
    periodic: bool  # made inside the training loop (else: in a script that resumes)


class Checkpoints:
    def __init__(self, facts) -> None:
        self.facts = facts
        self.index = facts.index
        self.training = facts.training
        self._trained = self._trained_receivers()
        self._trainers: dict[str, str] | None = None
        self.timelines = ExecutionOrder(self.index).timelines()
        self._training_loops: set[ast.AST] = set()
        self._first_training: list[int] = []
        self.resumes = False
        #: every place a call runs: (its timeline's number, its position there, the event), found in one pass
        self._runs: dict[int, list[tuple[int, int, Event]]] = {}
        for number, timeline in enumerate(self.timelines):
            self._scan(timeline)
            for position, event in enumerate(timeline):
                self._runs.setdefault(id(event.call), []).append((number, position, event))

    # -- the script's shape ----------------------------------------------------------------------
    def _scan(self, timeline: list[Event]) -> None:
        first = None
        loads = []
        for position, event in enumerate(timeline):
            if self.is_training_step(event.call):
                self._training_loops.update(event.loops)
                if first is None:
                    first = position
                if loads:
                    self.resumes = True  # a load into the model, then training
            elif self._is_load(event.call):
                loads.append(position)
        self._first_training.append(first if first is not None else -1)

    def is_training_step(self, call: ast.Call) -> bool:
        func = call.func
        if isinstance(func, ast.Attribute):
            if func.attr == api.OPTIMIZER_STEP_METHOD and not call.args:
                return self._is_optimizer(func.value)
            if func.attr in api.TRAINING_STEP_METHODS and self.index.qualify(func) is None:
                return True
        if isinstance(func, ast.Name) and func.id not in self.index.functions and func.id not in self.index.classes:
            # `train_one_epoch(model, optimizer, loader)` imported from elsewhere: it steps the optimizer it is given
            scope = self.index.scope_of(call)
            return any(self.training.optimizer_of(a, scope) is not None for a in call.args)
        return False

    def _is_load(self, call: ast.Call) -> bool:
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr in api.LOAD_METHODS and self.index.qualify(func) is None:
            return not self._is_optimizer(func.value)
        if self.index.qualify(func) in frameworks.MODEL_LOADERS:  # `model = torch.load(path)`, then trained
            parent = self.index.parents.get(call)
            return isinstance(parent, ast.Assign) and any(ast.unparse(t) in self._trained for t in parent.targets)
        return False

    def _is_optimizer(self, expr: ast.AST) -> bool:
        scope = self.index.scope_of(expr)
        if self.training.optimizer_of(expr, scope) is not None:
            return True
        name = expr.id if isinstance(expr, ast.Name) else getattr(expr, "attr", "")
        return bool(_OPTIMIZER_NAME.search(name)) and not self._is_options(expr)

    def _is_options(self, expr: ast.AST) -> bool:
        """`opt = parser.parse_args()`: an argparse namespace, not an optimizer."""
        value = self.index.values.value(expr, self.index.scope_of(expr)) if isinstance(expr, ast.Name) else None
        return isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) \
            and value.func.attr in api.ARGUMENT_PARSING_METHODS

    def _trained_receivers(self) -> set[str]:
        """How the code spells the models it trains: `X` of `X.parameters()` given to an optimizer, of
        `X.train()`, `X.compile(...)`, `X.fit(...)`."""
        spelled: set[str] = set()
        for optimizer in self.training.optimizers:
            for node in ast.walk(optimizer.call):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                        and node.func.attr in api.PARAMETER_ITERATORS:
                    spelled.add(_model_spelling(node.func.value))
        for call in self.index.calls:
            func = call.func
            if isinstance(func, ast.Attribute) and func.attr in api.TRAIN_MODE_METHODS \
                    and self.index.qualify(func) is None:
                spelled.add(_model_spelling(func.value))
        return spelled

    # -- what a save holds ---------------------------------------------------------------------------
    def is_model(self, expr: ast.AST) -> bool:
        if _model_spelling(expr) in self._trained:
            return True
        scope = self.index.scope_of(expr)
        if isinstance(expr, ast.Name):
            value = self.index.values.value(expr, scope)
            if value is not None and value is not expr and self.training.model_of(value, scope) is not None:
                return True
            binding = scope.reaching(expr)
            if binding is None and expr.id in scope.params:
                return bool(_MODEL_NAME.search(expr.id))  # `def save(model, path): torch.save(model, path)`
            return False
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id == "self":
            return bool(_MODEL_NAME.search(expr.attr))
        return False

    def saved_model(self, value: ast.AST, depth: int = 0) -> ast.AST | None:
        """The model whose weights this value holds (and nothing of an optimizer), or None."""
        if depth > 4 or value is None:
            return None
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) \
                and value.func.attr == api.STATE_DICT_METHOD:
            receiver = value.func.value
            return receiver if self.is_model(receiver) else None
        if isinstance(value, ast.Dict):
            if any(self.holds_optimizer(v) for v in value.values) or any(
                    isinstance(k, ast.Constant) and isinstance(k.value, str) and _OPTIMIZER_NAME.search(k.value)
                    for k in value.keys):
                return None
            return next((m for m in (self.saved_model(v, depth + 1) for v in value.values) if m is not None), None)
        if isinstance(value, (ast.Name, ast.Attribute)):
            if self.is_model(value):
                return value
            if isinstance(value, ast.Name):
                bound = self.index.values.value(value, self.index.scope_of(value))
                if bound is not None and bound is not value and isinstance(bound, (ast.Dict, ast.Call)):
                    return self.saved_model(bound, depth + 1)
        return None

    def holds_optimizer(self, value: ast.AST) -> bool:
        """An optimizer, its state_dict, or a container holding one (not the arguments of a call: `Net(opt.x)`)."""
        if isinstance(value, ast.Call):
            func = value.func
            return isinstance(func, ast.Attribute) and func.attr == api.STATE_DICT_METHOD \
                and self._is_optimizer(func.value)
        if isinstance(value, (ast.Name, ast.Attribute)):
            if self._is_optimizer(value):
                return True
            if isinstance(value, ast.Name):
                bound = self.index.values.value(value, self.index.scope_of(value))
                return isinstance(bound, (ast.Dict, ast.List, ast.Tuple)) and self.holds_optimizer(bound)
            return False
        if isinstance(value, ast.Dict):
            return any(isinstance(k, ast.Constant) and isinstance(k.value, str) and _OPTIMIZER_NAME.search(k.value)
                       for k in value.keys) or any(self.holds_optimizer(v) for v in value.values)
        if isinstance(value, (ast.List, ast.Tuple)):
            return any(self.holds_optimizer(v) for v in value.elts)
        return False

    # -- is it a checkpoint to resume from? --------------------------------------------------------------
    def resumable(self, call: ast.Call, best_only: bool = False) -> tuple[bool, bool]:
        """(is it a checkpoint to resume from, is it periodic) for a save call, over every place it runs."""
        periodic = False
        after_training = False
        for number, position, event in self._runs.get(id(call), ()):
            first = self._first_training[number]
            in_loop = any(loop in self._training_loops for loop in event.loops)
            if in_loop and not best_only and not any(_selects_best(t) for t in event.tests):
                periodic = True
            elif in_loop or first == -1 or position > first:
                after_training = True
        if periodic:
            return True, True
        return after_training and self.resumes, False

    # -- the saves ---------------------------------------------------------------------------------------
    def model_only_saves(self) -> list[ModelOnlySave]:
        found = []
        index = self.index
        optimizer_state_saved = self._optimizer_state_taken()
        keeps_optimizer = self._keras_saves_whole_model()
        for call in index.calls:
            qual = index.qualify(call.func)
            if qual in frameworks.MODEL_SAVERS and call.args and not optimizer_state_saved:
                model = self.saved_model(call.args[0])
                kind = TORCH_SAVE
            elif qual in frameworks.CHECKPOINTS:
                model = self._checkpoint_without_optimizer(call)
                kind = CHECKPOINT_OBJECT
            elif qual in frameworks.CHECKPOINT_CALLBACKS:
                model = self._weights_only_callback(call)
                kind = KERAS_CALLBACK
            elif isinstance(call.func, ast.Attribute) and call.func.attr == api.WEIGHTS_ONLY_SAVE_METHOD \
                    and qual is None and not keeps_optimizer and self.is_model(call.func.value):
                model, kind = call.func.value, KERAS_WEIGHTS
            else:
                continue
            if model is None:
                continue
            resumable, periodic = self._judge(call, kind)
            if resumable:
                found.append(ModelOnlySave(call, kind, model if isinstance(model, ast.AST) else None, periodic))
        return found

    def _judge(self, call: ast.Call, kind: str) -> tuple[bool, bool]:
        if kind == KERAS_CALLBACK:  # it saves every epoch; with save_best_only it selects a model
            best = keyword(call, api.CHECKPOINT_BEST_ONLY)
            best_only = best is not None and self.index.values.literal(best.value, self.index.scope_of(call)) is True
            if not best_only:
                return True, True
            return self.resumes, False
        if kind == CHECKPOINT_OBJECT:
            sites = self._checkpoint_saves(call)
            results = [self.resumable(site) for site in sites]
            if any(periodic for _, periodic in results):
                return True, True
            return (bool(sites) or self._restored(call)) and self.resumes, False
        return self.resumable(call)

    def _checkpoint_without_optimizer(self, call: ast.Call):
        values = list(call.args) + [k.value for k in call.keywords]
        if any(self.holds_optimizer(v) for v in values) or any(
                k.arg and _OPTIMIZER_NAME.search(k.arg) for k in call.keywords):
            return None
        return next((v for v in values if self.is_model(v)), True if values else None)

    def _weights_only_callback(self, call: ast.Call):
        weights_only = keyword(call, api.CHECKPOINT_WEIGHTS_ONLY)
        if weights_only is None or self.index.values.literal(weights_only.value, self.index.scope_of(call)) is not True:
            return None
        return True

    def _checkpoint_saves(self, checkpoint: ast.Call) -> list[ast.Call]:
        """`ckpt.save(...)`/`ckpt.write(...)`, and `manager.save()` of a `CheckpointManager(ckpt, ...)`."""
        holders = self._uses_of_value(checkpoint)
        saves = []
        for use in holders:
            parent = self.index.parents.get(use)
            if isinstance(parent, ast.Attribute) and parent.attr in api.CHECKPOINT_SAVE_METHODS:
                call = self.index.parents.get(parent)
                if isinstance(call, ast.Call) and call.func is parent:
                    saves.append(call)
            elif isinstance(parent, ast.Call) and self.index.qualify(parent.func) in frameworks.CHECKPOINT_MANAGERS:
                saves.extend(self._checkpoint_saves(parent))
        return saves

    def _restored(self, checkpoint: ast.Call) -> bool:
        for use in self._uses_of_value(checkpoint):
            parent = self.index.parents.get(use)
            if isinstance(parent, ast.Attribute) and parent.attr in api.LOAD_METHODS:
                return True
        return False

    def _uses_of_value(self, call: ast.Call) -> list[ast.AST]:
        parent = self.index.parents.get(call)
        if not (isinstance(parent, ast.Assign) and len(parent.targets) == 1):
            return []
        target = parent.targets[0]
        if isinstance(target, ast.Name):
            scope = self.index.scope_of(parent)
            binding = next((b for b in scope.bindings.get(target.id, ()) if b.stmt is parent), None)
            return list(scope.may_use(binding)) if binding is not None else []
        if isinstance(target, ast.Attribute):
            spelled = ast.unparse(target)
            cls = self.index.class_of(parent)
            root = cls.node if cls is not None else self.index.tree
            return [n for n in ast.walk(root) if isinstance(n, ast.Attribute) and isinstance(n.ctx, ast.Load)
                    and ast.unparse(n) == spelled]
        return []

    def _optimizer_state_taken(self) -> bool:
        """`optimizer.state_dict()` called anywhere in the module: its state goes into some checkpoint."""
        for call in self.index.calls:
            func = call.func
            if isinstance(func, ast.Attribute) and func.attr == api.STATE_DICT_METHOD and self._is_optimizer(func.value):
                return True
        return False

    def _keras_saves_whole_model(self) -> bool:
        """`model.save(...)` (which keeps the optimizer) or a tf.train.Checkpoint anywhere in the module."""
        for call in self.index.calls:
            func = call.func
            if isinstance(func, ast.Attribute) and func.attr == api.FULL_SAVE_METHOD and self.index.qualify(func) is None \
                    and self.is_model(func.value):
                return True
            if self.index.qualify(func) in frameworks.CHECKPOINTS:
                return True
        return False

    def optimizer_for(self, model: ast.AST | None) -> str | None:
        """How the code spells the optimizer that trains `model` (`optimizer_G` for `G`), when one does visibly."""
        if model is None:
            return None
        if self._trainers is None:  # model spelling -> the optimizer's, from one walk of the optimizers
            self._trainers = {}
            for optimizer in self.training.optimizers:
                parent = self.index.parents.get(optimizer.call)
                if not (isinstance(parent, ast.Assign) and len(parent.targets) == 1):
                    continue
                for n in ast.walk(optimizer.call):
                    if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) \
                            and n.func.attr in api.PARAMETER_ITERATORS:
                        self._trainers.setdefault(_model_spelling(n.func.value), ast.unparse(parent.targets[0]))
        return self._trainers.get(_model_spelling(model))


def _model_spelling(expr: ast.AST) -> str:
    """`model.module` (DataParallel) is `model`."""
    text = ast.unparse(expr)
    return text[: -len(".module")] if text.endswith(".module") else text


def _selects_best(test: ast.expr) -> bool:
    """`if valid_loss < best_valid_loss:`, `if acc > best_acc:`, `if is_best:` — model selection."""
    for node in ast.walk(test):
        if isinstance(node, ast.Compare) and any(isinstance(op, (ast.Lt, ast.Gt, ast.LtE, ast.GtE)) for op in node.ops):
            sides = [node.left, *node.comparators]
            if all(not isinstance(side, ast.Constant) for side in sides) and _METRIC_WORDS.search(ast.unparse(node)):
                return True
        if isinstance(node, ast.Name) and "best" in node.id.lower():
            return True
    return False
