"""PyTorch: building, probing and fitting `nn.Module` models."""

from __future__ import annotations

import math

import torch
from torch import nn

NAME = "torch"
DEFAULT_SPATIAL = {1: (64,), 2: (32, 32), 3: (16, 16, 16)}


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

    def describe_device(self) -> str:
        if self.device.type == "cuda":
            return f"cuda ({torch.cuda.get_device_name(self.device)})"
        return "cpu"

    def version(self) -> str:
        return f"torch {torch.__version__}"

    def seed(self, seed: int) -> None:
        torch.manual_seed(seed)

    def is_model(self, obj) -> bool:
        return isinstance(obj, nn.Module) and any(True for _ in obj.parameters())

    def is_model_class(self, obj) -> bool:
        return isinstance(obj, type) and issubclass(obj, nn.Module)

    def kind(self, model) -> str:
        return type(model).__name__

    def prepare(self, model):
        return model.to(self.device).eval()

    # -- inputs -----------------------------------------------------------------------
    def input_shape(self, model, given: list[int] | None) -> list[int]:
        if given:
            return list(given)
        for module in model.modules():
            if isinstance(module, nn.Linear):
                return [1, module.in_features]
            if isinstance(module, (nn.Conv1d, nn.Conv2d, nn.Conv3d)):
                dims = len(module.kernel_size)
                return [1, module.in_channels, *DEFAULT_SPATIAL[dims]]
            if list(module.parameters(recurse=False)):
                break
        raise NeedsInputShape(f"cannot infer the input shape of {type(model).__name__} (its first layer is "
                              f"not a Linear or Conv); pass --input-shape, e.g. --input-shape 1,3,32,32")

    def tensor(self, shape, kind: str, seed: int):
        generator = torch.Generator().manual_seed(seed)
        if kind == "zeros":
            value = torch.zeros(shape)
        else:
            value = torch.randn(shape, generator=generator)
        return value.to(self.device)

    def full(self, shape, value: float):
        return torch.full(tuple(shape), float(value), device=self.device)

    def shape_of(self, tensor) -> list[int]:
        return list(tensor.shape)

    def forward(self, model, x):
        with torch.no_grad():
            return _first_tensor(model(x))

    def minimum(self, tensor) -> float:
        return float(tensor.min())

    # -- measurements ---------------------------------------------------------------------
    def layer_stds(self, model, x) -> list[tuple[str, float]]:
        """Standard deviation of every weight layer's output at initialisation, in call order."""
        records: list[tuple[str, float]] = []
        handles = []
        for name, module in model.named_modules():
            weight = getattr(module, "weight", None)
            if isinstance(weight, torch.Tensor) and weight.dim() >= 2 and not list(module.children()):
                handles.append(module.register_forward_hook(
                    lambda mod, args, out, name=name: records.append((name, float(_first_tensor(out).float().std())))))
        try:
            with torch.no_grad():
                model(x)
        finally:
            for handle in handles:
                handle.remove()
        return records

    def fit(self, model, x, target, steps: int, gradients: bool = False) -> dict:
        """Adam (lr 1e-3) on the mean squared error to `target`; the weights are restored afterwards."""
        saved = {k: v.detach().clone() for k, v in model.state_dict().items()}
        params = [p for p in model.parameters() if p.requires_grad]
        optimizer = torch.optim.Adam(params, lr=1e-3)
        curve, nan_step, norms = [], None, {}
        try:
            for step in range(steps):
                optimizer.zero_grad(set_to_none=True)
                loss = ((_first_tensor(model(x)).float() - target) ** 2).mean()
                value = float(loss)
                if not math.isfinite(value):
                    nan_step = step
                    curve.append(value)
                    break
                curve.append(value)
                loss.backward()
                if gradients and step == 0:
                    norms = self._gradient_norms(model)
                    if any(not math.isfinite(n) for n in norms.values()):
                        nan_step = step
                        break
                optimizer.step()
        finally:
            model.load_state_dict(saved)
        return {"curve": curve, "nan_step": nan_step, "gradient_norms": norms}

    def _gradient_norms(self, model) -> dict[str, float]:
        norms: dict[str, float] = {}
        for name, module in model.named_modules():
            grads = [p.grad for p in module.parameters(recurse=False) if p.grad is not None]
            if grads:
                norms[name or type(model).__name__] = float(torch.sqrt(sum((g.float() ** 2).sum() for g in grads)))
        return norms


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
    if isinstance(value, (list, tuple)):
        for item in value:
            found = _find_tensor(item)
            if found is not None:
                return found
    return None


def _parts(model):
    return [module for module in model.modules() if module is not model]


Backend.parts = staticmethod(_parts)
