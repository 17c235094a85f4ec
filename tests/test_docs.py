"""docs/rules.md is generated from the rules' docstrings and must match them; its anchors are the URLs we print."""

from __future__ import annotations

import importlib.util
import re

from helpers import ROOT
from nnlint.report import docs_url
from nnlint.rules import ALL_RULES

DOCS = ROOT / "docs" / "rules.md"


def _generator():
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _github_anchor(heading: str) -> str:
    """GitHub's slug: lower-case, punctuation other than - and _ dropped, spaces to dashes."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_rules_md_is_up_to_date():
    assert DOCS.read_text(encoding="utf-8") == _generator().render(), \
        "docs/rules.md is out of date: run `python scripts/gen_docs.py`"


def test_check_mode_reports_a_stale_file(tmp_path, monkeypatch, capsys):
    generator = _generator()
    monkeypatch.setattr(generator, "OUTPUT", tmp_path / "rules.md")
    monkeypatch.setattr(generator, "ROOT", tmp_path)
    (tmp_path / "rules.md").write_text("stale\n")
    assert generator.main(["--check"]) == 1
    assert generator.main([]) == 0
    assert generator.main(["--check"]) == 0


def test_every_docs_url_points_at_a_heading():
    headings = [line[3:] for line in DOCS.read_text(encoding="utf-8").splitlines() if line.startswith("## ")]
    anchors = {_github_anchor(h) for h in headings}
    for code in [rule.code for rule in ALL_RULES] + ["NN000"]:
        url = docs_url(code)
        assert url.split("#", 1)[1] in anchors, url
    assert docs_url("NN101").endswith("#nn101-output-activation")


def test_every_rule_documents_the_four_headings_in_the_docs():
    text = DOCS.read_text(encoding="utf-8")
    for rule in ALL_RULES:
        section = text.split(f"## {rule.code} {rule.name}", 1)[1].split("\n## ", 1)[0]
        for heading in ("### What it does", "### Why it matters", "### Example", "### Use instead"):
            assert heading in section, (rule.code, heading)


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = ROOT / ".ci" / "run"
    script = ci.read_text(encoding="utf-8")
    assert script.startswith("#!/usr/bin/env bash\n") and "set -euo pipefail" in script
    assert ci.stat().st_mode & 0o111, ".ci/run must be executable"
    blocks = re.findall(r"```sh\n(.*?)```", readme, re.S)
    test_command = next(line for block in blocks for line in block.splitlines() if "pytest" in line)
    test_command = test_command.split("  #")[0].strip()
    assert test_command.startswith("python3 -m pip install torch==2.13.0 && ")
    commands = [line.strip() for line in script.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert test_command in commands


def test_readme_first_command_installs_and_lints_the_fixtures():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 -m pip install . && nnlint fixtures/" in readme
