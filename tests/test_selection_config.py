"""Rule selection (--select/--extend-select/--ignore, prefixes, ALL, opt-in) and [tool.nnlint] config."""

from __future__ import annotations

import json

import pytest

from helpers import BIAS_OFF, RELU_HEAD, nnlint, write
from nnlint.config import ConfigError, find_config, load
from nnlint.rules import ALL_RULES, Rule
from nnlint.selection import Selection, SelectorError, validate

BOTH = "import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 8, bias=False), nn.ReLU())\n"  # NN201 + NN101


def codes(run) -> list[str]:
    return sorted({d["code"] for d in json.loads(run.stdout)})


@pytest.fixture
def project(tmp_path, monkeypatch):
    write(tmp_path, {"pkg/both.py": BOTH})
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- Selection logic -----------------------------------------------------------------------------

class FakeOptIn(Rule):
    code = "NN302"
    name = "fake-opt-in"
    opt_in = True


@pytest.mark.parametrize(("selection", "default_on", "opt_in_on"), [
    (Selection(), True, False),
    (Selection(select=["ALL"]), True, True),
    (Selection(select=["NN3"]), True, False),  # a prefix selects default rules only
    (Selection(select=["NN30"]), True, False),
    (Selection(select=["NN302"]), False, True),  # the exact code
    (Selection(extend_select=["NN302"]), True, True),
    (Selection(extend_select=["ALL"]), True, True),
    (Selection(select=["ALL"], ignore=["NN3"]), False, False),
    (Selection(select=["NN301", "NN302"], ignore=["NN3"]), True, True),  # more specific select wins
    (Selection(select=["NN3"], ignore=["NN3"]), False, False),  # a tie goes to ignore
    (Selection(ignore=["ALL"]), False, False),
    (Selection(select=[]), False, False),
])
def test_selection_for_default_and_opt_in_rules(selection, default_on, opt_in_on):
    assert selection.is_enabled("NN301") is default_on
    assert selection.is_enabled("NN302", opt_in=True) is opt_in_on
    assert selection.enabled(FakeOptIn) is opt_in_on


def test_layers_the_command_line_overrides_the_config():
    config = Selection(select=["NN1"], ignore=["NN101"])
    assert not config.is_enabled("NN101") and not config.is_enabled("NN201")
    assert config.override(select=["NN101"]).is_enabled("NN101")  # a new select starts afresh
    assert config.override(extend_select=["NN201"]).is_enabled("NN201")
    assert config.override(extend_select=["NN101"]).is_enabled("NN101")
    assert not config.override(ignore=["NN2"]).is_enabled("NN101")  # the base's ignore stays without a select
    assert config.override() is config
    per_file = config.override(select=["ALL"]).codes_ignored(["NN2"])
    assert per_file.is_enabled("NN101") and not per_file.is_enabled("NN201")


def test_selection_prefixes_and_rules():
    assert [r.code for r in Selection(select=["NN2"]).rules()] == ["NN201"]
    assert [r.code for r in Selection(ignore=["NN0", "NN1", "NN3", "NN4", "NN5", "NN6", "NN7", "NN8"]).rules()] \
        == ["NN201"]
    assert {r.code for r in Selection(select=["ALL"]).rules()} == {r.code for r in ALL_RULES}


def test_validate_normalises_and_rejects_unknown_selectors():
    assert validate([" nn2 ", "ALL", "NN101"], "--select") == ["NN2", "ALL", "NN101"]
    with pytest.raises(SelectorError, match=r"--select: empty rule selector ''"):
        validate(["NN1", ""], "--select")
    with pytest.raises(SelectorError, match=r"--select: unknown rule selector 'E501'"):
        validate(["E501"], "--select")
    with pytest.raises(SelectorError, match="NN9"):
        validate(["NN9"], "--ignore")


# --- CLI options ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("args", "expected"), [
    ([], ["NN101", "NN201"]),
    (["--select", "NN2"], ["NN201"]),
    (["--select", "NN101"], ["NN101"]),
    (["--select", "nn101,NN201"], ["NN101", "NN201"]),
    (["--select", "NN1", "--select", "NN2"], ["NN101", "NN201"]),
    (["--select", "ALL", "--ignore", "NN1"], ["NN201"]),
    (["--ignore", "NN201"], ["NN101"]),
    (["--ignore", "ALL"], []),
    (["--select", "NN1", "--extend-select", "NN201"], ["NN101", "NN201"]),
])
def test_cli_selection(project, args, expected):
    run = nnlint("--output-format", "json", *args, "pkg")
    assert codes(run) == expected
    assert run.exit_code == (1 if expected else 0)


@pytest.mark.parametrize("option", ["--select", "--extend-select", "--ignore"])
def test_unknown_selector_on_the_command_line_is_a_usage_error(project, option):
    run = nnlint(option, "XYZ1", "pkg")
    assert run.exit_code == 2
    assert f"{option}: unknown rule selector 'XYZ1'" in run.stderr
    assert run.stdout == ""


# --- pyproject.toml ------------------------------------------------------------------------------

def test_config_found_by_walking_up_from_the_linted_path(project):
    write(project, {"pyproject.toml": "[project]\nname = 'x'\n\n[tool.nnlint]\nignore = ['NN101']\n"})
    sub = project / "pkg"
    assert find_config(sub / "both.py") == project / "pyproject.toml"
    assert codes(nnlint("--output-format", "json", "pkg/both.py")) == ["NN201"]


def test_nearest_pyproject_with_a_nnlint_table_wins(project):
    write(project, {
        "pyproject.toml": "[tool.nnlint]\nignore = ['NN101']\n",
        "pkg/pyproject.toml": "[tool.nnlint]\nignore = ['NN201']\n",
        "other/pyproject.toml": "[tool.black]\nline-length = 100\n# [tool.nnlint] in a comment\n",
        "other/both.py": BOTH,
    })
    assert codes(nnlint("--output-format", "json", "pkg")) == ["NN101"]
    assert find_config(project / "other" / "both.py") == project / "pyproject.toml"
    assert codes(nnlint("--output-format", "json", "other")) == ["NN201"]


def test_dotted_key_spelling_counts_as_a_table(tmp_path):
    write(tmp_path, {"pyproject.toml": "tool.nnlint.ignore = ['NN101']\n"})
    assert find_config(tmp_path) == tmp_path / "pyproject.toml"
    assert load(tmp_path / "pyproject.toml").ignore == ["NN101"]


def test_config_select_extend_select_and_ignore(project):
    write(project, {"pyproject.toml": "[tool.nnlint]\nselect = ['NN2']\nextend-select = ['NN101']\nignore = ['NN201']\n"})
    assert codes(nnlint("--output-format", "json", "pkg")) == ["NN101"]


def test_cli_overrides_config(project):
    write(project, {"pyproject.toml": "[tool.nnlint]\nignore = ['NN101']\n"})
    assert codes(nnlint("--output-format", "json", "pkg")) == ["NN201"]
    assert codes(nnlint("--output-format", "json", "--select", "NN101", "pkg")) == ["NN101"]
    assert codes(nnlint("--output-format", "json", "--extend-select", "NN101", "pkg")) == ["NN101", "NN201"]
    write(project, {"pyproject.toml": "[tool.nnlint]\nselect = ['NN1']\n"})
    assert codes(nnlint("--output-format", "json", "--ignore", "NN101", "pkg")) == []


def test_per_file_ignores(project):
    write(project, {
        "pyproject.toml": "[tool.nnlint.per-file-ignores]\n\"pkg/gen_*.py\" = ['NN2']\n\"legacy.py\" = ['NN101']\n",
        "pkg/gen_model.py": BOTH,
        "pkg/deep/legacy.py": BOTH,
    })
    found = {(d["filename"], d["code"]) for d in json.loads(nnlint("--output-format", "json", "pkg").stdout)}
    assert found == {
        ("pkg/both.py", "NN101"), ("pkg/both.py", "NN201"),
        ("pkg/gen_model.py", "NN101"),
        ("pkg/deep/legacy.py", "NN201"),
    }


def test_exclude_replaces_the_defaults_and_extend_exclude_adds(project):
    write(project, {"pkg/generated/m.py": RELU_HEAD, "build/m.py": RELU_HEAD})
    files = lambda: sorted({d["filename"] for d in json.loads(nnlint("--output-format", "json", ".").stdout)})  # noqa: E731
    assert files() == ["pkg/both.py", "pkg/generated/m.py"]  # build/ is a default exclude
    write(project, {"pyproject.toml": "[tool.nnlint]\nextend-exclude = ['generated/']\n"})
    assert files() == ["pkg/both.py"]
    write(project, {"pyproject.toml": "[tool.nnlint]\nexclude = ['generated/']\n"})
    assert files() == ["build/m.py", "pkg/both.py"]


def test_exclude_patterns_are_relative_to_the_config_file(project, monkeypatch):
    write(project, {"pyproject.toml": "[tool.nnlint]\nextend-exclude = ['/pkg/both.py']\n", "pkg/pkg/both.py": BOTH})
    monkeypatch.chdir(project / "pkg")
    found = sorted({d["filename"] for d in json.loads(nnlint("--output-format", "json", ".").stdout)})
    assert found == ["pkg/both.py"]  # ./pkg/both.py relative to the cwd is /pkg/pkg/both.py of the root


@pytest.mark.parametrize(("toml", "fragment"), [
    ("[tool.nnlint]\nselct = ['NN1']\n", "pyproject.toml:2: [tool.nnlint] selct: unknown option(s) 'selct'"),
    ("[tool.nnlint]\nselect = ['NN1']\nignore = ['E501']\n", "pyproject.toml:3: [tool.nnlint] ignore: unknown rule selector 'E501'"),
    ("[tool.nnlint]\nselect = ['NN1']\nignore = 3\n", "pyproject.toml:3: [tool.nnlint] ignore: must be a list of strings"),
    ("[tool.nnlint]\nselect = 'NN2'\n", "pyproject.toml:2: [tool.nnlint] select: must be a list of strings, e.g. select = ['NN2']"),
    ("[tool.nnlint]\nselect = 'NN2,NN3'\n", "select: must be a list of strings, e.g. select = ['NN2,NN3']"),
    ("[tool.nnlint]\nselect = ['']\n", "pyproject.toml:2: [tool.nnlint] select: empty rule selector"),
    ("[tool.nnlint]\nexclude = ['[z-a]']\n", "pyproject.toml:2: [tool.nnlint] exclude: '[z-a]' is not a valid glob"),
    ("[tool.nnlint]\nextend-exclude = ['ok/', '[z-a]']\n", "pyproject.toml:2: [tool.nnlint] extend-exclude: '[z-a]' is not a valid glob"),
    ("[tool.nnlint.per-file-ignores]\n\"[z-a].py\" = ['NN2']\n", "pyproject.toml:2: [tool.nnlint] [z-a].py: '[z-a].py' is not a valid glob"),
    ("[tool.nnlint]\nfail-on = 'fatal'\n", "fail-on: must be one of error, warning, info"),
    ("[tool.nnlint]\ntarget-version = '3.12'\n", "target-version: '3.12' is not a Python version nnlint knows"),
    ("[tool.nnlint]\nrespect-gitignore = 'no'\n", "respect-gitignore: must be true or false"),
    ("[tool.nnlint]\nadam-lr-threshold = 'high'\n", "adam-lr-threshold: must be a number"),
    ("[tool.nnlint]\nper-file-ignores = ['x']\n", "per-file-ignores: must be a table"),
    ("[tool.nnlint.per-file-ignores]\n\"a.py\" = ['ZZ9']\n", "pyproject.toml:2: [tool.nnlint] a.py: unknown rule selector 'ZZ9'"),
    ("[tool.nnlint]\nselect = [\n", "pyproject.toml: invalid TOML"),
])
def test_bad_config_is_a_usage_error_naming_the_file(project, toml, fragment):
    write(project, {"pyproject.toml": toml})
    run = nnlint("pkg")
    assert run.exit_code == 2
    assert fragment in run.stderr
    assert run.stdout == ""


def test_config_option_with_a_pyproject_and_with_a_dedicated_file(project):
    write(project, {
        "pyproject.toml": "[tool.nnlint]\nignore = ['NN101']\n",
        "conf/strict.toml": "select = ['NN1']\n",
        "conf/nested.toml": "[tool.nnlint]\nselect = ['NN2']\n",
        "conf/pyproject.toml": "[tool.nnlint]\nignore = ['NN2']\n",
    })
    assert codes(nnlint("--output-format", "json", "--config", "conf/strict.toml", "pkg")) == ["NN101"]
    assert codes(nnlint("--output-format", "json", "--config", "conf/nested.toml", "pkg")) == ["NN201"]
    assert codes(nnlint("--output-format", "json", "--config", "conf/pyproject.toml", "pkg")) == ["NN101"]


def test_config_option_errors(project):
    write(project, {"conf/bad.toml": "selekt = ['NN1']\n"})
    run = nnlint("--config", "conf/bad.toml", "pkg")
    assert run.exit_code == 2 and "bad.toml:1: (top level) selekt: unknown option(s) 'selekt'" in run.stderr
    missing = nnlint("--config", "nope.toml", "pkg")
    assert missing.exit_code == 2 and "nope.toml" in missing.stderr


def test_a_pyproject_without_the_table_is_the_default_config(tmp_path):
    write(tmp_path, {"pyproject.toml": "[project]\nname = 'x'\n"})
    config = load(tmp_path / "pyproject.toml")
    assert config.select is None and config.ignore == [] and config.exclude is None


def test_load_raises_config_error_for_a_non_table(tmp_path):
    write(tmp_path, {"cfg.toml": "tool = 3\n"})
    with pytest.raises(ConfigError, match="cfg.toml"):
        load(tmp_path / "cfg.toml")


@pytest.mark.parametrize("selector", ["NN000", "nn000"])
def test_nn000_cannot_be_selected_or_ignored(project, selector):
    run = nnlint("--ignore", selector, "pkg")
    assert run.exit_code == 2 and "NN000" in run.stderr and "always" in run.stderr
    write(project, {"pkg/broken.py": "def f(:\n"})
    for ignored in ("ALL", "NN0", "NN00"):  # NN0 and NN00 select the NN0xx meta rules, never NN000
        found = json.loads(nnlint("--output-format", "json", "--ignore", ignored, "pkg").stdout)
        assert "NN000" in [d["code"] for d in found]
