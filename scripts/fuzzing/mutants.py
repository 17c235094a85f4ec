"""Mutants of real files: the repository's test cases and fixtures and, when present, the benchmark corpora
(`/tmp/nnlint-bench/`: timm, torchvision, transformers, keras).

`mutate(text, rng)` applies one to four mutations, each at the level of lines, tokens or statements:

- lines: delete, duplicate, swap two, move one elsewhere;
- tokens: change a number, rename an identifier everywhere, flip `True`/`False`, swap a keyword argument's
  name (`bias=` ↔ `use_bias=`, `lr=` ↔ `momentum=`), change a string, swap an activation's name for
  another one, replace an operator;
- statements (found with `ast`, applied to the text so comments and layout stay): wrap a statement in
  `if`/`with`/`try`/`for`/`def`, delete one, duplicate one, add a `# noqa` comment.

Mutants need not parse; most do.
"""

from __future__ import annotations

import ast
import io
import os
import random
import re
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH = Path(os.environ.get("NNLINT_FUZZ_CORPUS", "/tmp/nnlint-bench"))
MAX_BYTES = 150_000

ACTIVATIONS = ["ReLU", "Softmax", "Sigmoid", "Tanh", "GELU", "LogSoftmax", "relu", "softmax", "sigmoid", "tanh",
               "log_softmax", "Identity", "LeakyReLU", "BatchNorm2d", "LayerNorm", "Linear", "Dense", "Conv2d"]
KWARG_SWAPS = {"bias": "use_bias", "use_bias": "bias", "lr": "momentum", "learning_rate": "lr",
               "from_logits": "reduction", "batch_size": "num_workers", "activation": "name", "dim": "axis",
               "std": "mean", "stddev": "mean", "var_list": "max_to_keep", "inplace": "bias"}
OPERATORS = ["+", "-", "*", "/", "//", "**", "@", "%"]
NUMBERS = ["0", "1", "-1", "0.1", "1e-3", "255", "255.0", "2", "1_000", "0x10", "1e308", "0.0", "3j"]


def corpus(include_bench: bool = True, limit: int | None = None, seed: int = 0) -> list[Path]:
    """The files mutants are made from (`.py` and `.ipynb`), in a stable order; with `limit`, a sample."""
    files = sorted(p for d in ("tests/cases", "fixtures") for p in (ROOT / d).rglob("*")
                   if p.suffix in (".py", ".ipynb") and p.is_file())
    if include_bench and BENCH.is_dir():
        files += sorted(p for p in BENCH.rglob("*.py") if _small_file(p))
    if limit is not None and len(files) > limit:
        files = sorted(random.Random(seed).sample(files, limit))
    return files


def _small_file(path: Path) -> bool:
    try:  # the corpus may change while it is listed (another process's working copy)
        return path.is_file() and path.stat().st_size <= MAX_BYTES
    except OSError:
        return False


def mutate(text: str, rng: random.Random) -> tuple[str, list[str]]:
    """(mutated text, names of the mutations)."""
    applied = []
    for _ in range(rng.choice([1, 1, 2, 2, 3, 4])):
        mutation = rng.choice(MUTATIONS)
        try:
            new = mutation(text, rng)
        except (SyntaxError, ValueError, tokenize.TokenError, IndentationError, RecursionError, MemoryError):
            new = None
        if new is not None and new != text:
            text = new
            applied.append(mutation.__name__)
    return text, applied


# -- lines -------------------------------------------------------------------------------------------------

def delete_lines(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    at = rng.randrange(len(lines))
    del lines[at:at + rng.choice([1, 1, 2, 5])]
    return "\n".join(lines)


def duplicate_line(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    at = rng.randrange(len(lines))
    lines.insert(at, lines[at])
    return "\n".join(lines)


def swap_lines(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def move_line(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    line = lines.pop(rng.randrange(len(lines)))
    lines.insert(rng.randrange(len(lines) + 1), line)
    return "\n".join(lines)


# -- tokens ------------------------------------------------------------------------------------------------

def _tokens(text: str) -> list[tokenize.TokenInfo]:
    return list(tokenize.generate_tokens(io.StringIO(text).readline))


def _replace_token(text: str, token: tokenize.TokenInfo, new: str) -> str:
    lines = text.splitlines(keepends=True)
    (sl, sc), (el, ec) = token.start, token.end
    start = sum(len(line) for line in lines[:sl - 1]) + sc
    end = sum(len(line) for line in lines[:el - 1]) + ec
    return text[:start] + new + text[end:]


def change_number(text: str, rng: random.Random) -> str | None:
    numbers = [t for t in _tokens(text) if t.type == tokenize.NUMBER]
    return _replace_token(text, rng.choice(numbers), rng.choice(NUMBERS)) if numbers else None


def rename_identifier(text: str, rng: random.Random) -> str | None:
    names = sorted({t.string for t in _tokens(text) if t.type == tokenize.NAME and t.string.isidentifier()
                    and t.string not in __import__("keyword").kwlist})
    if not names:
        return None
    old = rng.choice(names)
    new = rng.choice(["x", "model", "nn", "torch", "tf", "self", "F", "Linear", "optimizer", "é_" + old, old + "2",
                      "keras", "layers", "loss"])
    return re.sub(r"(?<![\w.])%s(?!\w)" % re.escape(old), new, text) if rng.random() < 0.5 else \
        re.sub(r"\b%s\b" % re.escape(old), new, text)


def flip_bool(text: str, rng: random.Random) -> str | None:
    found = [t for t in _tokens(text) if t.type == tokenize.NAME and t.string in ("True", "False", "None")]
    if not found:
        return None
    token = rng.choice(found)
    return _replace_token(text, token, rng.choice([s for s in ("True", "False", "None") if s != token.string]))


def swap_keyword(text: str, rng: random.Random) -> str | None:
    tokens = _tokens(text)
    found = [t for i, t in enumerate(tokens[:-1]) if t.type == tokenize.NAME and t.string in KWARG_SWAPS
             and tokens[i + 1].string == "="]
    if not found:
        return None
    token = rng.choice(found)
    return _replace_token(text, token, KWARG_SWAPS[token.string])


def change_string(text: str, rng: random.Random) -> str | None:
    strings = [t for t in _tokens(text) if t.type == tokenize.STRING and len(t.string) < 80 and "\n" not in t.string]
    if not strings:
        return None
    return _replace_token(text, rng.choice(strings), rng.choice(
        ["'relu'", "'softmax'", "'sigmoid'", "\"categorical_crossentropy\"", "'adam'", "''", "'é'", "f'{x}'",
         "'linear'", "'mse'", "b'x'", "r'\\d'"]))


def swap_activation(text: str, rng: random.Random) -> str | None:
    found = [t for t in _tokens(text) if t.type == tokenize.NAME and t.string in ACTIVATIONS]
    if not found:
        return None
    return _replace_token(text, rng.choice(found), rng.choice(ACTIVATIONS))


def change_operator(text: str, rng: random.Random) -> str | None:
    found = [t for t in _tokens(text) if t.type == tokenize.OP and t.string in OPERATORS]
    if not found:
        return None
    return _replace_token(text, rng.choice(found), rng.choice(OPERATORS))


# -- statements ---------------------------------------------------------------------------------------------

def _statements(text: str) -> list[ast.stmt]:
    tree = ast.parse(text)
    return [node for node in ast.walk(tree) if isinstance(node, ast.stmt)]


def _statement_lines(text: str, rng: random.Random) -> tuple[list[str], int, int, str] | None:
    """(lines, first, last (0-based, inclusive), indentation) of a random statement that starts its line."""
    statements = _statements(text)
    lines = text.split("\n")
    candidates = []
    for node in statements:
        first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])]) - 1
        line = lines[first]
        indent = line[:len(line) - len(line.lstrip())]
        if line.strip() and node.end_lineno is not None and node.col_offset == len(indent.encode()):
            candidates.append((first, node.end_lineno - 1, indent))
    if not candidates:
        return None
    first, last, indent = rng.choice(candidates)
    return lines, first, last, indent


def wrap_statement(text: str, rng: random.Random) -> str | None:
    found = _statement_lines(text, rng)
    if found is None:
        return None
    lines, first, last, indent = found
    unit = "\t" if indent.startswith("\t") else "    "
    body = [unit + line if line.strip() else line for line in lines[first:last + 1]]
    head, tail = rng.choice([
        (["if True:"], []), (["if x:"], ["else:", unit + "pass"]), (["with ctx() as c:"], []),
        (["try:"], ["except Exception:", unit + "pass"]), (["for _ in range(2):"], []),
        (["def wrapped():"], []), (["class Wrapped:"], []), (["while cond:"], []),
        (["match v:", unit + "case _:"], []), (["async def wrapped():"], []),
    ])
    if head[0] == "match v:":
        body = [unit + line if line.strip() else line for line in body]
    new = [indent + h for h in head] + body + [indent + t for t in tail]
    return "\n".join(lines[:first] + new + lines[last + 1:])


def delete_statement(text: str, rng: random.Random) -> str | None:
    found = _statement_lines(text, rng)
    if found is None:
        return None
    lines, first, last, indent = found
    return "\n".join(lines[:first] + [indent + "pass"] + lines[last + 1:])


def duplicate_statement(text: str, rng: random.Random) -> str | None:
    found = _statement_lines(text, rng)
    if found is None:
        return None
    lines, first, last, _ = found
    return "\n".join(lines[:last + 1] + lines[first:last + 1] + lines[last + 1:])


def add_noqa(text: str, rng: random.Random) -> str | None:
    from .dl_shapes import NOQA

    lines = text.split("\n")
    at = rng.randrange(len(lines))
    if not lines[at].strip() or lines[at].rstrip().endswith("\\"):
        return None
    lines[at] = lines[at] + "  " + rng.choice(NOQA)
    return "\n".join(lines)


MUTATIONS = [delete_lines, duplicate_line, swap_lines, move_line, change_number, rename_identifier, flip_bool,
             swap_keyword, change_string, swap_activation, change_operator, wrap_statement, delete_statement,
             duplicate_statement, add_noqa, swap_activation, swap_keyword, wrap_statement]


def mutate_file(path: Path, rng: random.Random) -> tuple[bytes, str, list[str]]:
    """(bytes of the mutant, its suffix, the mutations). A notebook's cell sources are mutated one at a time."""
    data = path.read_bytes()
    if path.suffix == ".ipynb":
        import json

        try:
            nb = json.loads(data)
            cells = [c for c in nb.get("cells", []) if c.get("cell_type") == "code"]
            cell = rng.choice(cells)
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            new, applied = mutate(source, rng)
            cell["source"] = new
            return json.dumps(nb, indent=1, ensure_ascii=rng.random() < 0.5).encode(), ".ipynb", applied
        except (ValueError, KeyError, IndexError, TypeError, AttributeError):
            return data, ".ipynb", []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data, ".py", []
    new, applied = mutate(text.replace("\r\n", "\n"), rng)
    return new.encode("utf-8", "surrogatepass"), ".py", applied
