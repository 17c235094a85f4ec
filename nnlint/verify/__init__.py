"""`nnlint verify`: build the flagged model, original and fixed, and show that the fix helps.

The linter says a line is against the tips; the verifier runs the user's own model to prove it (the
tips' first debugging rule made executable: a network that cannot overfit one example has a bug).

Layout: `options` (target and option parsing), `mapping` (which model a finding belongs to, from the
AST), `fixing` (the fixed source, in memory), `api` (lint → fix → child → report), `runner` (the child
process and its time limit), `verdicts` (the criteria, framework-free), `report` (text and JSON),
`cli` (the click command), and `child/` — the only code that imports torch, TensorFlow or matplotlib,
and only inside the child process.
"""

from __future__ import annotations


def verify(target, options=None):
    """Library entry point: `verify("model.py::Net")` returns the report dict (see `report.SCHEMA_JSON`)."""
    from .api import verify as run
    from .options import Options, Target

    if isinstance(target, str):
        target = Target.parse(target)
    return run(target, options or Options())
