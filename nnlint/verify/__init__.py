"""`nnlint verify`: build the flagged model and measure what each finding costs.

The linter says a line is against the tips; the verifier runs the user's own model to show it (the
tips' first debugging rule made executable: a network that cannot overfit one example has a bug).

Layout, parent side (never imports a framework): `options` (target and options), `linting` (the one
door into nnlint's linter, fixer and facts), `file_facts` (models, losses, optimizers from the
analysis), `mapping` (which model a finding belongs to), `catalog` (which rules have a check and how
its sides are made), `experiments` (counterfactual edits for rules with no fix), `plan` (which of the
file's statements run), `api` (lint → prepare → child → report), `runner` and `processes` (the
contained child process), `verdicts` (every criterion and threshold), `report` (text and JSON), `cli`.
`child/` is the only code that imports torch, TensorFlow or matplotlib, and only in the child process.
"""

from __future__ import annotations


def verify(target, options=None):
    """Library entry point: `verify("model.py::Net")` returns the report dict (see `report.SCHEMA_JSON`).
    This executes the file (see `api.EXECUTES`)."""
    from .api import verify as run
    from .options import Options, Target

    if isinstance(target, str):
        target = Target.parse(target)
    return run(target, options or Options())
