"""The garbage collector's settings for a lint run (issue 18): fewer, cheaper collections.

A lint allocates a whole `ast` tree per file, an index over it and the analyses' small objects. With
CPython's default thresholds (700, 10, 10) the young generations are collected every few hundred nodes
while a tree is being built, and every object of a large tree is traversed several times as it is promoted
to the oldest generation, where full collections traverse it again: a fifth or more of a run's CPU time,
growing with the file. Almost nothing nnlint allocates is cyclic garbage (trees, dictionaries and lists
are freed by reference counting), so collecting rarely loses little memory.

`tune()` is for processes that lint: the command line (once, before a run) and the editor server (after its
start-up). It moves everything alive so far (imported modules, the rule registry, the frameworks' tables)
to the permanent generation, which collections no longer traverse, and raises the thresholds. It is not
done on import: a program that imports nnlint as a library keeps its own settings.
"""

from __future__ import annotations

import gc

#: a young collection every this many net allocations (CPython's default: 700), a middle one every this many
#: young ones, a full one every this many middle ones
THRESHOLDS = (50_000, 50, 100)
_frozen = False


def tune() -> None:
    """Freeze what is alive now (once per process: a test runner invoking the command line many times does not
    freeze its own garbage again and again) and raise the collection thresholds (see the module's docstring)."""
    global _frozen
    if not _frozen:
        gc.freeze()
        _frozen = True
    gc.set_threshold(*THRESHOLDS)
