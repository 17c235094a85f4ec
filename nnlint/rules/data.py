"""NN7: whiten the inputs, and apply the same scaling at test time (NN701, NN702, NN703)."""

from __future__ import annotations

import ast
from typing import Iterator

from ..analysis.data import TEST, TRAIN, Origin, ScaleStep
from ..analysis.sinks import EVALUATION, EVALUATION_NAME, TRAINING, TRAINING_NAME, Sink
from ..analysis.values import argument
from ..diagnostics import Applicability, Severity
from ..facts import ModuleFacts
from ..frameworks import data as records
from ..frameworks.data import EMBEDS, LEARNED_INPUT, NORMALIZES, RANGE
from ..intents import ReplaceExpression
from .base import Finding, Invalid, Rule, Valid, dedent
from .registry import register


def _origins(facts: ModuleFacts, sink: Sink) -> tuple[Origin, ...]:
    return facts.data.origins(sink.value, facts.index.scope_of(sink.call))


def _is_image(origin: Origin) -> bool:
    return "pixel" in origin.what or "image" in origin.what


@register
class UnnormalizedInput(Rule):
    """## What it does
    Flags training inputs that come straight from a raw source and reach a training call with no scaling
    step on the way: Keras' bundled image datasets and Boston housing features, columns read with pandas or
    `numpy.loadtxt`/`genfromtxt`, images read with cv2, imageio or PIL (made an array), image datasets read
    from a directory or from TFDS — fed to `fit()`/`train_on_batch()`, a `TensorDataset` or
    `tf.data.Dataset.from_tensor_slices` iterated by a training loop, a torch forward pass in a loop that
    calls `backward()`, or a TF1 `feed_dict` of the train op — when the model's first layer is a learned
    layer that takes the values as they are.

    ## Why it matters
    Whiten the inputs. A dense or convolutional layer initialised for inputs of roughly unit scale that
    receives pixels of 0–255 or columns in the thousands starts with huge, lopsided activations: the
    gradients of the first layer are dominated by the largest features, training is slow or stalls, and
    the learning rate that works for one feature is wrong for another. Subtracting the mean and dividing
    by the spread (or simply dividing pixels by 255) makes every feature count from the first step.

    ## Example
    ```python
    (x_train, y_train), _ = keras.datasets.mnist.load_data()
    model.fit(x_train, y_train, epochs=5)        # pixels 0–255
    ```

    ## Use instead
    ```python
    x_train = x_train.astype("float32") / 255.0
    model.fit(x_train, y_train, epochs=5)
    ```
    For tabular data, fit a `StandardScaler` on the training set and `transform` every split with it.
    Any scaling step counts (arithmetic by a constant or a statistic, scikit-learn scalers, `ToTensor`,
    `Normalize`, `ImageDataGenerator(rescale=…)`, a `Rescaling`/`Normalization`/`BatchNormalization` first
    layer, a `.map(fn)` or a helper nnlint cannot see into). Token or category ids fed to an `Embedding`,
    one-hot arrays and labels are never flagged.
    """

    code = "NN701"
    name = "unnormalized-input"
    severity = Severity.WARNING
    summary = "raw (unscaled) inputs reach a training call"

    valid = [
        Valid(dedent("""
            from tensorflow import keras
            (x_train, y_train), _ = keras.datasets.mnist.load_data()
            x_train = x_train.astype("float32") / 255.0
            model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10)])
            model.fit(x_train, y_train)
        """)),
        Valid(dedent("""
            import pandas as pd
            from tensorflow import keras
            from preprocessing import clean
            X = clean(pd.read_csv("train.csv").values)
            model = keras.Sequential([keras.layers.Dense(16), keras.layers.Dense(1)])
            model.fit(X, X[:, 0])
        """)),
    ]
    invalid = [
        Invalid(dedent("""
            from tensorflow import keras
            (x_train, y_train), _ = keras.datasets.mnist.load_data()
            model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10)])
            model.fit(x_train, y_train)
        """), at=((4, 11),)),
    ]

    def check(self, facts: ModuleFacts) -> Iterator[Finding]:
        seen: set[int] = set()
        training = [s for s in facts.data_sinks.all if s.kind == TRAINING]
        for sink in training:
            if sink.model.kind != LEARNED_INPUT:
                continue
            origins = _origins(facts, sink)
            if not origins or not all(o.unscaled_raw for o in origins):
                continue
            if sink.dataset and not self._iterated_raw(facts, sink, training):
                continue
            throughs = {id(o.through) for o in origins}
            where = origins[0].through if len(throughs) == 1 and origins[0].through is not None else sink.where
            if id(where) in seen:
                continue
            seen.add(id(where))
            origin = origins[0]
            remedy = ("divide by 255 (`x.astype('float32') / 255`) or standardize" if _is_image(origin) else
                      "standardize them (fit a `StandardScaler` on the training split and `transform` every split)")
            yield Finding(where, f"{origin.what} reach {sink.label} unscaled: a learned first layer on values "
                                 f"of that size starts with huge activations and trains slowly or not at all; "
                                 f"{remedy}")


    @staticmethod
    def _iterated_raw(facts: ModuleFacts, dataset: Sink, training: list[Sink]) -> bool:
        """A dataset is the training call only where nothing downstream is: a `fit()` of it decides for itself,
        and a training loop that scales its batches (`xb / 255`) is a scaling step on the way."""
        for other in training:
            if other is not dataset and not other.dataset and any(o.through is dataset.where
                                                                 for o in _origins(facts, other)):
                return False  # that call reports it (or does not)
        consumed = []
        for call, given in facts.data_sinks.loop_inputs:
            consumed += [o for o in facts.data.origins(given, facts.index.scope_of(call)) if o.through is dataset.where]
        return all(o.unscaled_raw for o in consumed)


@register
class TestInputNotNormalized(Rule):
    """## What it does
    Flags test inputs that do not get the scaling the training inputs got: inputs given to `evaluate()`,
    `predict()`, `test_on_batch()`, `validation_data=`, an evaluation-mode forward pass or a TF1 run without
    the train op, that come from the same raw source as scaled training inputs but skip their scaling
    step; a scaler re-fitted on test data (`scaler.fit_transform(x_test)`, another scaler's `fit` on
    test/validation data); test data standardized with its own statistics
    (`(x_test - x_test.mean()) / x_test.std()`) while the training data used the training set's.

    ## Why it matters
    A model learns the scaled inputs it was trained on. Evaluated on raw values it sees numbers hundreds
    of times larger than anything it learned from, and its predictions are meaningless. A scaler fitted
    again on the test set (or statistics taken from it) maps the same raw value to a different input than
    in training, shifts the test data by its own mean and leaks test information into the evaluation: the
    reported accuracy is not what the model does on new data.

    ## Example
    ```python
    scaler = StandardScaler()
    x_train = scaler.fit_transform(x_train)
    x_test = scaler.fit_transform(x_test)
    ```

    ## Use instead
    ```python
    scaler = StandardScaler()
    x_train = scaler.fit_transform(x_train)
    x_test = scaler.transform(x_test)
    ```

    ## Fix safety
    Unsafe: replacing `fit_transform(x_test)` by `transform(x_test)` (offered when the same scaler was fitted
    on the training inputs before) changes every number the evaluation reports — the test inputs are scaled
    by the training statistics from then on. Apply it with `--fix --unsafe-fixes` and run the evaluation
    again.
    """

    code = "NN702"
    name = "test-input-not-normalized"
    severity = Severity.ERROR
    summary = "test inputs scaled differently from the training inputs"

    valid = [
        Valid(dedent("""
            from sklearn.preprocessing import StandardScaler
            from tensorflow import keras
            scaler = StandardScaler()
            x_train = scaler.fit_transform(x_train)
            x_test = scaler.transform(x_test)
        """)),
        Valid(dedent("""
            from tensorflow import keras
            (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
            x_train, x_test = x_train / 255.0, x_test / 255.0
            model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10)])
            model.fit(x_train, y_train)
            model.evaluate(x_test, y_test)
        """)),
    ]
    invalid = [
        Invalid(dedent("""
            from sklearn.preprocessing import StandardScaler
            from tensorflow import keras
            scaler = StandardScaler()
            x_train = scaler.fit_transform(x_train)
            x_test = scaler.fit_transform(x_test)
        """), at=((5, 10),), fixed=dedent("""
            from sklearn.preprocessing import StandardScaler
            from tensorflow import keras
            scaler = StandardScaler()
            x_train = scaler.fit_transform(x_train)
            x_test = scaler.transform(x_test)
        """)),
        Invalid(dedent("""
            from tensorflow import keras
            (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
            x_train = x_train / 255.0
            model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10)])
            model.fit(x_train, y_train)
            model.evaluate(x_test, y_test)
        """), at=((6, 16),)),
    ]

    def check(self, facts: ModuleFacts) -> Iterator[Finding]:
        fits = _scaler_fits(facts)
        yield from self._raw_at_evaluation(facts)
        yield from self._refitted_scalers(facts, fits)
        yield from self._own_statistics(facts, any(part == TRAIN for _, _, part in fits))

    # -- evaluation inputs that skip the training inputs' scaling ---------------------------------------------
    def _raw_at_evaluation(self, facts: ModuleFacts) -> Iterator[Finding]:
        sinks = facts.data_sinks.all
        training = [s for s in sinks if s.kind == TRAINING]
        if not training:
            return
        seen: set[int] = set()
        steps = self._training_steps(facts, training)
        for sink in sinks:
            if sink.kind != EVALUATION or sink.model.kind in (NORMALIZES, EMBEDS) or id(sink.where) in seen:
                continue
            origins = _origins(facts, sink)
            if not origins or not all(o.unscaled_raw for o in origins):
                continue
            step = self._training_step(facts, steps, sink, {o.source_name for o in origins})
            throughs = {id(o.through) for o in origins}
            where = origins[0].through if len(throughs) == 1 and origins[0].through is not None else sink.where
            if step is None or id(where) in seen:
                continue
            seen.add(id(sink.where))
            seen.add(id(where))
            yield Finding(where, f"{origins[0].what} reach {sink.label} unscaled, but the training inputs from "
                                      f"the same source were scaled (`{_code(facts, step.node)}`, line "
                                      f"{step.node.lineno}): the model sees values it never learned; apply the same "
                                      f"step to the evaluation inputs")

    @staticmethod
    def _training_steps(facts, training: list[Sink]) -> dict[tuple, tuple[int, int, ScaleStep]]:
        """For each (network, raw source): where the first training call of that network's inputs from that
        source is, and their step nearest the source — one index, so that each evaluation call looks up its
        model's training in constant time. A training call of an unknown model is filed under None (it may
        be any model's), and every training call also under _ANY_MODEL (for an evaluation of an unknown one)."""
        found: dict[tuple, tuple[int, int, ScaleStep]] = {}
        for position, train in enumerate(training):
            networks = facts.data_sinks.networks(train.model_key) if train.model_key is not None else {None}
            for rank, origin in enumerate(_origins(facts, train)):
                if origin.raw and origin.steps:
                    for network in (*networks, _ANY_MODEL):
                        found.setdefault((network, origin.source_name), (position, rank, origin.steps[-1]))
        return found

    @staticmethod
    def _training_step(facts, steps, sink: Sink, sources: set[str]) -> ScaleStep | None:
        """The scaling step of the first training call, of the same model (`DataSinks.same_model`), whose inputs
        come from one of `sources`."""
        networks = (_ANY_MODEL,) if sink.model_key is None else (*facts.data_sinks.networks(sink.model_key), None)
        candidates = [steps[(network, source)] for network in networks for source in sources
                      if (network, source) in steps]
        return min(candidates, key=lambda item: item[:2])[2] if candidates else None

    # -- a scaler fitted again on test data ------------------------------------------------------------------------
    def _refitted_scalers(self, facts: ModuleFacts, fits) -> Iterator[Finding]:
        on_training = [(call, scaler) for call, scaler, part in fits if part == TRAIN]
        if not on_training:
            return
        for call, scaler, part in fits:
            if part != TEST:
                continue
            earlier = any(scaler is fitted and (c.lineno, c.col_offset) < (call.lineno, call.col_offset)
                          for c, fitted in on_training)
            fix = None
            if earlier and call.func.attr == records.SCALER_FIT_TRANSFORM_METHOD:
                receiver = facts.document.segment(call.func.value)
                fix = ReplaceExpression(node=call.func, code=f"{receiver}.{records.SCALER_TRANSFORM_METHOD}",
                                        message="Use the training scaler's `transform`",
                                        applicability=Applicability.UNSAFE)
            advice = ("use `transform` with the scaler fitted on the training data" if earlier else
                      "fit one scaler on the training data and `transform` the test data with it")
            yield Finding(call, f"`{_code(facts, call)}` fits a scaler on test data: the test inputs are scaled by "
                                f"their own statistics, not the training data's, so the evaluation does not measure "
                                f"what the model does on new data; {advice}", fix)

    # -- test data standardized with its own statistics -------------------------------------------------------------
    def _own_statistics(self, facts: ModuleFacts, scaler_on_training: bool) -> Iterator[Finding]:
        statistics = [s for s in (_statistic(facts, call) for call in facts.index.calls) if s is not None]
        parts = [_statistic_part(facts, call, target, scope) for call, target, scope in statistics]
        if TRAIN not in parts and not scaler_on_training:
            return  # the training data's own scaling is not visible
        reported: set[int] = set()
        for (call, target, scope), part in zip(statistics, parts):
            statement = _statement(facts, call)
            if part != TEST or id(statement) in reported or not _standardizes_itself(facts, call, target, scope):
                continue
            reported.add(id(statement))
            yield Finding(call, f"`{_code(facts, call)}` takes the test data's own statistics: the test inputs are "
                                f"standardized differently from the training inputs; use the mean and std computed "
                                f"on the training data")


#: the key a training call is also filed under, for an evaluation whose model is unknown (any model)
_ANY_MODEL = object()


def _scaler_fits(facts: ModuleFacts) -> list[tuple[ast.Call, ast.Call, str | None]]:
    """Every `scaler.fit(x)` / `scaler.fit_transform(x)` of a scikit-learn scaler: (the call, the scaler's
    construction, which part of the data it is fitted on)."""
    fits = []
    for call in facts.index.calls:
        func = call.func
        if not (isinstance(func, ast.Attribute) and func.attr in records.SCALER_FIT_METHODS and call.args):
            continue
        scope = facts.index.scope_of(call)
        owner = facts.data.construction(func.value, scope)
        if owner is not None and owner[0] in records.SCALERS:
            fits.append((call, owner[1], _data_part(facts, call.args[0], scope)))
    return fits


def _statement(facts: ModuleFacts, node: ast.AST) -> ast.AST | None:
    while node is not None and not isinstance(node, ast.stmt):
        node = facts.index.parents.get(node)
    return node


def _statistic_part(facts: ModuleFacts, call: ast.Call, target: ast.expr, scope) -> str | None:
    """Whose statistic: the data's part (by name or split), else the part the statement assigns
    (`test_x = (probe - probe.min(0)) / …`)."""
    part = _data_part(facts, target, scope)
    statement = _statement(facts, call)
    if part is None and isinstance(statement, ast.Assign):
        parts = {_data_part(facts, t, scope) for t in statement.targets if isinstance(t, ast.Name)}
        part = parts.pop() if len(parts) == 1 else None
    return part


_STATISTIC_LEAVES = records.STATISTIC_METHODS | {name.rsplit(".", 1)[-1] for name in records.STATISTIC_FUNCTIONS}


def _statistic(facts: ModuleFacts, call: ast.Call):
    """(call, the data it summarises, scope) for a whole-dataset statistic (`x.mean()`, `np.std(x, axis=0)`)."""
    func = call.func
    leaf = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
    if leaf not in _STATISTIC_LEAVES:
        return None
    scope = facts.index.scope_of(call)
    qual = facts.data.qualify(func, scope)
    if qual in records.STATISTIC_FUNCTIONS and call.args:
        target, axis = call.args[0], argument(call, 1, records.STATISTIC_AXIS[1])
    elif qual is None and isinstance(func, ast.Attribute) and func.attr in records.STATISTIC_METHODS:
        target, axis = func.value, argument(call, *records.STATISTIC_AXIS)
    else:
        return None
    if _root_name(target) is None:
        return None
    if axis is not None and facts.values.literal(axis, scope) not in (0, None):
        return None  # per sample or per position: not a statistic of the data set
    return call, target, scope


def _data_part(facts: ModuleFacts, expr: ast.AST, scope) -> str | None:
    """TRAIN or TEST for data named or split as such (`x_test`, the second output of train_test_split)."""
    name = ast.unparse(expr)
    if EVALUATION_NAME.search(name) and not TRAINING_NAME.search(name):
        return TEST
    if TRAINING_NAME.search(name) and not EVALUATION_NAME.search(name):
        return TRAIN
    parts = {o.split for o in facts.data.origins(expr, scope)}
    return parts.pop() if len(parts) == 1 else None


def _standardizes_itself(facts: ModuleFacts, call: ast.Call, target: ast.expr, scope) -> bool:
    """Is the statistic of `target` used to shift or scale that same value (`(x - x.mean()) / x.std()`)?"""
    root = _root_name(target)
    binding, shape = scope.reaching(root), ast.dump(target)
    child, current = call, facts.index.parents.get(call)
    while isinstance(current, ast.expr):
        if isinstance(current, ast.BinOp) and isinstance(current.op, (ast.Sub, ast.Div)) and child is current.right:
            for node in ast.walk(current.left):
                if isinstance(node, type(target)) and ast.dump(node) == shape \
                        and scope.reaching(_root_name(node)) is binding \
                        and not _inside_statistic(facts, node, current.left):
                    return True
        child, current = current, facts.index.parents.get(current)
    return False


def _root_name(expr: ast.AST) -> ast.Name | None:
    """The name a value is read from (`x` of `x`, `x[:, :-1]`, `frame.values`)."""
    while isinstance(expr, (ast.Subscript, ast.Attribute)):
        expr = expr.value
    return expr if isinstance(expr, ast.Name) else None


def _inside_statistic(facts: ModuleFacts, node: ast.AST, stop: ast.AST) -> bool:
    current = facts.index.parents.get(node)
    while current is not None and current is not facts.index.parents.get(stop):
        if isinstance(current, ast.Call) and _statistic(facts, current) is not None:
            return True
        current = facts.index.parents.get(current)
    return False


def _only_shown(facts: ModuleFacts, node: ast.AST) -> bool:
    """Is the value of `node` only printed or plotted (an argument of a matplotlib/print call)?"""
    current = facts.index.parents.get(node)
    while isinstance(current, (ast.expr, ast.keyword)):
        if isinstance(current, ast.Call):
            func = current.func
            if isinstance(func, ast.Name) and func.id in records.HARMLESS_BUILTINS:
                return True
            qual = facts.data.qualify(func, facts.index.scope_of(current))
            return bool(qual) and qual.startswith(records.HARMLESS_CONSUMERS)
        current = facts.index.parents.get(current)
    return False


def _code(facts: ModuleFacts, node: ast.AST) -> str:
    text = " ".join(facts.document.segment(node).split())
    return text if len(text) <= 60 else text[:57] + "..."


@register
class DoubleScaling(Rule):
    """## What it does
    Flags an input scaled twice by a fixed range on one path: two `/ 255` (or `* (1 / 255)`), `/ 255`
    before a model whose first layer is `Rescaling(1 / 255)`, `/ 255` after `ToTensor()`,
    `convert_image_dtype(…, float32)` or `ImageDataGenerator(rescale=1 / 255)` (each already maps 0–255
    to 0–1) — also when a standardization (`Normalize`, `- mean`) comes between them, and for the batches
    of a torchvision dataset whose `transform=` already scales. The finding is at the second step; the
    message shows the first. Files that import no deep-learning framework but prepare a model's inputs
    (torchvision transforms, cv2, PIL, imageio, onnxruntime, OpenVINO, TFLite) are checked too.

    ## Why it matters
    Whitening only helps when it happens once. Scaled twice, pixels end up in 0–0.004: the inputs are
    nearly constant, the first layer's outputs are tiny, and the network learns slowly or not at all —
    often with no error to point at, because the code "normalizes" in both places.

    ## Example
    ```python
    transform = transforms.Compose([transforms.ToTensor(), transforms.Lambda(lambda t: t / 255.0)])
    ```

    ## Use instead
    ```python
    transform = transforms.Compose([transforms.ToTensor()])
    ```
    Standardization after a 0–1 scaling (`(x / 255 - mean) / std`, `ToTensor()` then `Normalize`) is
    the recommended order and is not flagged.
    """

    code = "NN703"
    name = "double-scaling"
    severity = Severity.WARNING
    input_pipeline = True
    summary = "the same input scaled twice by a fixed range"

    valid = [
        Valid(dedent("""
            import torch
            from torchvision import transforms
            transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])
        """)),
        Valid(dedent("""
            import numpy as np
            import torch
            x = np.load("x.npy").astype(np.float32) / 255.0
            x = (x - x.mean()) / x.std()
        """)),
    ]
    invalid = [
        Invalid(dedent("""
            import torch
            from torchvision import transforms
            transform = transforms.Compose([transforms.ToTensor(), transforms.Lambda(lambda t: t / 255.0)])
        """), at=((3, 84),)),
        Invalid(dedent("""
            import numpy as np
            import torch
            x = np.load("x.npy").astype(np.float32) / 255.0
            x = torch.from_numpy(x) / 255.0
        """), at=((4, 5),)),
    ]

    def check(self, facts: ModuleFacts) -> Iterator[Finding]:
        data = facts.data
        pairs: dict[int, tuple[ScaleStep, ScaleStep, tuple[ScaleStep, ...]]] = {}

        def collect(steps: tuple[ScaleStep, ...]) -> None:
            for position, later in enumerate(steps):
                if later.kind != RANGE:
                    continue
                for offset, earlier in enumerate(steps[position + 1:]):  # towards the source, past standardization
                    if earlier.kind == RANGE:
                        if earlier.node is not later.node:
                            between = steps[position + 1:position + 1 + offset]
                            pairs.setdefault(id(later.node), (later, earlier, between))
                        break
                    if not earlier.after_range_keeps_it:
                        break

        for node, scope in data.range_steps():
            for origin in data.origins(node, scope):
                collect(origin.steps)
        for call in facts.index.calls:
            scope = facts.index.scope_of(call)
            qual = data.qualify(call.func, scope)
            if qual in records.TRANSFORM_CONTAINERS:
                collect(tuple(reversed(data.transform_steps(qual, call, scope) or [])))
        for sink in facts.data_sinks.all:
            rescaling = sink.model.rescaling
            for origin in _origins(facts, sink):
                steps = origin.steps if rescaling is None else (ScaleStep(RANGE, rescaling),) + origin.steps
                collect(steps)
        for later, earlier, between in sorted(pairs.values(),
                                              key=lambda pair: (pair[0].node.lineno, pair[0].node.col_offset)):
            if _only_shown(facts, later.node):
                continue  # `plt.imshow(x / 255)`: a display, not an input
            then = f" (then `{_code(facts, between[-1].node)}`)" if between else ""
            yield Finding(later.node, f"`{_code(facts, later.node)}` scales values that `{_code(facts, earlier.node)}` "
                                      f"(line {earlier.node.lineno}) already mapped to 0–1{then}: the inputs end up "
                                      f"near zero; drop one of the two steps (keep `{_code(facts, earlier.node)}`)")
