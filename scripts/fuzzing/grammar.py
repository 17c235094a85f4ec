"""Programs drawn from hypothesmith, reproducibly: the same seed gives the same programs.

hypothesmith generates syntactically valid Python from the grammar (`from_grammar`) or from LibCST's node
types (`from_node`). Its programs seldom import a deep-learning framework, which nnlint's pre-filter
skips at once, so `hypothesmith_programs` returns some of them as they are and puts a framework import in
front of the others, or splices them into a DL-shaped program (`dl_shapes`), so that the analysis runs on
them too.
"""

from __future__ import annotations

import random
import warnings

IMPORT_PREFIXES = ["import torch\nimport torch.nn as nn\n", "import tensorflow as tf\nfrom tensorflow import keras\n",
                   "import tensorflow.compat.v1 as tf\n", "import flax.linen as nn\nimport optax\n",
                   "import torch\n", "from torch import nn\nimport torch.nn.functional as F\n"]


def draw(strategy, n: int, seed: int) -> list:
    """`n` examples of a hypothesis strategy, the same ones for the same seed (hypothesis' own generator,
    derandomized by `@seed`; no example database)."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed

    examples: list = []
    if n <= 0:
        return examples

    @hypothesis_seed(seed)
    @settings(max_examples=n, database=None, phases=[Phase.generate], deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def collect(example):
        examples.append(example)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        collect()
    return examples[:n]


def hypothesmith_programs(n: int, seed: int) -> list[tuple[str, str]]:
    """`n` (text, how it was made) pairs."""
    import hypothesmith

    rng = random.Random(seed)
    n_node = (n + 12) // 25  # from_node is some fifty times slower than from_grammar
    texts = [(t, "from_grammar") for t in draw(hypothesmith.from_grammar(), n - n_node, seed)]
    texts += [(t, "from_node") for t in draw(hypothesmith.from_node(), n_node, seed)]
    while len(texts) < n:  # hypothesis may stop early when it runs out of new examples
        texts.append(("pass\n", "filler"))
    out = []
    for text, how in texts:
        roll = rng.random()
        if roll < 0.3:
            out.append((text, how))
        elif roll < 0.7:
            out.append((rng.choice(IMPORT_PREFIXES) + text, how + "+import"))
        else:
            out.append((splice(text, rng), how + "+spliced"))
    return out


def splice(text: str, rng: random.Random) -> str:
    """A DL-shaped program with `text` put at one of its top-level statement boundaries."""
    from .dl_shapes import program

    host = program(rng).split("\n")
    at = rng.choice([i for i, line in enumerate(host) if line and not line[0].isspace()
                     and not line.startswith(("else", "except", "finally", "elif", "case", ")", "]"))] or [0])
    if at > 0 and (host[at - 1].startswith("@") or host[at - 1].rstrip().endswith(("\\", ":", ",", "(", "["))):
        at = len(host)
    body = text if text.endswith("\n") else text + "\n"
    return "\n".join(host[:at]) + "\n" + body + "\n".join(host[at:])
