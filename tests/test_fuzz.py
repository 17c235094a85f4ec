"""The fuzz harness in CI (a small, seeded budget; `scripts/fuzz.py` is the long run, docs/fuzzing.md).

Properties, for programs drawn from hypothesmith (with a framework import in front, so that the analysis
runs) and from the DL-shaped generator (`scripts/fuzzing/dl_shapes.py`, as `.py` files with random line
endings, BOMs, tabs and coding cookies, and as notebooks): linting through the API raises nothing, `--fix`
through the API (`fix_document`) gives text that parses and that a second fix leaves unchanged, and every
output format renders (json, sarif and gitlab as valid JSON). Every file in tests/fuzz_cases/ — an input
that once failed, with a comment saying how — goes through the same API checks and through every
command-line mode.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from fuzzing import dl_shapes, grammar, mutants, notebooks, oracles, surface  # noqa: E402
from fuzzing.minimize import minimize, split_lines  # noqa: E402
from fuzzing.program import Program  # noqa: E402

CASES = sorted(p for p in (ROOT / "tests" / "fuzz_cases").iterdir() if p.suffix in (".py", ".ipynb"))


def fuzz(examples: int) -> settings:
    """Seeded (derandomized), no example database, no deadline: the same examples on every run."""
    return settings(max_examples=examples, derandomize=True, database=None, deadline=None,
                    suppress_health_check=list(HealthCheck))


def _no_failures(program: Program) -> None:
    failures = oracles.check_api(program, timeout=60)
    assert not failures, "\n\n".join(f"{f.kind} ({f.where}):\n{f.detail}" for f in failures) + \
        f"\n\ninput:\n{program.data.decode('utf-8', 'replace')}"


@pytest.fixture(autouse=True)
def _quiet_warnings():
    import warnings

    with warnings.catch_warnings():  # hypothesmith's programs compile with SyntaxWarnings
        warnings.simplefilter("ignore", SyntaxWarning)
        yield


@fuzz(60)
@given(text=__import__("hypothesmith").from_grammar(), prefix=st.sampled_from([""] + grammar.IMPORT_PREFIXES))
def test_hypothesmith_programs_lint_fix_and_render(text, prefix):
    _no_failures(Program("hyp", "hypothesmith", (prefix + text).encode("utf-8", "replace")))


@fuzz(8)
@given(text=__import__("hypothesmith").from_node())
def test_hypothesmith_node_programs_lint_fix_and_render(text):
    _no_failures(Program("node", "hypothesmith", ("import torch.nn as nn\n" + text).encode("utf-8", "replace")))


@fuzz(80)
@given(rng=st.randoms(use_true_random=False))
def test_dl_shaped_programs_lint_fix_and_render(rng):
    data, _ = surface.dress(dl_shapes.program(rng, scale=False), rng)
    _no_failures(Program("dl", "dl", data))


@fuzz(15)
@given(rng=st.randoms(use_true_random=False))
def test_dl_shaped_notebooks_lint_fix_and_render(rng):
    _no_failures(Program("nb", "dl", notebooks.to_notebook(dl_shapes.program(rng, scale=False), rng), ".ipynb"))


@fuzz(30)
@given(rng=st.randoms(use_true_random=False), index=st.integers(0, 10_000))
def test_mutants_of_the_repository_files_lint_fix_and_render(rng, index):
    files = mutants.corpus(include_bench=False)
    data, suffix, _ = mutants.mutate_file(files[index % len(files)], rng)
    _no_failures(Program("mutant", "mutant", data, suffix))


def test_the_dl_generator_writes_valid_python_that_reaches_the_rules():
    """A generator that stopped parsing, or stopped reaching the rules, would make the fuzzing above vacuous."""
    import ast

    from nnlint.engine import lint_source
    from nnlint.selection import Selection

    codes = set()
    for seed in range(150):
        text = dl_shapes.program(random.Random(seed))
        ast.parse(text)
        codes |= {d.code for d in lint_source(text, "x.py", Selection(select=["ALL"]))}
    assert len(codes) >= 18, sorted(codes)


def test_models_at_scale_lint_and_fix():
    """One of each of the generator's large shapes (a few hundred layers or names; the script draws more)."""
    from nnlint.engine import lint_source

    for kind in range(4):
        builder = dl_shapes.Builder(random.Random(kind))
        body = dl_shapes.stress_program(builder, kind, size=80)
        text = "\n".join(builder.imp.lines + body) + "\n"
        if kind != 2:  # the nested one is clean; the others have bias-free layers without a norm after them
            assert any(d.code == "NN201" for d in lint_source(text, "x.py")), text
        _no_failures(Program(f"scale{kind}", "dl", text.encode()))


def test_the_harness_covers_every_output_format():
    from nnlint.report import RENDERERS

    assert set(oracles.FORMATS) == set(RENDERERS)


def test_the_minimiser_keeps_only_the_lines_the_failure_needs_and_their_line_endings():
    data = b"a = 1\r\nneedle = 2\rb = 3\nother_needle\n"
    smallest = minimize(data, lambda d: b"needle = 2" in d and b"other_needle" in d)
    assert smallest == b"needle = 2\rother_needle\n"
    assert split_lines(b"x\r\ny\rz") == [b"x\r\n", b"y\r", b"z"]


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_fuzz_case_through_the_api(case):
    text = case.read_bytes()
    assert b"fuzz case" in text[:400], f"{case.name}: say in a comment what failed"
    _no_failures(Program(case.stem, "case", text, case.suffix))


def test_fuzz_cases_through_every_command_line_mode(tmp_path):
    programs = [Program(case.stem, "case", case.read_bytes(), case.suffix) for case in CASES]
    failures = oracles.Batch(programs, tmp_path / "cases", timeout=60).check()
    assert not failures, "\n\n".join(f"{f.kind}: {f.program} ({f.where}):\n{f.detail}" for f in failures)
