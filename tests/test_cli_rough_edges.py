"""Small things a daily ruff user trips over: misspelt subcommands, folders named like subcommands,
NNLINT_OUTPUT_FORMAT, the GitHub action's argument splitting."""

from __future__ import annotations

import json

import pytest

from helpers import RELU_HEAD, nnlint, nnlint_process, write


@pytest.fixture
def tree(tmp_path, monkeypatch):
    write(tmp_path, {"src/m.py": RELU_HEAD})
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(("word", "meant"), [("chek", "check"), ("rul", "rule"), ("claen", "clean"),
                                             ("verfy", "verify")])
def test_a_misspelt_subcommand_is_named(tree, word, meant):
    run = nnlint_process(word, "src", cwd=tree)
    assert run.exit_code == 2
    assert f"`{word}` is neither a subcommand nor an existing path; did you mean `nnlint {meant}`?" in run.stderr


def test_a_path_that_merely_looks_like_a_subcommand_is_linted(tree):
    write(tree, {"chek/m.py": RELU_HEAD})
    assert nnlint_process("chek", cwd=tree).exit_code == 1
    assert "no such file" in nnlint_process("models_x", cwd=tree).stderr  # not close to any subcommand


@pytest.mark.parametrize("name", ["clean", "rule", "check"])
def test_a_folder_named_like_a_subcommand_is_warned_about(tree, name):
    write(tree, {f"{name}/m.py": RELU_HEAD})
    run = nnlint_process(name, "--help", cwd=tree)
    assert f"`{name}` is read as the subcommand `nnlint {name}`, not as the path ./{name}" in run.stderr
    assert f"write `nnlint check {name}` or `nnlint ./{name}`" in run.stderr
    assert nnlint_process("check", name, cwd=tree).exit_code == 1
    assert nnlint_process(f"./{name}", cwd=tree).exit_code == 1


def test_output_format_from_the_environment(tree):
    run = nnlint("src", env={"NNLINT_OUTPUT_FORMAT": "json"})
    assert json.loads(run.stdout)[0]["code"] == "NN101"
    assert nnlint("--output-format", "concise", "src", env={"NNLINT_OUTPUT_FORMAT": "json"}).stdout.startswith("src/")
    bad = nnlint("src", env={"NNLINT_OUTPUT_FORMAT": "xml"})
    assert bad.exit_code == 2 and "xml" in bad.stderr
    assert "NNLINT_OUTPUT_FORMAT" in nnlint("check", "--help").stdout
