"""Configuration files as ruff users expect: the nearest one for each file (pyproject.toml with
[tool.nnlint], nnlint.toml, .nnlint.toml), `extend` inheritance, `--show-settings` / `--show-files`, and
no setting ever silently ignored (BOM, bad UTF-8, unreadable file, invalid glob)."""

from __future__ import annotations

import json

import pytest

from helpers import nnlint, nnlint_process, write

BOTH = "import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 8, bias=False), nn.ReLU())\n"


def found(run) -> set[tuple[str, str]]:
    return {(d["filename"], d["code"]) for d in json.loads(run.stdout)}


@pytest.fixture
def mono(tmp_path, monkeypatch):
    """A monorepo: the root ignores NN101; packages/b has its own config; tests/ extends the root's."""
    write(tmp_path, {
        "pyproject.toml": "[tool.nnlint]\nignore = ['NN101']\n",
        "packages/a/m.py": BOTH,
        "packages/b/pyproject.toml": "[project]\nname = 'b'\n[tool.nnlint]\nselect = ['NN1']\n",
        "packages/b/m.py": BOTH,
        "packages/c/nnlint.toml": "ignore = ['NN2']\n",
        "packages/c/m.py": BOTH,
        "tests/pyproject.toml": "[tool.nnlint]\nextend = '../pyproject.toml'\nextend-select = ['NN101']\n"
                                "ignore = ['NN201']\n",
        "tests/m.py": BOTH,
    })
    monkeypatch.chdir(tmp_path)
    return tmp_path


EXPECTED = {("packages/a/m.py", "NN201"), ("packages/b/m.py", "NN101"), ("packages/c/m.py", "NN101"),
            ("tests/m.py", "NN101")}


def test_each_file_uses_the_nearest_configuration(mono):
    assert found(nnlint("--output-format", "json", ".")) == EXPECTED


def test_the_order_of_the_paths_does_not_matter(mono):
    one = found(nnlint("--output-format", "json", "tests", "packages"))
    two = found(nnlint("--output-format", "json", "packages", "tests"))
    assert one == two == EXPECTED


def test_a_single_file_gets_its_own_configuration_from_anywhere(mono):
    assert found(nnlint("--output-format", "json", "packages/b/m.py")) == {("packages/b/m.py", "NN101")}
    run = nnlint_process("--output-format", "json", "b/m.py", cwd=mono / "packages")
    assert found(run) == {("b/m.py", "NN101")}


def test_dot_nnlint_toml_wins_over_nnlint_toml_and_pyproject(mono):
    write(mono, {"packages/c/.nnlint.toml": "ignore = ['NN1']\n",
                 "packages/c/pyproject.toml": "[tool.nnlint]\nselect = []\n"})
    assert found(nnlint("--output-format", "json", "packages/c")) == {("packages/c/m.py", "NN201")}


def test_config_option_applies_one_file_to_everything(mono):
    write(mono, {"strict.toml": "select = ['NN2']\n"})
    assert {code for _, code in found(nnlint("--output-format", "json", "--config", "strict.toml", "."))} == {"NN201"}


def test_command_line_selection_applies_on_top_of_each_configuration(mono):
    run = nnlint("--output-format", "json", "--extend-select", "NN201", ".")
    assert ("packages/b/m.py", "NN201") in found(run) and ("tests/m.py", "NN201") in found(run)


def test_excludes_are_per_folder_and_relative_to_their_file(mono):
    write(mono, {"packages/b/pyproject.toml": "[tool.nnlint]\nextend-exclude = ['/gen/']\n",
                 "packages/b/gen/x.py": BOTH, "gen/x.py": BOTH})
    files = nnlint("--show-files", ".").stdout.splitlines()
    assert "packages/b/gen/x.py" not in files and "gen/x.py" in files


def test_extend_chain_patterns_stay_relative_to_the_file_that_declares_them(mono):
    write(mono, {
        "base/nnlint.toml": "[per-file-ignores]\n\"/legacy/*\" = ['NN2']\n",
        "proj/nnlint.toml": "extend = '../base/nnlint.toml'\n",
        "proj/legacy/m.py": BOTH, "base/legacy/m.py": BOTH,
    })
    run = nnlint("--output-format", "json", "proj", "base")
    assert ("base/legacy/m.py", "NN101") in found(run)
    assert ("proj/legacy/m.py", "NN201") in found(run)  # /legacy/ of base/, not of proj/
    assert ("base/legacy/m.py", "NN201") not in found(run)


@pytest.mark.parametrize(("files", "fragment"), [
    ({"a/nnlint.toml": "extend = 'missing.toml'\n"}, "a/nnlint.toml:1: (top level) extend: 'missing.toml': no such file"),
    ({"a/nnlint.toml": "extend = 'b.toml'\n", "a/b.toml": "extend = 'nnlint.toml'\n"}, "circular extend"),
    ({"a/nnlint.toml": "extend = ['x']\n"}, "extend: must be the path of a configuration file"),
    ({"a/nnlint.toml": "extend = 'b.toml'\n", "a/b.toml": "selekt = []\n"}, "b.toml:1: (top level) selekt: unknown option"),
])
def test_extend_errors_name_the_files(mono, files, fragment):
    write(mono, {**files, "a/m.py": BOTH})
    run = nnlint("a")
    assert run.exit_code == 2 and fragment in run.stderr and "Traceback" not in run.stderr


def test_show_settings_names_the_files_and_what_they_set(mono):
    run = nnlint("--show-settings", "tests/m.py")
    assert run.exit_code == 0
    text = run.stdout
    assert f"configuration file: {mono / 'tests' / 'pyproject.toml'}" in text
    assert f"extends: {mono / 'pyproject.toml'}" in text
    rules = next(line for line in text.splitlines() if line.strip().startswith("rules ("))
    assert "NN101" in rules and "NN201" not in rules
    assert "fail-on: warning" in text


def test_show_files_lists_what_would_be_linted(mono):
    write(mono, {"build/x.py": BOTH, ".venv/y.py": BOTH})
    run = nnlint("--show-files", ".")
    assert run.exit_code == 0
    assert run.stdout.splitlines() == ["packages/a/m.py", "packages/b/m.py", "packages/c/m.py", "tests/m.py"]


# -- nothing silently ignored -----------------------------------------------------------------------

def test_a_bom_does_not_hide_the_configuration(tmp_path, monkeypatch):
    write(tmp_path, {"m.py": BOTH})
    (tmp_path / "pyproject.toml").write_bytes(b"\xef\xbb\xbf[tool.nnlint]\nignore = ['NN101']\n")
    monkeypatch.chdir(tmp_path)
    assert found(nnlint("--output-format", "json", "m.py")) == {("m.py", "NN201")}


def test_invalid_utf8_is_a_configuration_error_naming_the_file(tmp_path, monkeypatch):
    write(tmp_path, {"m.py": BOTH})
    (tmp_path / "pyproject.toml").write_bytes(b"[tool.nnlint]\n# caf\xe9\nignore = ['NN101']\n")
    monkeypatch.chdir(tmp_path)
    run = nnlint_process("m.py", cwd=tmp_path)
    assert run.exit_code == 2
    assert "pyproject.toml:2: not valid UTF-8 (byte 0xe9)" in run.stderr and "Traceback" not in run.stderr


def test_an_unreadable_configuration_in_process(tmp_path, monkeypatch):
    """Reading the file fails with a permission error (simulated: the tests may run as root, who reads anything)."""
    import builtins

    write(tmp_path, {"m.py": BOTH, "pyproject.toml": "[tool.nnlint]\nignore = ['NN101']\n"})
    monkeypatch.chdir(tmp_path)
    real_open = builtins.open

    def guarded(file, *args, **kwargs):
        if str(file).endswith("pyproject.toml"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded)
    run = nnlint("m.py")
    assert run.exit_code == 2 and "pyproject.toml: cannot read the configuration: permission denied" in run.stderr


@pytest.mark.parametrize("toml", [
    "[tool.nnlint]\nexclude = ['[z-a]']\n",
    "[tool.nnlint.per-file-ignores]\n\"[z-a]\" = ['NN2']\n",
])
def test_invalid_globs_are_configuration_errors(tmp_path, toml):
    write(tmp_path, {"pyproject.toml": toml, "m.py": BOTH})
    run = nnlint_process("m.py", cwd=tmp_path)
    assert run.exit_code == 2 and "'[z-a]' is not a valid glob" in run.stderr and "Traceback" not in run.stderr
    assert "pyproject.toml:2:" in run.stderr


@pytest.mark.parametrize(("args", "fragment"), [
    (["--select", ""], "--select: empty rule selector"),
    (["--select", ","], "--select: empty rule selector"),
    (["--ignore", "NN1,"], "--ignore: empty rule selector"),
])
def test_empty_selectors_on_the_command_line_are_usage_errors(tmp_path, monkeypatch, args, fragment):
    write(tmp_path, {"m.py": BOTH})
    monkeypatch.chdir(tmp_path)
    run = nnlint(*args, "m.py")
    assert run.exit_code == 2 and fragment in run.stderr and "All checks passed" not in run.stderr
