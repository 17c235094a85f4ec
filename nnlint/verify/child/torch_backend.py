"""PyTorch: building, probing and training `nn.Module` models for the checks."""

from __future__ import annotations

import contextlib
import copy
import importlib
import math

import torch
from torch import nn

NAME = "torch"
DEFAULT_SPATIAL = {1: (64,), 2: (32, 32), 3: (16, 16, 16)}
#: other sizes tried, in order, when the model does not accept the default (a head sized for 64×64 images)
OTHER_SIZES = (64, 28, 224, 128, 96, 16)
SEQUENCE_LENGTH = 16
#: loss name -> what its target is: class labels (class axis 1), 0/1 values, or real values
LOSS_TARGETS = {"CrossEntropyLoss": "labels", "cross_entropy": "labels", "NLLLoss": "labels", "nll_loss": "labels",
                "BCEWithLogitsLoss": "binary", "binary_cross_entropy_with_logits": "binary", "BCELoss": "binary",
                "binary_cross_entropy": "binary"}


class NeedsInputShape(Exception):
    pass


class Backend:
    name = NAME

    def __init__(self, device: str):
        if device == "auto":
            device = "cuda" if torch.cuda.is_available() else "cpu"
        if device == "cuda" and not torch.cuda.is_available():
            raise RuntimeError("--device cuda: torch.cuda.is_available() is False on this machine")
        self.device = torch.device(device)
        torch.use_deterministic_algorithms(True, warn_only=True)
        # a dead model's Adam moments decay into denormal floats, and CPU arithmetic on those is ~100x slower
        torch.set_flush_denormal(True)
        # one thread: the checks' models are small, and a busy CPU makes a thread pool spin-wait (20x slower
        # on the 2-core CI machine); results are reproducible too
        torch.set_num_threads(1)

    # -- about -------------------------------------------------------------------------------
    def describe_device(self) -> str:
        if self.device.type == "cuda":
            return f"cuda ({torch.cuda.get_device_name(self.device)})"
        return "cpu"

    def version(self) -> str:
        return f"torch {torch.__version__}"

    def seed(self, seed: int) -> None:
        torch.manual_seed(seed)

    # -- the program ---------------------------------------------------------------------------
    def program_context(self, key: str):
        return contextlib.nullcontext()

    def statement_marker(self):
        return 0

    def opens_session(self, node) -> bool:
        return False

    # -- models ----------------------------------------------------------------------------------
    def is_model(self, obj) -> bool:
        return isinstance(obj, nn.Module) and any(True for _ in obj.parameters())

    def is_model_class(self, obj) -> bool:
        return isinstance(obj, type) and issubclass(obj, nn.Module)

    def unwrap(self, value):
        """A factory may return (model, optimizer) or {"model": ...}: the first model in it."""
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, (list, tuple)):
            return next((v for v in value if self.is_model(v)), value)
        return value

    def kind(self, model) -> str:
        return type(model).__name__

    def parts(self, model) -> list:
        return [module for module in model.modules() if module is not model]

    def prepare(self, model, spec: dict | None = None):
        return model.to(self.device)

    def batchnorms(self, model) -> list[str]:
        return [type(m).__name__ for m in model.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]

    def set_mode(self, model, training: bool) -> None:
        """Train mode with dropout off (batch-norm uses batch statistics; no noise), or eval mode."""
        model.train(training)
        if training:
            for module in model.modules():
                if isinstance(module, nn.modules.dropout._DropoutNd):
                    module.eval()

    # -- inputs ----------------------------------------------------------------------------------
    def input_spec(self, model, given: list[int] | None) -> dict:
        """The input a model takes, inferred from its first layer (or `--input-shape`), with a hint."""
        candidates = [m for m in model.modules() if list(m.parameters(recurse=False))][:4]
        specs = [s for s in (_spec_of(m) for m in candidates) if s is not None]
        specs += [other for spec in specs for other in _other_sizes(spec)]
        if given:
            base = specs[0] if specs else {"dtype": "float"}
            spec = {"shape": list(given), "dtype": base["dtype"], "high": base.get("high"),
                    "inferred": "given with --input-shape"}
            return spec
        for spec in specs:
            if self._accepts(model, spec):
                return spec
        first = type(candidates[0]).__name__ if candidates else "no layer with parameters"
        raise NeedsInputShape(f"cannot infer the input of {type(model).__name__} (first layer: {first}); pass "
                              f"--input-shape with the batch size first, e.g. --input-shape 1,3,32,32")

    def _accepts(self, model, spec: dict) -> bool:
        try:
            self.set_mode(model, False)
            with torch.no_grad():
                _first_tensor(model(self.sample(spec, 2, 0)))
            return True
        except Exception:
            return False

    def sample(self, spec: dict, batch: int, seed: int, kind: str = "normal"):
        """`batch` inputs of the model's kind: normal floats, zeros, raw 0-255 values, or token ids."""
        shape = [batch, *spec["shape"][1:]]
        if spec.get("batch_axis") == 1:
            shape = [spec["shape"][0], batch, *spec["shape"][2:]]
        generator = torch.Generator().manual_seed(seed)
        if spec["dtype"] == "int":
            value = torch.randint(0, max(1, spec.get("high") or 2), shape, generator=generator)
        elif kind == "zeros":
            value = torch.zeros(shape)
        elif kind == "raw":
            value = torch.randint(0, 256, shape, generator=generator).float()
        else:
            value = torch.randn(shape, generator=generator)
        return value.to(self.device)

    def scale(self, x, factor: float):
        return x * factor

    def concat(self, tensors):
        return torch.cat(tensors)

    # -- tensors ------------------------------------------------------------------------------------
    def forward(self, model, x, training: bool = False):
        self.set_mode(model, training)
        with torch.no_grad():
            return _first_tensor(model(x))

    def numpy(self, tensor):
        return tensor.detach().float().cpu().numpy()

    def constant(self, array, like=None):
        return torch.as_tensor(array).to(self.device)

    def class_axis(self) -> int:
        return 1

    # -- losses and optimizers -------------------------------------------------------------------
    def loss(self, entry: dict | None, namespace: dict):
        """The file's loss (its object when module-level, else built from its name and literal
        arguments) as (fn(prediction, target), target kind), or None."""
        if entry is None or not entry.get("qual") or not entry["qual"].startswith("torch."):
            return None
        leaf = entry["qual"].rsplit(".", 1)[1]
        target = LOSS_TARGETS.get(leaf, "values")
        obj = namespace.get(entry["bound"]) if entry.get("bound") else None
        if not isinstance(obj, nn.Module):
            found = _resolve(entry["qual"])
            if found is None:
                return None
            if entry.get("applies"):
                kwargs = {k: v for k, v in entry["kwargs"].items() if k not in ("input", "target")}
                shown = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
                return (lambda p, t, f=found, k=kwargs: f(p, t, **k)), target, f"the file's F.{leaf}({shown})"
            try:
                obj = found(**entry["kwargs"])
            except Exception:
                obj = found()
        return (lambda p, t, f=obj: f(p, t)), target, f"the file's {type(obj).__name__}"

    def on_log(self, fn):
        return lambda p, t: fn(torch.log(p.clamp_min(1e-12)), t)

    def default_loss(self, target: str):
        fns = {"labels": nn.functional.cross_entropy, "binary": nn.functional.binary_cross_entropy_with_logits,
               "values": nn.functional.mse_loss, "log-probs": nn.functional.nll_loss,
               "probs-binary": nn.functional.binary_cross_entropy}
        return fns[target]

    def targets(self, output, target: str, seed: int):
        """Targets of the right kind for `output`: class labels (class axis 1), 0/1 values or normals."""
        generator = torch.Generator().manual_seed(seed)
        if target == "labels":
            classes = output.shape[1] if output.dim() > 1 else 2
            shape = [output.shape[0], *output.shape[2:]]
            return torch.randint(0, classes, shape, generator=generator).to(self.device)
        if target == "binary":
            return torch.randint(0, 2, tuple(output.shape), generator=generator).float().to(self.device)
        return torch.randn(tuple(output.shape), generator=generator).to(self.device)

    def full(self, output, value: float):
        return torch.full(tuple(output.shape), float(value), device=self.device)

    def optimizer_factory(self, entry: dict | None, namespace: dict, lr: float | None = None, model=None):
        """A function params -> optimizer: the file's optimizer class and settings (its lr unless `lr`
        overrides it), or Adam at 1e-3."""
        cls, settings, name = torch.optim.Adam, {"lr": 1e-3}, "Adam(lr=0.001)"
        if entry is not None and entry.get("qual", "").startswith("torch.optim."):
            obj = namespace.get(entry["bound"]) if entry.get("bound") else None
            if isinstance(obj, torch.optim.Optimizer):
                cls, settings = type(obj), {k: v for k, v in obj.defaults.items()
                                            if k not in ("differentiable", "foreach", "fused", "capturable")}
            else:
                found = _resolve(entry["qual"])
                if isinstance(found, type):
                    cls = found
                    settings = {k: v for k, v in entry["kwargs"].items() if k != "params"}
                    if entry.get("lr") is not None:
                        settings["lr"] = entry["lr"]
            name = f"{cls.__name__}(lr={settings.get('lr', 'default')})"
        if lr is not None:
            settings = dict(settings, lr=lr)
            name = f"{cls.__name__}(lr={lr:g})"
        return (lambda params, c=cls, s=settings: c(params, **s)), name

    def learning_rate(self, make) -> float:
        return float(make([torch.zeros(1, requires_grad=True)]).param_groups[0]["lr"])

    def schedule_lrs(self, entry: dict, namespace: dict, base: float, units: int, steps: int):
        """The learning rate at each of `steps` fit steps when the file's scheduler is stepped `units`
        times (once per epoch) across the fit; (None, why) when it cannot be built."""
        import warnings

        obj = namespace.get(entry["bound"]) if entry.get("bound") else None
        leaf = entry["qual"].rsplit(".", 1)[1]
        if isinstance(obj, torch.optim.lr_scheduler.LRScheduler):
            scheduler = copy.deepcopy(obj)  # its own copy of the user's optimizer: nothing of the user's moves
            how = f"the file's {leaf}"
        else:
            cls = _resolve(entry["qual"])
            dummy = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=base)
            try:
                scheduler = cls(dummy, *[a for a in entry["args"][1:]], **entry["kwargs"])
            except Exception as exc:
                return None, f"{leaf}({exc})"
            shown = ", ".join([repr(a) for a in entry["args"][1:]] + [f"{k}={v!r}" for k, v in entry["kwargs"].items()])
            how = f"{leaf}({shown})"
        optimizer = scheduler.optimizer
        per_unit = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for _ in range(units):
                per_unit.append(float(optimizer.param_groups[0]["lr"]))
                scheduler.step()
        how += f" stepped once per epoch for {units} epochs"
        return [per_unit[min(units - 1, step * units // steps)] for step in range(steps)], how

    # -- training -----------------------------------------------------------------------------------
    def trainer(self, model, loss_fn, make_optimizer, training: bool = True):
        return Trainer(self, model, loss_fn, make_optimizer, training)

    def snapshot(self, model):
        return {k: v.detach().clone() for k, v in model.state_dict().items()}

    def restore(self, model, state) -> None:
        model.load_state_dict(state)

    def _observe(self, model, x, modules, observe, training: bool = False) -> None:
        """Run `model` on `x` once, calling `observe(name, module, output)` after each (name, module)."""
        handles = [module.register_forward_hook(
            lambda mod, args, out, name=name: observe(name, mod, _first_tensor(out))) for name, module in modules]
        try:
            self.set_mode(model, training)
            with torch.no_grad():
                model(x)
        finally:
            for handle in handles:
                handle.remove()

    def layer_stds(self, model, x, training: bool) -> list[tuple[str, float]]:
        """Standard deviation of every weight layer's output, in call order."""
        records: list[tuple[str, float]] = []
        layers = [(name, module) for name, module in model.named_modules()
                  if isinstance(getattr(module, "weight", None), torch.Tensor) and module.weight.dim() >= 2
                  and not list(module.children()) and not isinstance(module, nn.Embedding)]
        state = self.snapshot(model)  # train-mode forward passes update batch-norm running statistics
        try:
            self._observe(model, x, layers, lambda name, mod, out: records.append((name, float(out.float().std()))),
                          training)
        finally:
            self.restore(model, state)
        return records

    def forward_macs(self, model, x) -> float:
        """Multiply-accumulates of one forward pass on `x` (weight layers only): a machine-independent cost."""
        total = [0.0]
        layers = []
        for name, module in model.named_modules():
            weights = [p for n, p in module.named_parameters(recurse=False) if p.dim() >= 2 and "weight" in n]
            if weights and not list(module.children()) and not isinstance(module, (nn.Embedding, nn.EmbeddingBag)):
                layers.append((name, module))

        def count(name, mod, out):
            size = sum(p.numel() for n, p in mod.named_parameters(recurse=False) if p.dim() >= 2 and "weight" in n)
            per_position = out.shape[-1] if isinstance(mod, (nn.Linear, nn.RNNBase)) else max(1, out.shape[1])
            total[0] += size * out.numel() / per_position

        self._observe(model, x, layers, count)
        return total[0]

    def inactive_units(self, model, x) -> dict[str, float]:
        """Per hidden weight layer: the fraction of its units whose output is ≤ 0 on every input of `x`
        (behind a ReLU, a dead unit)."""
        records: dict[str, float] = {}
        layers = [(n, m) for n, m in model.named_modules() if isinstance(m, (nn.Linear, nn.Conv1d, nn.Conv2d, nn.Conv3d))]

        def record(name, mod, out):
            out = out.float()
            per_unit = out.transpose(0, 1).reshape(out.shape[1], -1) if out.dim() > 1 else out.reshape(1, -1)
            records[name] = float((per_unit.max(dim=1).values <= 0).float().mean())

        self._observe(model, x, layers[:-1], record)
        return records


class Trainer:
    """Steps of an optimizer on one model; the caller snapshots and restores the weights."""

    def __init__(self, backend: Backend, model, loss_fn, make_optimizer, training: bool):
        self.backend = backend
        self.model = model
        self.loss_fn = loss_fn
        self.make_optimizer = make_optimizer
        self.training = training
        self.optimizer = make_optimizer([p for p in model.parameters() if p.requires_grad])

    def loss(self, x, target):
        self.backend.set_mode(self.model, self.training)
        return self.loss_fn(_first_tensor(self.model(x)), target)

    def step(self, x, target) -> float:
        self.optimizer.zero_grad(set_to_none=True)
        loss = self.loss(x, target)
        value = float(loss.detach())
        if math.isfinite(value):
            loss.backward()
            self.optimizer.step()
        return value

    def gradient_norms(self, x, target) -> dict[str, float]:
        """Per layer (module with its own parameters, in registration order): the gradient's norm."""
        self.model.zero_grad(set_to_none=True)
        self.loss(x, target).backward()
        norms: dict[str, float] = {}
        for name, module in self.model.named_modules():
            grads = [p.grad for p in module.parameters(recurse=False) if p.grad is not None]
            if grads:
                norms[name or type(self.model).__name__] = float(torch.sqrt(sum((g.float() ** 2).sum() for g in grads)))
        self.model.zero_grad(set_to_none=True)
        return norms

    def set_lr(self, lr: float) -> None:
        for group in self.optimizer.param_groups:
            group["lr"] = lr

    def optimizer_state(self):
        return copy.deepcopy(self.optimizer.state_dict())

    def reset_optimizer(self, state=None) -> None:
        self.optimizer = self.make_optimizer([p for p in self.model.parameters() if p.requires_grad])
        if state is not None:
            self.optimizer.load_state_dict(state)


def _other_sizes(spec: dict) -> list[dict]:
    """The same input at other spatial sizes (convolutions accept any; a model's head may not)."""
    dims = len(spec["shape"]) - 2
    if spec["dtype"] != "float" or dims not in (1, 2, 3) or not spec.get("spatial"):
        return []
    channels = spec["shape"][1]
    return [dict(spec, shape=[1, channels, *([size] * dims)], inferred=spec["inferred"].replace(
        "×".join(map(str, DEFAULT_SPATIAL[dims])), "×".join([str(size)] * dims)) + " (the default size did not fit)")
            for size in OTHER_SIZES]


def _spec_of(module) -> dict | None:
    name = type(module).__name__
    if isinstance(module, (nn.Embedding, nn.EmbeddingBag)):
        return {"shape": [1, SEQUENCE_LENGTH], "dtype": "int", "high": module.num_embeddings,
                "inferred": f"token ids in [0, {module.num_embeddings}) of length {SEQUENCE_LENGTH}, "
                            f"from the first layer {name}({module.num_embeddings}, {module.embedding_dim})"}
    if isinstance(module, nn.Linear) and module.in_features > 0:
        return {"shape": [1, module.in_features], "dtype": "float",
                "inferred": f"from the first layer Linear({module.in_features}, {module.out_features})"}
    if isinstance(module, (nn.Conv1d, nn.Conv2d, nn.Conv3d)):
        dims = len(module.kernel_size)
        shape = [1, module.in_channels, *DEFAULT_SPATIAL[dims]]
        return {"shape": shape, "dtype": "float", "spatial": True,
                "inferred": f"{module.in_channels} channels from the first layer {name}, spatial size "
                            f"{'×'.join(map(str, DEFAULT_SPATIAL[dims]))} chosen"}
    if isinstance(module, nn.RNNBase):
        if module.batch_first:
            shape, axis = [1, SEQUENCE_LENGTH, module.input_size], 0
        else:
            shape, axis = [SEQUENCE_LENGTH, 1, module.input_size], 1
        spec = {"shape": shape, "dtype": "float",
                "inferred": f"sequences of length {SEQUENCE_LENGTH} with {module.input_size} features, from the "
                            f"first layer {name}(batch_first={module.batch_first})"}
        if axis == 1:
            spec["batch_axis"] = 1
        return spec
    if isinstance(module, nn.modules.batchnorm._BatchNorm):
        dims = {"BatchNorm1d": 0, "BatchNorm2d": 2, "BatchNorm3d": 3}.get(name, 0)
        shape = [1, module.num_features, *DEFAULT_SPATIAL.get(dims, ())]
        return {"shape": shape, "dtype": "float", "inferred": f"from the first layer {name}({module.num_features})"}
    if isinstance(module, nn.LayerNorm):
        return {"shape": [1, SEQUENCE_LENGTH, *module.normalized_shape], "dtype": "float",
                "inferred": f"from the first layer LayerNorm{tuple(module.normalized_shape)}"}
    return None


def _resolve(qual: str):
    module_name, _, attr = qual.rpartition(".")
    try:
        return getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError):
        return None


def _first_tensor(value):
    """Models may return a tuple or a dict: the first tensor is taken as the output."""
    found = _find_tensor(value)
    if found is None:
        raise TypeError(f"the model returned {type(value).__name__}, not a tensor")
    return found


def _find_tensor(value):
    if isinstance(value, torch.Tensor):
        return value
    if isinstance(value, dict):
        value = list(value.values())
    if hasattr(value, "logits") and isinstance(getattr(value, "logits"), torch.Tensor):
        return value.logits
    if isinstance(value, (list, tuple)):
        for item in value:
            found = _find_tensor(item)
            if found is not None:
                return found
    return None
