"""Never hang, never lie (issue 16): unreadable inputs, hostile file names, hostile cache and baseline files,
exit codes for crashes and interrupts, and the smaller failures found by fault injection.

Write safety has its own file (test_write_safety.py). The tests run as root in CI, where a mode-000 file is
readable: permission errors are simulated where the file is opened or listed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import RELU_HEAD, ROOT, nnlint, nnlint_process, write
from nnlint import baseline as baseline_module
from nnlint import cache as cache_module
from nnlint import discovery
from nnlint.cache import Cache
from nnlint.config import Config
from nnlint.engine import Linter

FORMATS = ("full", "concise", "json", "github", "sarif", "gitlab")


@pytest.fixture
def tree(tmp_path, monkeypatch):
    write(tmp_path, {"ok/head.py": RELU_HEAD, "locked/inner.py": RELU_HEAD})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _deny(monkeypatch, module, name: str, suffix: str) -> None:
    """Make `module.name(path, ...)` fail with a permission error for paths ending in `suffix`."""
    real = getattr(module, name)

    def guarded(path, *args, **kwargs):
        if os.fspath(path).rstrip(os.sep).endswith(suffix):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(module, name, guarded)


# -- unreadable inputs ---------------------------------------------------------------------------------------
def test_an_unreadable_folder_is_reported_not_skipped(tree, monkeypatch):
    _deny(monkeypatch, os, "scandir", "locked")
    run = nnlint("--output-format", "json", "--no-cache", ".")
    found = {(d["filename"], d["code"]) for d in json.loads(run.stdout)}
    assert found == {("ok/head.py", "NN101"), ("locked", "NN000")}
    message = next(d["message"] for d in json.loads(run.stdout) if d["code"] == "NN000")
    assert "permission denied" in message and "nothing under it was linted" in message
    assert run.exit_code == 1


def test_an_unreadable_folder_alone_is_not_all_checks_passed(tree, monkeypatch):
    _deny(monkeypatch, os, "scandir", "locked")
    run = nnlint("--no-cache", "locked")
    assert run.exit_code == 1 and "All checks passed" not in run.stderr and "locked" in run.stdout


@pytest.mark.parametrize("mode", ["--fix", "--add-noqa", "--show-files"])
def test_an_unreadable_folder_is_reported_by_every_mode(tree, monkeypatch, mode):
    _deny(monkeypatch, os, "scandir", "locked")
    run = nnlint(mode, "--no-cache", ".")
    assert run.exit_code == 1 and "locked" in run.stdout + run.stderr and "permission denied" in run.stdout + run.stderr


def test_an_unreadable_path_named_on_the_command_line_does_not_stop_the_others(tree, monkeypatch):
    """`os.stat` of a file in a folder that may not be searched fails with EACCES (pathlib raised it)."""
    _deny(monkeypatch, os, "stat", "secret.py")
    run = nnlint("--output-format", "json", "--no-cache", "hidden/secret.py", "ok/head.py")
    found = {(d["filename"], d["code"]) for d in json.loads(run.stdout)}
    assert found == {("hidden/secret.py", "NN000"), ("ok/head.py", "NN101")} and run.exit_code == 1


def test_an_unreadable_file_named_on_the_command_line_is_one_finding(tree, monkeypatch):
    import builtins

    from nnlint import document

    write(tree, {"ok/secret.py": RELU_HEAD})
    real_open = builtins.open

    def guarded(path, *args, **kwargs):
        if os.fspath(path).endswith("secret.py"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(document, "open", guarded, raising=False)
    run = nnlint("--output-format", "json", "--no-cache", "ok/secret.py", "ok/head.py")
    found = {(d["filename"], d["code"]) for d in json.loads(run.stdout)}
    assert found == {("ok/secret.py", "NN000"), ("ok/head.py", "NN101")} and run.exit_code == 1


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root (or Windows) reads a mode-000 folder")
def test_an_unreadable_folder_for_real(tree):
    (tree / "locked").chmod(0)
    try:
        run = nnlint("--output-format", "json", "--no-cache", ".")
    finally:
        (tree / "locked").chmod(0o755)
    assert ("locked", "NN000") in {(d["filename"], d["code"]) for d in json.loads(run.stdout)}


# -- file names that are not UTF-8, or hold a newline ------------------------------------------------------------
def _hostile_names(folder: Path) -> list[bytes]:
    names = [b"bad\xff.py", b"new\nline.py"]
    for name in names:
        try:
            with open(os.path.join(os.fsencode(folder), name), "wb") as handle:
                handle.write(RELU_HEAD.encode())
        except OSError as exc:  # macOS and Windows file systems refuse such names
            pytest.skip(f"the file system refuses the name {name!r}: {exc}")
    return names


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system that takes any bytes in a name")
@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_file_names_in_every_format(tmp_path, fmt):
    _hostile_names(tmp_path)
    # a strict UTF-8 stdout, as in a UTF-8 terminal or CI log: a lone surrogate would make printing fail
    run = nnlint_process("--output-format", fmt, "--no-cache", ".", cwd=tmp_path,
                         env={"PYTHONIOENCODING": "utf-8:strict", "LC_ALL": "C.UTF-8"})
    assert run.exit_code == 1, run.stderr
    assert "Traceback" not in run.stderr
    run.stdout.encode("utf-8")  # no lone surrogate made it into the report
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(run.stdout)
    if fmt == "json":
        assert sorted(d["filename"] for d in json.loads(run.stdout)) == ["bad\\xff.py", "new\nline.py"]
    if fmt == "sarif":
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                for r in json.loads(run.stdout)["runs"][0]["results"]}
        assert uris == {"bad%FF.py", "new%0Aline.py"}
    if fmt in ("concise", "github"):  # one line per finding: the newline in the name is escaped
        lines = run.stdout.splitlines()
        assert len(lines) == 2 and all(line.startswith(("bad", "new", "::")) for line in lines)
    if fmt == "concise":
        assert sorted(line.split(":")[0] for line in run.stdout.splitlines()) == ["bad\\xff.py", "new\\nline.py"]


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system that takes any bytes in a name")
@pytest.mark.parametrize("mode", [("--diff", "--unsafe-fixes"), ("--show-files",)])
def test_hostile_file_names_in_diffs_and_file_lists(tmp_path, mode):
    _hostile_names(tmp_path)
    run = nnlint_process(*mode, "--no-cache", ".", cwd=tmp_path,
                         env={"PYTHONIOENCODING": "utf-8:strict", "LC_ALL": "C.UTF-8"})
    assert run.exit_code in (0, 1) and "Traceback" not in run.stderr and "internal error" not in run.stderr
    assert "bad\\xff.py" in run.stdout and "new\\nline.py" in run.stdout


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system that takes any bytes in a name")
def test_hostile_file_names_in_the_baseline(tmp_path):
    _hostile_names(tmp_path)
    written = nnlint_process("--write-baseline", "baseline.json", "--no-cache", ".", cwd=tmp_path)
    assert written.exit_code == 0 and "Traceback" not in written.stderr, written.stderr
    data = json.loads((tmp_path / "baseline.json").read_bytes().decode("utf-8"))  # strict UTF-8 on disk
    assert len(data["findings"]) == 2
    again = nnlint_process("--baseline", "baseline.json", "--no-cache", ".", cwd=tmp_path)
    assert again.exit_code == 0 and "Traceback" not in again.stderr, again.stderr


def test_the_printable_and_decodable_forms_of_a_name():
    from nnlint.report.location import decodable, printable

    assert printable("a\udcffb\n\tc\x1b\r.py") == "a\\xffb\\n\tc\\x1b\\r.py"
    assert printable("modèle.py") == "modèle.py"
    assert decodable("a\udcff\n.py") == "a\\xff\n.py"


# -- hostile cache entries and baseline files ----------------------------------------------------------------------
def _one_entry(tmp_path) -> tuple[Path, list]:
    store = tmp_path / "store"
    expected = Linter(Config(), cache=Cache(store)).lint_paths(["ok/head.py"]).diagnostics
    entry, = [p for p in store.rglob("*") if p.is_file() and p.parent.parent.name.startswith("v")]
    return entry, expected


def _lint_with(store) -> tuple[list, Cache]:
    cache = Cache(store)
    return Linter(Config(), cache=cache).lint_paths(["ok/head.py"]).diagnostics, cache


def test_a_deeply_nested_cache_entry_is_a_miss(tree):
    entry, expected = _one_entry(tree)
    entry.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    found, cache = _lint_with(entry.parent.parent.parent)
    assert found == expected and cache.misses == 1


def test_a_cache_entry_over_the_size_limit_is_a_miss(tree, monkeypatch):
    entry, expected = _one_entry(tree)
    entry.write_bytes(entry.read_bytes() + b" " * 4096)  # still valid JSON
    monkeypatch.setattr(cache_module, "MAX_ENTRY_BYTES", 2048)
    found, cache = _lint_with(entry.parent.parent.parent)
    assert found == expected and cache.misses == 1


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_cache_entry_pointing_at_an_endless_file_is_a_miss(tree):
    entry, expected = _one_entry(tree)
    entry.unlink()
    entry.symlink_to("/dev/zero")
    done = subprocess.run(  # in a child with a time limit: before the fix this read until the OOM killer came
        [sys.executable, "-c", "import sys; from nnlint.cache import Cache; from nnlint.config import Config; "
         "from nnlint.engine import Linter; c = Cache(sys.argv[1]); "
         "print(len(Linter(Config(), cache=c).lint_paths(['ok/head.py']).diagnostics), c.misses)",
         str(entry.parent.parent.parent)], cwd=tree, env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == [str(len(expected)), "1"], done.stderr


def test_a_deeply_nested_baseline_is_a_clear_error(tree):
    (tree / "deep.json").write_bytes(b"[" * 100_000 + b"]" * 100_000)
    run = nnlint("--baseline", "deep.json", "--no-cache", "ok")
    assert run.exit_code == 2 and "deep.json" in run.stderr and "nested too deeply" in run.stderr


def test_a_baseline_over_the_size_limit_is_a_clear_error(tree, monkeypatch):
    assert nnlint("--write-baseline", "b.json", "--no-cache", "ok").exit_code == 0
    monkeypatch.setattr(baseline_module, "MAX_BASELINE_BYTES", 64)
    run = nnlint("--baseline", "b.json", "--no-cache", "ok")
    assert run.exit_code == 2 and "b.json" in run.stderr and "larger than 64 bytes" in run.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("option", ["--baseline", "--config"])
def test_a_fifo_given_as_baseline_or_config_never_blocks(tree, option):
    os.mkfifo(tree / "pipe")
    run = nnlint_process(option, "pipe", "--no-cache", "ok", cwd=tree, timeout=30)
    assert run.exit_code == 2 and "not a regular file" in run.stderr and "Traceback" not in run.stderr


# -- exit codes ----------------------------------------------------------------------------------------------------------
@pytest.mark.internal_errors_reported
def test_an_uncaught_exception_is_an_internal_error_exit_3(tree, monkeypatch):
    monkeypatch.setattr(Linter, "lint_paths", lambda *args, **kwargs: {}["boom"])
    run = nnlint("--no-cache", "ok")
    assert run.exit_code == 3
    assert "internal error" in run.stderr and "KeyError: 'boom'" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.internal_errors_reported
def test_the_traceback_of_an_internal_error_on_request(tree, monkeypatch):
    monkeypatch.setattr(Linter, "lint_paths", lambda *args, **kwargs: {}["boom"])
    run = nnlint("--no-cache", "ok", env={"NNLINT_TRACEBACK": "1"})
    assert run.exit_code == 3 and "Traceback" in run.stderr


def test_ctrl_c_while_linting_exits_130(tree, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(Linter, "lint_paths", interrupted)
    run = nnlint("--no-cache", "ok")
    assert run.exit_code == 130 and "interrupted" in run.stderr


def test_a_crash_in_a_real_process_exits_3_not_1(tmp_path):
    """A crash must not look like findings (exit 1) to CI: a module that raises on import of the reports."""
    write(tmp_path, {"m.py": RELU_HEAD, "sitecustomize.py": (
        "import nnlint.report.concise as c\n"
        "def broken(*args, **kwargs):\n    raise RuntimeError('injected')\n"
        "c.render = broken\nimport nnlint.report as r\nr.RENDERERS['concise'] = broken\n")})
    environment = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}"}
    environment.pop("NNLINT_RAISE_INTERNAL_ERRORS", None)
    done = subprocess.run([sys.executable, "-m", "nnlint", "--output-format", "concise", "--no-cache", "m.py"],
                          cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=60)
    assert done.returncode == 3 and "RuntimeError: injected" in done.stderr, done.stderr


# -- smaller ones ------------------------------------------------------------------------------------------------------
def test_a_cr_only_file_mentioning_coding_is_not_a_false_nn000(tmp_path, monkeypatch):
    """Old Mac line endings: the whole file is one `\\n`-line, so `coding=word` anywhere looked like a cookie."""
    write(tmp_path, {"cr.py": b'# a model\rx = 1\rs = "coding=word"\r'})
    monkeypatch.chdir(tmp_path)
    run = nnlint("--output-format", "json", "--no-cache", "cr.py")
    assert json.loads(run.stdout) == [] and run.exit_code == 0


def test_a_cookie_on_the_second_cr_only_line_is_honoured(tmp_path, monkeypatch):
    write(tmp_path, {"cr.py": b"# first\r# coding: latin-1\rs = '\xe9'\r"})
    monkeypatch.chdir(tmp_path)
    assert json.loads(nnlint("--output-format", "json", "--no-cache", "cr.py").stdout) == []


def test_code_too_deeply_nested_for_the_parser_says_so(tmp_path, monkeypatch):
    write(tmp_path, {"deep.py": "f = " + "lambda: " * 5000 + "0\n"})
    monkeypatch.chdir(tmp_path)
    found = json.loads(nnlint("--output-format", "json", "--no-cache", "deep.py").stdout)
    assert [d["code"] for d in found] == ["NN000"]
    assert "nested too deeply" in found[0]["message"]


def test_python_m_nnlint_ignores_a_click_py_in_the_working_directory(tmp_path):
    write(tmp_path, {"click.py": "raise SystemExit('the local click.py ran')\n", "m.py": RELU_HEAD})
    run = nnlint_process("--no-cache", "m.py", cwd=tmp_path)
    assert run.exit_code == 1 and "NN101" in run.stdout and "local click.py" not in run.stderr


def test_discovery_lists_unreadable_folders(tree, monkeypatch):
    _deny(monkeypatch, os, "scandir", "locked")
    found = discovery.discover(["."], Config())
    assert found.files == ["ok/head.py"] and found.unreadable == [("locked", "permission denied")]
