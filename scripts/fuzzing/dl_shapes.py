"""Random deep-learning programs in the shapes nnlint's rules look at, written in odd-but-valid Python.

`program(rng)` returns the source text of one program: a few fragments — PyTorch `nn.Module` classes and
`Sequential`s, Keras Sequential/functional/subclassed models, TF1 graph code, Flax modules with optax,
training loops with optimizers, schedulers, losses, checkpoints, weight-init calls, input pipelines,
reshapes — combined at random, with names imported in random styles (aliases, from-imports, unicode
aliases), and dressed in syntax a linter must survive: walrus, `match`, decorators, star-args, nested
defs, lambdas, f-strings, semicolons, backslash continuations, unicode identifiers, noqa comments of
every kind. The text always parses (`ast.parse`) under the running Python; `surface` varies its bytes.

Every choice comes from the `random.Random` given, so a seed reproduces the program.
"""

from __future__ import annotations

import random

INDENT = "    "

#: names of variables a program may use for its model, optimizer, ... (unicode ones included)
MODEL_NAMES = ["model", "net", "modèle", "网络", "clf", "m", "_model", "Net_1", "ψ"]
OPT_NAMES = ["optimizer", "opt", "optim_", "ὀπτ", "adam"]
DATA_NAMES = ["x_train", "X", "images", "données", "inputs"]
CLASS_NAMES = ["Net", "Classifier", "MLP", "Modèle", "Encoder", "Block", "ResNetish", "Λ"]

TORCH_ACTS = ["ReLU", "ReLU6", "LeakyReLU", "ELU", "GELU", "SiLU", "Mish", "Hardswish", "Sigmoid", "Tanh",
              "Softplus", "Softsign", "Hardtanh", "PReLU", "SELU", "CELU"]
F_ACTS = ["relu", "gelu", "silu", "elu", "leaky_relu", "sigmoid", "tanh", "softplus", "relu6", "mish"]
KERAS_ACTS = ["relu", "softmax", "sigmoid", "tanh", "linear", "elu", "gelu", "swish", "selu", "softplus", None]
TORCH_LOSSES = ["CrossEntropyLoss", "NLLLoss", "BCELoss", "BCEWithLogitsLoss", "MSELoss", "L1Loss",
                "HuberLoss", "KLDivLoss"]
KERAS_LOSSES = ["categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy", "mse",
                "mae", "huber"]
KERAS_LOSS_CLASSES = ["CategoricalCrossentropy", "SparseCategoricalCrossentropy", "BinaryCrossentropy",
                      "MeanSquaredError"]
TORCH_OPTS = ["Adam", "AdamW", "SGD", "RMSprop", "Adagrad", "NAdam", "RAdam", "Adamax"]
TORCH_SCHEDS = ["StepLR(OPT, step_size=10, gamma=0.5)", "MultiStepLR(OPT, milestones=[10, 20], gamma=0.1)",
                "ExponentialLR(OPT, gamma=0.95)", "CosineAnnealingLR(OPT, T_max=100)",
                "OneCycleLR(OPT, max_lr=0.01, total_steps=1000)", "LambdaLR(OPT, lambda e: 0.95 ** e)",
                "LambdaLR(OPT, lr_lambda=lambda epoch: 1 - epoch / 100)", "ReduceLROnPlateau(OPT)",
                "CosineAnnealingWarmRestarts(OPT, T_0=10)", "LinearLR(OPT, start_factor=1.0, end_factor=0.1)",
                "MultiplicativeLR(OPT, lambda e: 0.9)", "PolynomialLR(OPT, total_iters=50)"]
LRS = ["1e-3", "0.1", "0.001", "3e-4", "0.5", "1", "0.01", "0.011", "1e-2", "2e-5", "10", "0x1", "1_000e-5",
       "0.1j.real", "-0.1", "lr", "float('0.1')", "(0.1)", "True"]
NOQA = ["# noqa", "# noqa: NN201", "# noqa: NN101, NN999", "# noqa:NN", "# noqa: 101", "# noqa:,",
        "# NOQA: NN301", "# noqa NN201", "# noqa: NN000", "# noqa: E501,NN502", "# noqa : NN502",
        "# type: ignore  # noqa: NN402", "# noqa: nn201", "# noqa:NN2"]


class Imports:
    """How each module's names are written in this program: `import a.b as x` + `x.N`, `from a.b import N
    [as y]` + `y`, or `import a` + `a.b.N`. Collects the import statements to put at the top."""

    ALIASES = {
        "torch": ["torch", "T", "тorch"],
        "torch.nn": ["nn", "tnn", "Ж", "nn_"],
        "torch.nn.functional": ["F", "fn", "ƒ"],
        "torch.nn.init": ["init", "I"],
        "torch.optim": ["optim", "O"],
        "torch.optim.lr_scheduler": ["lr_scheduler", "sched"],
        "torch.utils.data": ["tud", "data"],
        "torchvision.transforms": ["transforms", "T_", "tvt"],
        "tensorflow": ["tf", "tensorflow"],
        "tensorflow.keras": ["keras", "K"],
        "tensorflow.keras.layers": ["layers", "L", "kl"],
        "keras": ["keras"],
        "keras.layers": ["layers", "KL"],
        "tensorflow.compat.v1": ["tf", "tf1", "v1"],
        "flax.linen": ["nn", "fnn", "linen"],
        "optax": ["optax", "ox"],
        "jax": ["jax"],
        "jax.numpy": ["jnp"],
        "numpy": ["np", "numpy", "onp"],
        "cv2": ["cv2"],
        "pandas": ["pd", "pandas"],
        "sklearn.preprocessing": ["preprocessing", "skp"],
        "torchvision": ["torchvision", "tv"],
        "flax": ["flax"],
        "sklearn": ["sklearn"],
    }

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.style: dict[str, str] = {}
        self.expr: dict[str, str] = {}
        self.lines: list[str] = []
        self.from_names: dict[tuple[str, str], str] = {}
        self.used_aliases: dict[str, str] = {}

    def _alias(self, module: str) -> str:
        choices = self.ALIASES.get(module, [module.replace(".", "_")])
        for alias in self.rng.sample(choices, len(choices)):
            if self.used_aliases.get(alias, module) == module:
                self.used_aliases[alias] = module
                return alias
        alias = "m_" + module.replace(".", "_")
        self.used_aliases[alias] = module
        return alias

    def module(self, module: str) -> str:
        """An expression naming the module itself (`nn`, `torch.nn`), importing it on first use."""
        if module in self.expr:
            return self.expr[module]
        top = module.split(".")[0]
        if "." in module and module != "tensorflow.compat.v1" and self.rng.random() < 0.25:
            expr = self.module(top) + module[len(top):]
        else:
            expr = self._alias(module)
            line = f"import {module} as {expr}" if expr != module else f"import {module}"
            if "." in module and expr == module.split(".")[-1] and self.rng.random() < 0.5:
                parent, leaf = module.rsplit(".", 1)
                line = f"from {parent} import {leaf}"
            self._add(line)
        self.expr[module] = expr
        return expr

    def name(self, module: str, name: str) -> str:
        """An expression for `module.name` in this program's import style."""
        style = self.style.get(module)
        if style is None:
            from_import = self.rng.random() < 0.3 and module not in ("tensorflow", "tensorflow.compat.v1", "torch")
            style = self.style[module] = "from" if from_import else "module"
        if style == "from":
            key = (module, name)
            if key not in self.from_names:
                alias = name if self.rng.random() < 0.8 else name + "_"
                self.from_names[key] = alias
                self._add(f"from {module} import {name}" + (f" as {alias}" if alias != name else ""))
            return self.from_names[key]
        return f"{self.module(module)}.{name}"

    def _add(self, line: str) -> None:
        if line not in self.lines:
            self.lines.append(line)


class Builder:
    """State shared by the fragments of one program."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.imp = Imports(rng)
        self.counter = 0

    def fresh(self, stem: str) -> str:
        self.counter += 1
        return f"{stem}{self.counter}"

    def pick(self, items):
        return self.rng.choice(items)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def num(self, small: bool = False) -> str:
        value = self.pick([1, 2, 3, 8, 10, 16, 32, 64, 128, 256, 784, 512, 0] if not small else [1, 2, 3, 10, 1])
        return self.pick([str(value), f"({value})", str(value)]) if self.chance(0.9) else "n_hidden"

    def noqa(self) -> str:
        return "  " + self.pick(NOQA) if self.chance(0.08) else ""


# -- PyTorch ---------------------------------------------------------------------------------------------

def torch_layer(b: Builder, width: tuple[str, str]) -> tuple[str, str]:
    """(expression, kind) of one torch.nn layer; kind: learned, norm, act, other."""
    nn = lambda name: b.imp.name("torch.nn", name)  # noqa: E731
    a, c = width
    kind = b.rng.choices(["learned", "norm", "act", "other"], [4, 2, 3, 1])[0]
    bias = b.pick(["", ", bias=False", ", bias=True", ", bias=False", ", bias=not True", ", bias=use_bias",
                   ", bias = False"])
    if kind == "learned":
        layer = b.pick(["Linear", "Conv2d", "Conv1d", "ConvTranspose2d", "Linear", "LazyLinear"])
        if layer == "Linear":
            return f"{nn('Linear')}({a}, {c}{bias})", kind
        if layer == "LazyLinear":
            return f"{nn('LazyLinear')}({c}{bias})", kind
        return f"{nn(layer)}({a}, {c}, {b.pick(['3', 'kernel_size=3', '(3, 3)', '1'])}{bias})", kind
    if kind == "norm":
        return f"{nn(b.pick(['BatchNorm1d', 'BatchNorm2d', 'LayerNorm', 'GroupNorm', 'InstanceNorm2d']))}({c})", kind
    if kind == "act":
        act = b.pick(TORCH_ACTS + ["Softmax", "LogSoftmax"])
        args = b.pick(["dim=1", "dim=-1", "1", ""]) if act in ("Softmax", "LogSoftmax") else \
            b.pick(["", "", "inplace=True", "0.2"] if act in ("ReLU", "LeakyReLU") else [""])
        return f"{nn(act)}({args})", kind
    return b.pick([f"{nn('Dropout')}(0.5)", f"{nn('Flatten')}()", f"{nn('Identity')}()",
                   f"{nn('MaxPool2d')}(2)", f"{nn('Embedding')}({a}, {c})",
                   f"{nn('MultiheadAttention')}({c}, 4)"]), kind


def torch_layers(b: Builder, n: int) -> list[str]:
    widths = [b.num() for _ in range(n + 1)]
    out = []
    for i in range(n):
        layer, _ = torch_layer(b, (widths[i], widths[i + 1]))
        out.append(layer)
    if b.chance(0.5):
        out.append(f"{b.imp.name('torch.nn', 'Linear')}({widths[-1]}, {b.pick(['10', '1', 'num_classes'])})")
    if b.chance(0.6):
        act = b.pick(["ReLU", "Softmax", "LogSoftmax", "Sigmoid", "Tanh", "GELU", "Softmax"])
        out.append(f"{b.imp.name('torch.nn', act)}({'dim=1' if 'Softmax' in act else ''})")
    return out


def call_lines(head: str, items: list[str], b: Builder, indent: str = "") -> list[str]:
    """`head(item, item, ...)` on one line, or one item per line (trailing comma, comments)."""
    if b.chance(0.4) or not items:
        return [f"{indent}{head}({', '.join(items)})"]
    lines = [f"{indent}{head}("]
    for i, item in enumerate(items):
        comment = b.pick(["", "", "", "  # layer", "  # noqa: NN201", "  # é"])
        comma = "," if i < len(items) - 1 or b.chance(0.5) else ""
        lines.append(f"{indent}{INDENT}{item}{comma}{comment}")
    lines.append(f"{indent})")
    return lines


def torch_sequential(b: Builder, target: str, indent: str = "") -> list[str]:
    seq = b.imp.name("torch.nn", "Sequential")
    items = torch_layers(b, b.rng.randint(0, 6))
    form = b.rng.randint(0, 5)
    if form == 0:  # star-args from a list
        var = b.fresh("layers")
        return [f"{indent}{var} = [{', '.join(items)}]", f"{indent}{target} = {seq}(*{var}){b.noqa()}"]
    if form == 1 and items:  # OrderedDict
        b.imp._add("from collections import OrderedDict")
        pairs = [f"('l{i}', {item})" for i, item in enumerate(items)]
        return [f"{indent}{target} = {seq}(OrderedDict([{', '.join(pairs)}]))"]
    if form == 2 and len(items) > 2:  # nested
        k = b.rng.randint(1, len(items) - 1)
        inner = f"{seq}({', '.join(items[:k])})"
        return [f"{indent}{target} = {seq}({inner}, {', '.join(items[k:])})"]
    if form == 3:  # appended in a loop
        var = b.fresh("mods")
        return [f"{indent}{var} = []",
                f"{indent}for _i in range({b.num(True)}):",
                f"{indent}{INDENT}{var}.append({items[0] if items else b.imp.name('torch.nn', 'ReLU') + '()'})",
                f"{indent}{var} += [{', '.join(items[1:])}]",
                f"{indent}{target} = {seq}(*{var})"]
    lines = call_lines(seq, items, b, indent)
    lines[0] = lines[0].replace(indent, f"{indent}{target} = ", 1) if indent else f"{target} = " + lines[0]
    return lines


def torch_module_class(b: Builder) -> tuple[list[str], str]:
    """A `class X(nn.Module)` with `__init__` and `forward`; returns (lines, class name)."""
    name = b.pick(CLASS_NAMES) + b.fresh("_")
    nn = lambda n: b.imp.name("torch.nn", n)  # noqa: E731
    F = lambda n: b.imp.name("torch.nn.functional", n)  # noqa: E731
    base = b.pick([nn("Module"), nn("Module"), "Base" if False else nn("Module")])
    lines = []
    if b.chance(0.2):
        lines.append(b.pick(["@dataclasses.dataclass(eq=False)", "@register", "@torch_compile_me()"]))
        if lines[-1].startswith("@dataclasses"):
            b.imp._add("import dataclasses")
        elif lines[-1] == "@register":
            lines.insert(0, "register = lambda cls: cls")
        else:
            lines.insert(0, "def torch_compile_me(*a, **k):\n    return lambda c: c")
    lines.append(f"class {name}({base}):")
    if b.chance(0.3):
        lines.append(f'{INDENT}"""A model — ünïcode docstring."""')
    params = b.pick(["self", "self, in_features=784, num_classes=10", "self, *args, use_bias=False, **kwargs",
                     "self, d, /, n_hidden=64", "self, cfg: dict = None"])
    lines.append(f"{INDENT}def __init__({params}):")
    body = [b.pick(["super().__init__()", f"super({name}, self).__init__()", "super().__init__()"])]
    if "n_hidden" not in params:
        body.append("n_hidden = 32")
    if "use_bias" not in params:
        body.append("use_bias = False")
    if "num_classes" not in params:
        body.append("num_classes = 10")
    attrs = []
    for _ in range(b.rng.randint(1, 5)):
        attr = b.fresh("layer")
        layer, kind = torch_layer(b, (b.num(), b.num()))
        if b.chance(0.2):
            body.append(f"if (tmp := {layer}) is not None:")
            body.append(f"{INDENT}self.{attr} = tmp")
        else:
            body.append(f"self.{attr} = {layer}{b.noqa()}")
        attrs.append((attr, kind))
    if b.chance(0.4):
        body.extend(torch_sequential(b, "self.body"))
        attrs.append(("body", "seq"))
    head = b.pick(["Linear(n_hidden, num_classes)", "Linear(n_hidden, 1)", "Linear(n_hidden, num_classes, bias=False)"])
    body.append(f"self.head = {nn(head.split('(')[0])}({head.split('(', 1)[1]}")
    if b.chance(0.3):
        body.append(f"self.act = {b.pick(['lambda t: ' + F('relu') + '(t)', nn('ReLU') + '()', nn('Softmax') + '(dim=1)'])}")
        attrs.append(("act", "act"))
    if b.chance(0.3):
        body.extend(init_lines(b, "self", [a for a, k in attrs if k == "learned"] + ["head"]))
    lines += [f"{INDENT * 2}{line}" if not line.startswith("\n") else line for text in body for line in text.split("\n")]
    # forward
    decorator = b.pick(["", "", "", "@torch_no_grad_like", "@staticmethod_free"])
    if decorator:
        lines.insert(0, f"def {decorator[1:]}(f):\n    return f")
        lines.append(f"{INDENT}{decorator}")
    fwd_params = b.pick(["self, x", "self, x, *rest", "self, *inputs", "self, x, mask=None, **kw"])
    lines.append(f"{INDENT}def forward({fwd_params}):")
    fwd = ["x, *_ = inputs"] if fwd_params == "self, *inputs" else []
    order = attrs[:]
    b.rng.shuffle(order)
    for attr, kind in order:
        step = b.rng.randint(0, 5)
        if step == 0:
            fwd.append(f"x = self.{attr}(x)")
        elif step == 1:
            fwd.append(f"x = {F(b.pick(F_ACTS))}(self.{attr}(x))")
        elif step == 2:
            fwd.append(f"if (y := self.{attr}(x)) is not None:")
            fwd.append(f"{INDENT}x = y")
        elif step == 3:
            fwd.append(f"def helper(t, *, layer=self.{attr}):")
            fwd.append(f"{INDENT}return layer(t)")
            fwd.append("x = helper(x)")
        elif step == 4:
            fwd.append("match getattr(self, 'mode', 'train'):")
            fwd.append(f"{INDENT}case 'train' | 'fit':")
            fwd.append(f"{INDENT * 2}x = self.{attr}(x)")
            fwd.append(f"{INDENT}case _:")
            fwd.append(f"{INDENT * 2}x = self.{attr}(x); x = x")
        else:
            fwd.append(f"x = self.{attr}(x) \\")
            fwd.append(f"{INDENT}if True else x")
    out = b.pick([
        "self.head(x)", f"{F('relu')}(self.head(x))", f"{F('softmax')}(self.head(x), dim=1)",
        f"{F('log_softmax')}(self.head(x), dim=-1)", f"{b.imp.name('torch', 'sigmoid')}(self.head(x))",
        f"{b.imp.name('torch', 'relu')}(self.head(x))", "self.head(x).softmax(dim=1)", "self.act(self.head(x)) if hasattr(self, 'act') else self.head(x)",
        f"{F('gelu')}(self.head(x))", "(x := self.head(x)).tanh()",
    ])
    fwd.append(f"return {out}{b.noqa()}")
    lines += [f"{INDENT * 2}{line}" for line in fwd]
    return lines, name


def init_lines(b: Builder, owner: str, attrs: list[str]) -> list[str]:
    """Weight-initialisation statements for `owner.attr` layers."""
    init = lambda n: b.imp.name("torch.nn.init", n)  # noqa: E731
    out = []
    for attr in attrs[: b.rng.randint(1, max(1, len(attrs)))]:
        w = f"{owner}.{attr}.weight"
        out.append(b.pick([
            f"{init('xavier_uniform_')}({w})", f"{init('xavier_normal_')}({w}, gain=1.0)",
            f"{init('normal_')}({w}, std=0.01)", f"{init('normal_')}({w}, 0, 0.02)",
            f"{init('kaiming_normal_')}({w}, nonlinearity='relu')", f"{w}.data.normal_(0, 0.02)",
            f"{w}.data.uniform_(-0.1, 0.1)", f"{init('trunc_normal_')}({w}, std=.02)",
            f"{init('orthogonal_')}({w})", f"{init('uniform_')}({w}, -1, 1){b.noqa()}",
        ]))
    return out


def init_hook(b: Builder, model: str) -> list[str]:
    nn = lambda n: b.imp.name("torch.nn", n)  # noqa: E731
    init = lambda n: b.imp.name("torch.nn.init", n)  # noqa: E731
    fn = b.fresh("init_weights")
    call = b.pick([f"{init('xavier_uniform_')}(m.weight)", f"{init('normal_')}(m.weight, std=0.02)",
                   "m.weight.data.normal_(0.0, 0.01)", f"{init('kaiming_uniform_')}(m.weight, a=0)",
                   f"{init('zeros_')}(m.weight)"])
    kinds = b.pick([nn("Linear"), f"({nn('Linear')}, {nn('Conv2d')})", nn("Conv2d")])
    if b.chance(0.5):
        return [f"def {fn}(m):", f"{INDENT}if isinstance(m, {kinds}):", f"{INDENT * 2}{call}",
                f"{INDENT * 2}if m.bias is not None: {init('zeros_')}(m.bias)", f"{model}.apply({fn})"]
    return [f"for m in {model}.modules():", f"{INDENT}if isinstance(m, {kinds}):", f"{INDENT * 2}{call}"]


def torch_training(b: Builder, model: str) -> list[str]:
    torch = lambda n: b.imp.name("torch", n)  # noqa: E731
    opt = b.pick(OPT_NAMES)
    lr = b.pick(LRS)
    lines = []
    if lr == "lr" or b.chance(0.2):
        lines.append(f"lr = {b.pick(['0.1', '1e-3', '0.05'])}")
        lr = "lr" if lr == "lr" else lr
    opt_class = b.imp.name("torch.optim", b.pick(TORCH_OPTS))
    params = b.pick([f"{model}.parameters()", f"[{{'params': {model}.parameters(), 'lr': {lr}}}]",
                     f"filter(lambda p: p.requires_grad, {model}.parameters())", f"list({model}.parameters())"])
    lines.append(f"{opt} = {opt_class}({params}, lr={lr}){b.noqa()}" if b.chance(0.8)
                 else f"{opt} = {opt_class}({params}, {lr})")
    loss_class = b.pick(TORCH_LOSSES)
    crit = b.pick(["criterion", "loss_fn", "κ"])
    lines.append(f"{crit} = {b.imp.name('torch.nn', loss_class)}()")
    if b.chance(0.6):
        sched = b.pick(TORCH_SCHEDS).replace("OPT", opt)
        cls, rest = sched.split("(", 1)
        lines.append(f"scheduler = {b.imp.name('torch.optim.lr_scheduler', cls)}({rest}")
    dl = b.imp.name("torch.utils.data", "DataLoader")
    bs = b.pick(["", ", batch_size=1", ", batch_size=32", ", batch_size=bs", ", 1", ", batch_size=(1)"])
    lines.append(f"loader = {dl}(train_set{bs}, shuffle=True)")
    if "bs" in bs:
        lines.insert(0, "bs = 1")
    epoch_var = b.pick(["epoch", "ep", "épоque"])
    lines.append(f"for {epoch_var} in range({b.num(True)}):")
    loop = [f"{model}.train()"]
    loop.append(b.pick(["for x, y in loader:", "for i, (x, y) in enumerate(loader):", "for batch in loader:"]))
    inner = ["x, y = batch"] if False else []
    inner.append(f"{opt}.zero_grad()")
    inner.append(b.pick(["x = x / 255.0", "x = x.float() / 255", "x = (x - x.mean()) / x.std()", "pass", "x = x"]))
    inner.append(b.pick([f"out = {model}(x)", f"out = {model}.forward(x)", f"out = {model}(x.view(x.size(0), -1))"]))
    inner.append(b.pick([f"loss = {crit}(out, y)", f"loss = {b.imp.name('torch.nn.functional', 'cross_entropy')}(out, y)",
                         f"loss = {b.imp.name('torch.nn.functional', 'nll_loss')}(out, y)",
                         f"loss = -({'y'} * {torch('log')}(out)).sum()"]))
    inner.append("loss.backward()")
    inner.append(f"{opt}.step()")
    if "batch" in loop[-1]:
        inner.insert(0, "x, y = batch")
    loop += [INDENT + line for line in inner]
    if "scheduler" in "\n".join(lines):
        loop.append("scheduler.step()")
    if b.chance(0.3):
        loop.append(f"for g in {opt}.param_groups:")
        loop.append(f"{INDENT}g['lr'] *= {b.pick(['0.5', '0.9', '1'])}")
    ckpt = b.pick([f"{torch('save')}({model}.state_dict(), f'ckpt_{{{epoch_var}}}.pt')",
                   f"{torch('save')}({model}, 'model.pt')",
                   f"{torch('save')}({{'model': {model}.state_dict(), 'optimizer': {opt}.state_dict()}}, f'{{{epoch_var}:03d}}.pt')",
                   f"{torch('save')}({{'model': {model}.state_dict(), 'epoch': {epoch_var}}}, 'last.pt')", "pass"])
    loop.append(ckpt + b.noqa())
    lines += [INDENT + line for line in loop]
    if b.chance(0.3):
        lines.append(f"{model}.load_state_dict({torch('load')}('ckpt_0.pt'))")
    if b.chance(0.4):
        lines.append(f"{model}.eval()")
        lines.append(f"with {torch('no_grad')}():")
        lines.append(f"{INDENT}pred = {model}({b.pick(['x_test', 'x_test / 255.0', 'x_test.float()'])})")
    return lines


def torch_program(b: Builder) -> list[str]:
    lines: list[str] = []
    model = b.pick(MODEL_NAMES)
    if b.chance(0.6):
        cls_lines, cls = torch_module_class(b)
        lines += cls_lines
        lines.append(f"{model} = {cls}({b.pick(['', '784, 10', '32', '784', 'cfg={}'])})".replace(cls + "(784)", cls + "(784, n_hidden=8)"))
    else:
        lines += ["n_hidden = 64", "use_bias = False", "num_classes = 10"]
        lines += torch_sequential(b, model)
    if b.chance(0.3):
        lines += init_hook(b, model)
    if b.chance(0.7):
        lines += torch_training(b, model)
    return lines


# -- Keras ----------------------------------------------------------------------------------------------

def keras_mod(b: Builder) -> tuple[str, str]:
    """(keras module, layers module) in one of the spellings."""
    if not hasattr(b, "_keras"):
        b._keras = b.pick([("tensorflow.keras", "tensorflow.keras.layers"), ("keras", "keras.layers")])
    return b._keras


def keras_layer(b: Builder, last: bool = False) -> str:
    k, layers = keras_mod(b)
    L = lambda n: b.imp.name(layers, n)  # noqa: E731
    act = b.pick(KERAS_ACTS)
    act_arg = "" if act is None else b.pick([f", activation='{act}'", f", activation=\"{act}\"",
                                             f", activation={b.imp.name(k, 'activations')}.{act}" if act != "linear" else ""])
    bias = b.pick(["", "", ", use_bias=False", ", use_bias=True"])
    init = b.pick(["", "", ", kernel_initializer='random_normal'",
                   f", kernel_initializer={b.imp.name(k, 'initializers')}.RandomNormal(stddev=0.01)",
                   ", kernel_initializer='glorot_uniform'", ", kernel_initializer='he_normal'"])
    units = b.pick(["1", "10", "64", "num_classes", "(1)"])
    kind = b.rng.randint(0, 6)
    if kind <= 2 or last:
        return f"{L('Dense')}({units}{act_arg}{bias}{init})"
    if kind == 3:
        return f"{L('Conv2D')}({b.num()}, 3{act_arg}{bias}{init})"
    if kind == 4:
        return f"{L('BatchNormalization')}()"
    if kind == 5:
        return f"{L('Activation')}('{b.pick(['relu', 'softmax', 'sigmoid'])}')"
    return b.pick([f"{L('Dropout')}(0.2)", f"{L('Flatten')}()", f"{L('Rescaling')}(1. / 255)", f"{L('ReLU')}()",
                   f"{L('Softmax')}()", f"{L('LayerNormalization')}()"])


def keras_compile_fit(b: Builder, model: str) -> list[str]:
    k, _ = keras_mod(b)
    lines = []
    lr = b.pick(LRS)
    opt_name = b.pick(["Adam", "SGD", "RMSprop", "AdamW", "Nadam"])
    if b.chance(0.3):
        sched = b.pick(["ExponentialDecay(1e-3, decay_steps=1000, decay_rate=0.9)", "CosineDecay(1e-3, 1000)",
                        "PiecewiseConstantDecay([10, 20], [1e-3, 1e-4, 1e-5])", "InverseTimeDecay(0.1, 10, 0.5)",
                        "PolynomialDecay(0.01, 100)"])
        lines.append(f"lr_schedule = {b.imp.name(k, 'optimizers')}.schedules.{sched}")
        lr = "lr_schedule"
    if lr == "lr":
        lines.append("lr = 0.1")
    opt = b.pick([f"{b.imp.name(k, 'optimizers')}.{opt_name}(learning_rate={lr})", f"'{opt_name.lower()}'",
                  f"{b.imp.name(k, 'optimizers')}.{opt_name}({lr})"])
    if b.chance(0.5):
        loss = repr(b.pick(KERAS_LOSSES))
    else:
        loss = f"{b.imp.name(k, 'losses')}.{b.pick(KERAS_LOSS_CLASSES)}({b.pick(['', 'from_logits=True', 'from_logits=False'])})"
    lines.append(f"{model}.compile(optimizer={opt}, loss={loss}, metrics=['accuracy']){b.noqa()}")
    if b.chance(0.5):
        ds = b.pick(["mnist", "cifar10", "fashion_mnist", "boston_housing"])
        lines.append(f"(x_train, y_train), (x_test, y_test) = {b.imp.name(k, 'datasets')}.{ds}.load_data()")
        if b.chance(0.5):
            lines.append(b.pick(["x_train = x_train / 255.0", "x_train = x_train.astype('float32') / 255",
                                 "x_train, x_test = x_train / 255., x_test / 255.", "x_train = x_train / 255 / 255"]))
    callbacks = []
    if b.chance(0.3):
        callbacks.append(f"{b.imp.name(k, 'callbacks')}.ModelCheckpoint('w.h5', save_weights_only={b.pick(['True', 'False'])})")
    if b.chance(0.3):
        callbacks.append(f"{b.imp.name(k, 'callbacks')}.LearningRateScheduler(lambda epoch, lr: lr * {b.pick(['0.9', '1'])})")
    cb = f", callbacks=[{', '.join(callbacks)}]" if callbacks else ""
    bs = b.pick(["", ", batch_size=1", ", batch_size=32", ", 1"])
    val = b.pick(["", ", validation_data=(x_test, y_test)", ", validation_split=0.1"])
    lines.append(f"history = {model}.fit(x_train, y_train{bs}, epochs={b.num(True)}{val}{cb})")
    if b.chance(0.4):
        lines.append(f"{model}.evaluate({b.pick(['x_test', 'x_test / 255.0'])}, y_test)")
    if b.chance(0.3):
        lines.append(f"{model}.save_weights('model.weights.h5')")
    return lines


def keras_program(b: Builder) -> list[str]:
    k, layers = keras_mod(b)
    model = b.pick(MODEL_NAMES)
    form = b.rng.randint(0, 2)
    lines = ["num_classes = 10", "n_hidden = 16"]
    if form == 0:
        items = [keras_layer(b) for _ in range(b.rng.randint(0, 5))] + [keras_layer(b, last=True)]
        seq = b.imp.name(k, "Sequential")
        if b.chance(0.3):
            lines.append(f"{model} = {seq}()")
            lines += [f"{model}.add({item})" for item in items]
        else:
            call = call_lines(seq, ["[" + ", ".join(items) + "]"], b)
            call[0] = f"{model} = " + call[0]
            lines += call
    elif form == 1:
        lines.append(f"inputs = {b.imp.name(k, 'Input')}(shape=({b.num()},))")
        prev = "inputs"
        for _ in range(b.rng.randint(1, 5)):
            var = b.fresh("h")
            lines.append(f"{var} = {keras_layer(b)}({prev}){b.noqa()}")
            prev = var
        lines.append(f"outputs = {keras_layer(b, last=True)}({prev})")
        if b.chance(0.3):
            lines.append(f"outputs = {b.imp.name(layers, 'Activation')}('{b.pick(['softmax', 'relu', 'sigmoid'])}')(outputs)")
        lines.append(f"{model} = {b.imp.name(k, 'Model')}(inputs=inputs, outputs=outputs)")
    else:
        cls = b.pick(CLASS_NAMES) + b.fresh("K")
        lines.append(f"class {cls}({b.imp.name(k, 'Model')}):")
        lines.append(f"{INDENT}def __init__(self, **kwargs):")
        lines.append(f"{INDENT * 2}super().__init__(**kwargs)")
        n = b.rng.randint(1, 4)
        for i in range(n):
            lines.append(f"{INDENT * 2}self.d{i} = {keras_layer(b, last=i == n - 1)}")
        lines.append(f"{INDENT}def call(self, x, training=False):")
        for i in range(n):
            lines.append(f"{INDENT * 2}x = self.d{i}(x)")
        lines.append(f"{INDENT * 2}return {b.pick(['x', 'tf_softmax(x)', 'x if training else x'])}")
        if "tf_softmax" in lines[-1]:
            lines.insert(0, f"tf_softmax = {b.imp.name('tensorflow', 'nn')}.softmax")
        lines.append(f"{model} = {cls}()")
    if b.chance(0.8):
        lines += keras_compile_fit(b, model)
    return lines


# -- TF1 --------------------------------------------------------------------------------------------------

def tf1_program(b: Builder) -> list[str]:
    tf = b.imp.module("tensorflow.compat.v1") if b.chance(0.6) else b.imp.module("tensorflow") + ".compat.v1"
    lines = [f"{tf}.disable_v2_behavior()"] if b.chance(0.5) else []
    lines += [f"x = {tf}.placeholder({tf}.float32, [None, 784])", f"y = {tf}.placeholder({tf}.float32, [None, 10])"]
    if b.chance(0.4):
        lines.append(f"W = {tf}.Variable({tf}.truncated_normal([784, 10], stddev={b.pick(['0.1', '0.01', '1.0'])}))")
        lines.append(f"logits = {tf}.matmul(x, W)")
    else:
        lines.append(f"h = {tf}.layers.dense(x, 128, activation={tf}.nn.{b.pick(['relu', 'sigmoid', 'tanh'])}"
                     f"{b.pick(['', ', use_bias=False'])})")
        lines.append(f"logits = {tf}.layers.dense(h, 10{b.pick(['', ', activation=' + tf + '.nn.relu'])})")
    if b.chance(0.4):
        lines.append(f"logits = {tf}.nn.{b.pick(['softmax', 'sigmoid'])}(logits)")
    lines.append(f"loss = {tf}.reduce_mean({tf}.nn.{b.pick(['softmax_cross_entropy_with_logits_v2', 'sigmoid_cross_entropy_with_logits', 'softmax_cross_entropy_with_logits'])}(labels=y, logits=logits))")
    lr = b.pick(LRS[:12])
    if b.chance(0.4):
        lines.append(f"global_step = {tf}.Variable(0, trainable=False)")
        lines.append(f"lr = {tf}.train.{b.pick(['exponential_decay', 'cosine_decay', 'piecewise_constant'])}(0.001, global_step, 1000, 0.96)")
        lr = "lr"
    saver_first = b.chance(0.5)
    saver = f"saver = {tf}.train.Saver({b.pick(['', '', 'var_list=None', 'max_to_keep=3'])})"
    opt = f"train_op = {tf}.train.{b.pick(['AdamOptimizer', 'GradientDescentOptimizer', 'MomentumOptimizer', 'RMSPropOptimizer'])}({lr}).minimize(loss)"
    opt = opt.replace("MomentumOptimizer(" + lr + ")", "MomentumOptimizer(" + lr + ", 0.9)")
    if b.chance(0.3):
        lines.append("def build_saver():")
        lines.append(f"{INDENT}return {saver.split(' = ', 1)[1]}")
        saver = "saver = build_saver()"
    lines += [saver, opt] if saver_first else [opt, saver]
    lines.append(f"with {tf}.Session() as sess:")
    lines.append(f"{INDENT}sess.run({tf}.global_variables_initializer())")
    lines.append(f"{INDENT}for step in range(100):")
    lines.append(f"{INDENT * 2}sess.run(train_op, feed_dict={{x: batch_x, y: batch_y}})")
    lines.append(f"{INDENT * 2}saver.save(sess, 'model.ckpt', global_step=step)")
    return lines


# -- JAX / Flax --------------------------------------------------------------------------------------------

def flax_program(b: Builder) -> list[str]:
    nn = b.imp.module("flax.linen")
    optax = b.imp.module("optax")
    cls = b.pick(CLASS_NAMES) + b.fresh("F")
    lines = [f"class {cls}({nn}.Module):", f"{INDENT}features: int = 10", "", f"{INDENT}@{nn}.compact",
             f"{INDENT}def __call__(self, x):"]
    for _ in range(b.rng.randint(1, 4)):
        lines.append(f"{INDENT * 2}x = {nn}.Dense({b.num()}{b.pick(['', ', use_bias=False'])})(x)")
        if b.chance(0.7):
            lines.append(f"{INDENT * 2}x = {nn}.{b.pick(['relu', 'gelu', 'sigmoid', 'tanh'])}(x)")
        if b.chance(0.2):
            lines.append(f"{INDENT * 2}x = {nn}.LayerNorm()(x)")
    lines.append(f"{INDENT * 2}return {b.pick(['x', nn + '.relu(x)', nn + '.softmax(x)'])}")
    lr = b.pick(LRS[:12])
    if b.chance(0.4):
        lines.append(f"schedule = {optax}.{b.pick(['exponential_decay(1e-3, 1000, 0.9)', 'cosine_decay_schedule(1e-3, 1000)', 'linear_schedule(1e-3, 0.0, 100)'])}")
        lr = "schedule"
    lines.append(f"tx = {optax}.{b.pick(['adam', 'adamw', 'sgd'])}(learning_rate={lr})")
    lines.append(f"model = {cls}()")
    return lines


# -- inputs and reshapes -------------------------------------------------------------------------------

def data_program(b: Builder) -> list[str]:
    np = b.imp.module("numpy")
    lines = []
    kind = b.rng.randint(0, 4)
    if kind == 0:
        cv2 = b.imp.module("cv2")
        lines += [f"img = {cv2}.imread('a.png')", f"img = {b.pick(['img / 255.0', 'img', 'img.astype(' + np + '.float32) / 255 / 255'])}"]
    elif kind == 1:
        lines += [f"data = {np}.loadtxt('data.csv', delimiter=',')", "X, y = data[:, :-1], data[:, -1]"]
    elif kind == 2:
        sk = b.imp.name("sklearn.preprocessing", "StandardScaler")
        lines += [f"scaler = {sk}()", "x_train = scaler.fit_transform(x_train)",
                  f"x_test = scaler.{b.pick(['fit_transform', 'transform'])}(x_test)",
                  "x_val = (x_val - x_val.mean()) / x_val.std()"]
    elif kind == 3:
        tr = lambda n: b.imp.name("torchvision.transforms", n)  # noqa: E731
        steps = b.rng.sample([f"{tr('ToTensor')}()", f"{tr('Normalize')}((0.5,), (0.5,))",
                              f"{tr('Lambda')}(lambda t: t / 255.0)", f"{tr('Resize')}(32)"], b.rng.randint(1, 4))
        lines.append(f"transform = {tr('Compose')}([{', '.join(steps)}])")
    else:
        torch = b.imp.module("torch")
        lines += [f"t = {torch}.zeros(8, 3, 32, 32)",
                  b.pick(["t = t.view(8, 32, 32, 3)", "t = t.reshape(t.shape[0], t.shape[2], t.shape[1], -1)",
                          "t = t.permute(0, 2, 3, 1).reshape(8, 3, 32, 32)", "b_, c_, h_, w_ = t.shape; t = t.reshape(b_, h_, w_, c_)",
                          "t = t.transpose(1, 2).contiguous().view(8, -1)"])]
    return lines


# -- scale -----------------------------------------------------------------------------------------------

def stress_program(b: Builder, kind: int | None = None, size: int | None = None) -> list[str]:
    """Generated-model shapes at a scale (kept small enough for a fuzz run: the linear-time benchmark is
    benchmarks/'s business): long Sequentials, long alias chains, deeply nested calls, many layers in a class."""
    nn = lambda n: b.imp.name("torch.nn", n)  # noqa: E731
    kind = b.rng.randint(0, 3) if kind is None else kind
    n = b.rng.randint(50, 400) if size is None else size
    if kind == 0:
        items = [f"{nn('Linear')}(8, 8, bias=False)" if i % 2 == 0 else f"{nn('BatchNorm1d')}(8)" for i in range(n)]
        items.append(f"{nn('Linear')}(8, 2, bias=False)")
        return [f"big = {nn('Sequential')}(", *(f"{INDENT}{item}," for item in items), ")"]
    if kind == 1:
        lines = [f"a0 = {nn('Linear')}"]
        lines += [f"a{i} = a{i - 1}" for i in range(1, n)]
        return lines + [f"layer = a{n - 1}(4, 4, bias=False)", f"model = {nn('Sequential')}(layer, {nn('ReLU')}())"]
    if kind == 2:
        depth = b.rng.randint(20, 90) if size is None else size
        return [f"model = {nn('Sequential')}(" + f"{nn('Sequential')}(" * depth + f"{nn('Linear')}(2, 2)" + ")" * depth
                + f", {nn('ReLU')}())"]
    lines = [f"class Generated({nn('Module')}):", f"{INDENT}def __init__(self):", f"{INDENT * 2}super().__init__()"]
    lines += [f"{INDENT * 2}self.conv{i} = {nn('Conv2d')}(8, 8, 3, bias=False)" for i in range(n)]
    lines += [f"{INDENT * 2}self.bn{i} = {nn('BatchNorm2d')}(8)" for i in range(0, n, 2)]
    lines += [f"{INDENT}def forward(self, x):"]
    for i in range(n):
        lines.append(f"{INDENT * 2}x = self.conv{i}(x)")
        if i % 2 == 0:
            lines.append(f"{INDENT * 2}x = self.bn{i}(x)")
    return lines + [f"{INDENT * 2}return x"]


# -- assembling -------------------------------------------------------------------------------------------

def wrap(b: Builder, lines: list[str]) -> list[str]:
    """Put a fragment inside a statement that changes nothing a linter should care much about."""
    choice = b.rng.randint(0, 9)
    body = [INDENT + line if line else line for text in lines for line in text.split("\n")]
    if choice == 0:
        return ["if __name__ == '__main__':"] + body
    if choice == 1:
        name = b.fresh("main")
        return [f"def {name}(*args, **kwargs):"] + body + [f"{INDENT}return locals()", f"{name}()"]
    if choice == 2:
        return ["try:"] + body + ["except (ImportError, RuntimeError) as exc:", f"{INDENT}raise SystemExit(exc)",
                                  "finally:", f"{INDENT}pass"]
    if choice == 3:
        b.imp._add("import contextlib")
        return ["with contextlib.suppress(Exception), open(__file__) as _fh:"] + body
    if choice == 4:
        return ["for _ in range(1):"] + body + ["else:", f"{INDENT}pass"]
    if choice == 5:
        return ["match __name__:", f"{INDENT}case '__main__' | 'x':"] + [INDENT + line for line in body] + \
               [f"{INDENT}case _:", f"{INDENT * 2}pass"]
    if choice == 6:
        return ["while True:"] + body + [f"{INDENT}break"]
    return lines


def program(rng: random.Random, scale: bool = True) -> str:
    """The source text of one random deep-learning program (`scale`: now and then a model at scale)."""
    b = Builder(rng)
    fragments = []
    makers = [torch_program, keras_program, tf1_program, flax_program, data_program, stress_program]
    weights = [60, 40, 20, 10, 20, 2 if scale else 0]
    for _ in range(rng.randint(1, 3)):
        maker = rng.choices(makers, weights)[0]
        fragment = maker(b)
        if rng.random() < 0.3:
            fragment = wrap(b, fragment)
        fragments.append(fragment)
    body = []
    for fragment in fragments:
        body += [line for text in fragment for line in text.split("\n")]
        body.append("")
    body = _sprinkle(b, body)
    head = []
    if rng.random() < 0.3:
        head.append(rng.choice(['"""Module docstring: ∂L/∂w."""', "#!/usr/bin/env python", "# -*- coding: utf-8 -*-",
                                "from __future__ import annotations", "# nnlint: noqa: NN2", "# ruff: noqa"]))
    imports = b.imp.lines[:]
    if rng.random() < 0.2:
        rng.shuffle(imports)
    if rng.random() < 0.15:
        imports = ["try:"] + [INDENT + line for line in imports] + ["except ImportError:", f"{INDENT}pass"]
    return "\n".join(head + imports + [""] + body) + "\n"


def _sprinkle(b: Builder, lines: list[str]) -> list[str]:
    """Odd extras between top-level statements: f-strings, lambdas, globals, semicolons, comments."""
    out = []
    previous = ""
    for line in lines:
        if line and not line[0].isspace() and not line.startswith(("else", "except", "finally", "case", "elif", ")")) \
                and not previous.startswith("@") and not previous.endswith(("\\", ":")) and b.chance(0.07):
            out.append(b.pick([
                "print(f'{1 + 1 = }', f\"{'é'!r:>10}\")", "_ = lambda *a, **k: (a, k)", "λ = 0.5; μ = λ * 2",
                "global_var: 'int' = 3", "del_me = [i for i in range(3) if (j := i)]", "# a comment ☃",
                "assert True, 'never'", "async def _coro():\n    await _coro()", "x_ = {**{}, 'a': [*()]}",
                "if 0: pass\nelif 1: pass", "__all__ = []", "y_ = 1 if 0 else \\\n    2",
            ]))
        out.append(line)
        previous = line or previous
    return [piece for text in out for piece in text.split("\n")]
