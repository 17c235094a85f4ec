"""The install, pre-commit and action snippets work today (no release yet: they point at the repository's
main branch) and name the tag to use once this version is published."""

from __future__ import annotations

import re

import yaml

from helpers import ROOT
from integration_helpers import snippet
from nnlint import __version__

TAG = f"v{__version__}"


def test_install_snippet_works_without_a_release():
    lines = [line.split("#")[0].strip() for line in snippet("install").splitlines()]
    assert any(line == "python3 -m pip install ." for line in lines)  # from a clone: the packaging test runs it
    assert any("git+https://github.com/nnlint/nnlint@main" in line for line in lines)
    assert not any(re.fullmatch(r"(python3 -m )?pip install nnlint", line) for line in lines)


def test_pre_commit_and_action_snippets_use_a_ref_that_exists_and_name_the_release_tag():
    config = yaml.safe_load(snippet("pre-commit-config"))
    assert config["repos"][0]["rev"] == "main"
    assert f"rev: {TAG}" in snippet("pre-commit-config")
    action = snippet("github-action")
    assert "uses: nnlint/nnlint@main" in action and f"@{TAG}" in action
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"tag `{TAG}` for version {__version__}" in readme
