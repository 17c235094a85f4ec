"""Faults and inputs found by re-checking issue 16 from the outside: each test reproduces one failure (a full
disk, an I/O error, an unreadable .gitignore, a killed cache writer, one file named twice, ...) deterministically,
by simulating the fault in-process or with a device that always fails (`/dev/full`), and pins what nnlint
promises about it (docs/reliability.md). The strace commands that found them are in docs/reliability.md.
"""

from __future__ import annotations

import builtins
import errno
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import ROOT, nnlint
from nnlint import safe_write

SOURCE = "import torch.nn as nn\r\nmodel = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2), nn.ReLU())\r\n"
FIXED = "import torch.nn as nn\r\nmodel = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))\r\n"
FIX = ("--fix", "--unsafe-fixes", "--no-cache")

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file semantics")


@pytest.fixture
def tree(tmp_path, monkeypatch):
    (tmp_path / "tree").mkdir()
    (tmp_path / "tree" / "model.py").write_bytes(SOURCE.encode())
    monkeypatch.chdir(tmp_path)
    return tmp_path / "tree"


def leftovers(folder: Path) -> list[str]:
    """nnlint's temporaries anywhere under `folder` (the current ones and those of older versions)."""
    return sorted(str(path.relative_to(folder)) for path in folder.rglob(".*")
                  if "nnlint" in path.name and path.name.endswith(".tmp") or path.name.startswith(".tmp-"))


def _failing_open(monkeypatch, suffix: str, error: OSError) -> None:
    """`open` of any path ending in `suffix` raises `error` (as a mode-000 file does for a user who is not root)."""
    real = builtins.open

    def opening(file, *args, **kwargs):
        if isinstance(file, (str, os.PathLike)) and os.fspath(file).endswith(suffix) and os.path.exists(file):
            raise error
        return real(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", opening)


# -- an unreadable .gitignore ---------------------------------------------------------------------------------
def test_an_unreadable_gitignore_is_reported_not_silently_ignored(tree, monkeypatch):
    """Before: the walk went on as if the .gitignore were absent and said nothing (exit 0 on a clean tree)."""
    (tree / "model.py").write_text("x = 1\n", encoding="utf-8")
    (tree / ".gitignore").write_text("generated/\n", encoding="utf-8")
    _failing_open(monkeypatch, ".gitignore", PermissionError(errno.EACCES, "Permission denied"))
    run = nnlint("--no-cache", "--output-format", "concise", "tree")
    assert run.exit_code == 1, run.stderr
    assert "tree/.gitignore:1:1: NN000" in run.stdout and "cannot read this .gitignore: permission denied" in run.stdout
    assert "All checks passed" not in run.stderr and "of 2 files checked" in run.stderr
    listing = nnlint("--show-files", "tree")
    assert listing.exit_code == 1 and "tree/.gitignore: cannot read this .gitignore" in listing.stderr


def test_an_unreadable_gitignore_fails_add_noqa_and_fix(tree, monkeypatch):
    _failing_open(monkeypatch, ".gitignore", OSError(errno.EIO, "Input/output error"))
    (tree / ".gitignore").write_text("generated/\n", encoding="utf-8")
    added = nnlint("--add-noqa", "--no-cache", "tree")
    assert added.exit_code == 1 and "tree/.gitignore: cannot read this .gitignore: Input/output error" in added.stderr
    (tree / "model.py").write_bytes(SOURCE.encode())
    fixed = nnlint(*FIX, "--output-format", "concise", "tree")
    assert fixed.exit_code == 1 and "tree/.gitignore:1:1: NN000" in fixed.stdout


@posix_only
def test_a_gitignore_that_is_a_folder_or_fifo_is_no_gitignore(tree):
    """As git reads it: not a file, not a pattern list — and nothing blocks on a FIFO."""
    (tree / ".gitignore").mkdir()
    (tree / "sub").mkdir()
    (tree / "sub" / "model.py").write_bytes(SOURCE.encode())
    os.mkfifo(tree / "sub" / ".gitignore")
    run = nnlint("--no-cache", "--output-format", "concise", "tree")
    assert run.exit_code == 1 and "NN000" not in run.stdout and run.stdout.count("NN101") == 2


# -- the result cache's temporaries ---------------------------------------------------------------------------
def test_cache_temporaries_left_by_a_killed_writer_are_swept(tree, tmp_path):
    """Before: `.tmp-*` files of a cache writer killed outright (SIGKILL) stayed forever."""
    cache = tmp_path / "cache"
    bucket = cache / f"v{__import__('nnlint').__version__}"
    old = time.time() - 2 * safe_write.STALE_AFTER
    for index in range(256):  # wherever the entry lands, its folder holds stale temporaries of both kinds
        folder = bucket / f"{index:02x}"
        folder.mkdir(parents=True)
        for name in (".tmp-abcd_123", f".{index:02x}beef.nnlint-999999999-0badcafe.tmp"):
            (folder / name).write_bytes(b"{")
            os.utime(folder / name, (old, old))
        (folder / ".tmp-keep-me").write_bytes(b"not ours: another name")
    assert nnlint("--cache-dir", str(cache), "tree").exit_code == 1
    entries = [path for path in bucket.rglob("*") if path.is_file() and not path.name.startswith(".")]
    assert len(entries) == 1
    folder = entries[0].parent
    assert sorted(os.listdir(folder)) == [".tmp-keep-me", entries[0].name]


def test_a_cache_write_that_fails_leaves_no_temporary(tree, tmp_path, monkeypatch):
    """Before: a failure while writing CACHEDIR.TAG or .gitignore (a full disk, EXDEV) left `.tmp-*` behind."""
    real = os.replace

    def replacing(source, target, *args, **kwargs):
        if str(tmp_path / "cache") in os.fspath(target):
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        return real(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replacing)
    run = nnlint("--cache-dir", str(tmp_path / "cache"), "tree")
    assert run.exit_code == 1  # the finding: an unwritable cache is no cache, not an error
    assert leftovers(tmp_path / "cache") == []


# -- a full disk or an I/O error ------------------------------------------------------------------------------
@posix_only
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [("--no-cache", "tree"), ("--version",)])
def test_a_full_disk_under_stdout_is_exit_2_not_an_internal_error(tree, args):
    """Before: `nnlint tree > /dev/full` said "internal error ... this is a bug in nnlint" (exit 3), and
    `nnlint --version > /dev/full` printed a traceback (exit 1)."""
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "nnlint", *args], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=60,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 2, done.stderr
    assert "No space left on device" in done.stderr and "internal error" not in done.stderr
    assert "Traceback" not in done.stderr


def _failing_replace(monkeypatch, error_number: int) -> None:
    def replacing(*args, **kwargs):
        raise OSError(error_number, os.strerror(error_number))

    monkeypatch.setattr(os, "replace", replacing)


def test_fix_that_the_disk_refuses_is_exit_2_even_with_exit_zero(tree, monkeypatch):
    """Before: exit 1 (as if only findings remained), and 0 with `--exit-zero`: a run that could not write what it
    was asked to write looked successful."""
    _failing_replace(monkeypatch, errno.ENOSPC)
    run = nnlint(*FIX, "--exit-zero", "tree")
    assert run.exit_code == 2
    assert "tree/model.py: cannot write: No space left on device; not fixed" in run.stderr
    assert (tree / "model.py").read_bytes() == SOURCE.encode() and leftovers(tree) == []
    only = nnlint("--fix-only", "--unsafe-fixes", "--no-cache", "tree")
    assert only.exit_code == 2 and "No space left on device" in only.stderr


def test_a_refused_fix_stays_exit_1(tree, monkeypatch):
    """Declining to write (the file changed, is read-only) is not an error of the run: the findings remain."""
    os.chmod(tree / "model.py", 0o444)
    run = nnlint(*FIX, "tree")
    assert run.exit_code == 1 and "read-only" in run.stderr


def test_add_noqa_that_the_disk_refuses_is_exit_2(tree, monkeypatch):
    _failing_replace(monkeypatch, errno.EIO)
    run = nnlint("--add-noqa", "--no-cache", "tree")
    assert run.exit_code == 2 and "tree/model.py: cannot write: Input/output error; no noqa added" in run.stderr
    assert (tree / "model.py").read_bytes() == SOURCE.encode() and leftovers(tree) == []


@posix_only
def test_add_noqa_on_a_file_it_cannot_read_is_not_clean(tree):
    """Before: "warning: ... no noqa added" and exit 0 — a file nnlint could not read passed as done."""
    os.mkfifo(tree / "pipe.py")
    run = nnlint("--add-noqa", "--no-cache", "tree/pipe.py")
    assert run.exit_code == 1 and "nnlint: error: tree/pipe.py: not a regular file" in run.stderr


# -- the in-place rewrite (hard links, attributes) on a full disk --------------------------------------------
@posix_only
def test_an_in_place_rewrite_cut_short_puts_the_old_bytes_back(tmp_path, monkeypatch):
    """A hard-linked file is rewritten through its inode; a write that fails half way (ENOSPC after a short
    write, EIO) used to leave the new text's first half over the old file's tail."""
    path = tmp_path / "model.py"
    old = b"# old\n" * 50_000
    path.write_bytes(old)
    os.link(path, tmp_path / "other_name.py")
    real = os.write
    calls = []

    def writing(fd, data):
        calls.append(len(data))
        if len(calls) == 1:  # the new text: half of it lands, then the disk is full
            real(fd, bytes(data[: len(data) // 2]))
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd, data)

    monkeypatch.setattr(os, "write", writing)
    new = b"# new, longer text\n" * 50_000
    with pytest.raises(safe_write.WriteFailed, match="No space left on device; left as it was"):
        safe_write.write_file(str(path), new, expected=old)
    assert path.read_bytes() == old and (tmp_path / "other_name.py").read_bytes() == old


@posix_only
@pytest.mark.skipif(not hasattr(os, "posix_fallocate"), reason="no posix_fallocate")
def test_an_in_place_rewrite_reserves_space_before_touching_the_file(tmp_path, monkeypatch):
    path = tmp_path / "model.py"
    path.write_bytes(b"x = 1\n")
    os.link(path, tmp_path / "other_name.py")
    written = []
    monkeypatch.setattr(os, "write", lambda fd, data: written.append(data) or len(data))

    def full(fd, offset, length):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "posix_fallocate", full)
    with pytest.raises(safe_write.WriteFailed):
        safe_write.write_file(str(path), b"x = 1  # a longer line\n", expected=b"x = 1\n")
    assert written == [b"x = 1\n"]  # only the restore of the old bytes: the new text never reached the file
    assert path.read_bytes() == b"x = 1\n"


# -- one file under two names ---------------------------------------------------------------------------------
@posix_only
def test_a_file_named_twice_is_linted_once(tree):
    """Before: `nnlint tree link` (link -> tree) and `tree/model.py link/model.py` reported every finding twice,
    and `--fix -j2` could fix the same file in two workers (the second write refused as "changed")."""
    os.symlink("tree", "link")
    for paths in (("tree", "link"), ("tree/model.py", "link/model.py"), ("tree", "./tree", os.path.abspath("tree"))):
        run = nnlint("--no-cache", "--output-format", "json", *paths)
        assert [d["filename"] for d in json.loads(run.stdout)] == ["tree/model.py"], paths
    os.link(tree / "model.py", tree / "hard.py")
    assert len(json.loads(nnlint("--no-cache", "--output-format", "json", "tree").stdout)) == 1


@posix_only
def test_an_unreadable_entry_named_twice_is_reported_once_and_counted(tree):
    """Before: `nnlint tree ./tree` with a symlink loop in it printed its NN000 twice, and the summary said
    "Found 2 findings in 2 of 1 file checked"."""
    os.symlink("loop.py", tree / "loop.py")
    run = nnlint("--no-cache", "--output-format", "concise", "tree", "./tree")
    assert run.stdout.count("tree/loop.py:1:1: NN000") == 1
    assert "in 2 of 2 files checked" in run.stderr


# -- a large configuration ------------------------------------------------------------------------------------
def test_a_large_per_file_ignores_table_is_read_in_linear_time(tmp_path, monkeypatch):
    """Before: every key's line number was looked up (a scan of the whole file) whether or not an error was to be
    written, three times per per-file-ignores entry: 20,000 entries (550 KB, under the 1 MiB limit) took 325 s
    before the first file was linted. Now the line is looked up only for an error message."""
    from nnlint import config

    entries = "".join(f'"dir{i}/*.py" = ["NN101"]\n' for i in range(300))
    (tmp_path / "pyproject.toml").write_text(f"[tool.nnlint.per-file-ignores]\n{entries}", encoding="utf-8")
    (tmp_path / "m.py").write_text(SOURCE, encoding="utf-8")
    looked_up = []
    real = config._line_of
    monkeypatch.setattr(config, "_line_of", lambda path, key: looked_up.append(key) or real(path, key))
    monkeypatch.chdir(tmp_path)
    assert nnlint("--no-cache", "m.py").exit_code == 1
    assert looked_up == []
    (tmp_path / "pyproject.toml").write_text(f"[tool.nnlint.per-file-ignores]\n{entries}\"[z-a]\" = [\"NN1\"]\n",
                                             encoding="utf-8")
    run = nnlint("--no-cache", "m.py")  # an error still names its line
    assert run.exit_code == 2 and "pyproject.toml:302: [tool.nnlint] [z-a]: '[z-a]' is not a valid glob" in run.stderr


# -- hostile encodings ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("codec, name", [("utf-16", "UTF-16"), ("utf-16-be", None), ("utf-32", "UTF-32")])
def test_a_utf16_or_utf32_file_is_named_as_such(tmp_path, monkeypatch, codec, name):
    """Before: "not a Python source file (contains NUL bytes)" for a file an editor saved as "Unicode"."""
    text = "\ufeffimport torch\n" if codec == "utf-16-be" else "import torch\n"
    (tmp_path / "m.py").write_bytes(text.encode(codec))
    monkeypatch.chdir(tmp_path)
    run = nnlint("--no-cache", "--output-format", "concise", "m.py")
    assert run.exit_code == 1
    assert f"NN000 [error] cannot decode: the file is {name or 'UTF-16'} (it starts with a" in run.stdout


# -- a worker process that dies -------------------------------------------------------------------------------
@posix_only
def test_a_worker_killed_outright_does_not_hang_the_run(tmp_path, monkeypatch):
    """Before: a worker killed by the out-of-memory killer (SIGKILL) took its task with it, and
    `multiprocessing.Pool` waited for that task forever — the run hung. Now the task's files are linted again,
    each alone, and a file that kills its process again is an NN000 finding naming the signal."""
    import signal

    from nnlint import parallel
    from nnlint.config import Config
    from nnlint.engine import Linter

    names = [f"m{index}.py" for index in range(12)] + ["boom.py"]
    for name in names:
        (tmp_path / name).write_text(SOURCE, encoding="utf-8")
    linter = Linter(Config())
    real = linter.lint_file

    def lint_file(path):
        if path.endswith("boom.py"):
            os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer would
        return real(path)

    monkeypatch.setattr(linter, "lint_file", lint_file)
    monkeypatch.setattr(parallel, "POLL_SECONDS", 0.05, raising=False)

    def hung(signum, frame):
        raise TimeoutError("the run hung on a dead worker")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)
    try:
        found = parallel.run(linter, [(index, str(tmp_path / name)) for index, name in enumerate(names)], jobs=2)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert sorted(found) == list(range(len(names)))
    assert [d.code for index in range(12) for d in found[index]] == ["NN101"] * 12
    (died,) = found[12]
    assert died.code == "NN000" and "killed by SIGKILL (the system may have run out of memory)" in died.message
