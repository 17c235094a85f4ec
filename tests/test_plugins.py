"""Rules from other packages: the example plugin (examples/nnlint-plugin-example) installed and run as a user
would, through the `nnlint.rules` entry-point group — a facts-API rule with an option, and a LibCST rule
with a fix."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "nnlint-plugin-example"

MODEL = textwrap.dedent("""\
    import torch
    from torch.autograd import Variable

    x = Variable(torch.randn(3))
    y = Variable(torch.randn(3))  # noqa: EXA201
    opt = torch.optim.SGD([x], lr=0.1)
    fast = torch.optim.SGD([y], lr=0.1, momentum=0.9)
""")


@pytest.fixture(scope="session")
def plugin(tmp_path_factory) -> Path:
    """The example plugin installed into a folder of its own (no venv needed: PYTHONPATH points at it)."""
    target = tmp_path_factory.mktemp("plugin")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                    "--disable-pip-version-check", "--target", str(target), str(EXAMPLE)],
                   check=True, capture_output=True, env={**os.environ, "PIP_ROOT_USER_ACTION": "ignore"})
    return target


def nnlint(args, cwd: Path, plugin_dir: Path | None):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(plugin_dir or ""), str(ROOT)) if p)}
    env.pop("NNLINT_RAISE_INTERNAL_ERRORS", None)
    return subprocess.run([sys.executable, "-m", "nnlint", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def project(tmp_path) -> Path:
    (tmp_path / "model.py").write_text(MODEL)
    return tmp_path


def test_plugin_findings_appear_in_every_output_format(plugin, project):
    for fmt in ("full", "concise", "json", "github", "sarif", "gitlab"):
        run = nnlint(["--output-format", fmt, "model.py"], project, plugin)
        assert run.returncode == 1, (fmt, run.stderr)
        assert "EXA201" in run.stdout and "EXA101" in run.stdout, fmt
    items = json.loads(nnlint(["--output-format", "json", "model.py"], project, plugin).stdout)
    assert sorted((d["code"], d["line"], d["column"]) for d in items) == [("EXA101", 6, 7), ("EXA201", 4, 5)]
    exa201 = next(d for d in items if d["code"] == "EXA201")
    assert exa201["fix"]["applicability"] == "safe"
    sarif = json.loads(nnlint(["--output-format", "sarif", "model.py"], project, plugin).stdout)
    assert {"EXA101", "EXA201"} <= {rule["id"] for rule in sarif["runs"][0]["tool"]["driver"]["rules"]}


def test_noqa_and_selection_work_on_plugin_codes(plugin, project):
    only = nnlint(["--output-format", "concise", "--select", "EXA201", "model.py"], project, plugin)
    lines = only.stdout.splitlines()
    assert len(lines) == 1 and "model.py:4:5: EXA201" in lines[0]  # line 5 has `# noqa: EXA201`
    assert nnlint(["--ignore", "EXA", "model.py"], project, plugin).returncode == 0


def test_fix_applies_the_libcst_rule_fix(plugin, project):
    run = nnlint(["--select", "EXA201", "--fix", "model.py"], project, plugin)
    assert run.returncode == 0, run.stderr
    text = (project / "model.py").read_text()
    assert "x = torch.randn(3)\n" in text and "y = Variable(torch.randn(3))  # noqa: EXA201" in text


def test_rule_docs_and_listing_include_plugins(plugin, project):
    doc = nnlint(["rule", "EXA101"], project, plugin)
    assert doc.returncode == 0 and "## What it does" in doc.stdout and "example-sgd-momentum-minimum" in doc.stdout
    listing = nnlint(["rule", "--all"], project, plugin).stdout
    assert "EXA201  deprecated-variable" in listing and "NN101" in listing


def test_plugin_options_are_configured_and_validated(plugin, project):
    (project / "pyproject.toml").write_text("[tool.nnlint]\nexample-sgd-momentum-minimum = 0.95\n")
    items = json.loads(nnlint(["--output-format", "json", "--select", "EXA101", "model.py"], project, plugin).stdout)
    assert sorted(d["line"] for d in items) == [6, 7]  # momentum=0.9 is now too low
    (project / "pyproject.toml").write_text("[tool.nnlint]\nexample-sgd-momentum-minimum = 'high'\n")
    bad = nnlint(["model.py"], project, plugin)
    assert bad.returncode == 2 and "example-sgd-momentum-minimum: must be a number" in bad.stderr


def test_the_cache_knows_which_plugins_ran(plugin, project):
    cache = ["--cache-dir", str(project / "cache")]
    assert "EXA101" in nnlint([*cache, "model.py"], project, plugin).stdout
    without = nnlint([*cache, "model.py"], project, None)
    assert without.returncode == 0 and "EXA" not in without.stdout


def test_the_plugins_own_examples_hold(plugin, project):
    """Each plugin rule's VALID/INVALID examples, run as nnlint's test suite runs the built-ins'."""
    script = textwrap.dedent("""
        from nnlint import lint_source
        from nnlint.fix import fix_source
        from nnlint.rules import ALL_RULES
        from nnlint.selection import Selection
        for rule in [r for r in ALL_RULES if r.code.startswith("EXA")]:
            pick = Selection(select=[rule.code])
            for example in rule.valid:
                assert not lint_source(example.code, "e.py", pick), rule.code
            for example in rule.invalid:
                found = sorted((d.line, d.column) for d in lint_source(example.code, "e.py", pick))
                assert found == sorted(example.at), (rule.code, found)
                if example.fixed is not None:
                    assert fix_source(example.code, "e.py", pick).text == example.fixed, rule.code
        print("ok")
    """)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join((str(plugin), str(ROOT)))}
    run = subprocess.run([sys.executable, "-c", script], cwd=project, env=env, capture_output=True, text=True)
    assert run.stdout.strip() == "ok", run.stderr


def test_a_broken_plugin_is_a_clear_error(tmp_path, project):
    broken = tmp_path / "broken"
    info = broken / "nnlint_broken-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: nnlint-broken\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[nnlint.rules]\nbroken = no_such_module_here\n")
    run = nnlint(["model.py"], project, broken)
    assert run.returncode == 2
    assert "plugin 'broken'" in run.stderr and "cannot be loaded" in run.stderr and "Traceback" not in run.stderr
