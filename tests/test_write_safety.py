"""Write safety (`nnlint.safe_write`): nnlint never loses a byte of a file it writes, whatever happens around it.

Every file nnlint writes for the user (`--fix`, `--add-noqa`, `--write-baseline`, notebooks) goes through
`nnlint.safe_write`; these tests reproduce the failures of issue 16 (a file edited during `--fix`, owners,
hard links, symlinks, FIFOs and devices, signals, stale temporary files) at the command line, and pin the
module's guarantees directly where a race needs a hook to be deterministic.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import BIAS_OFF, ROOT, nnlint
from nnlint import safe_write
from nnlint.safe_write import Snapshot, WriteError

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


def temporaries(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.startswith(".") and "nnlint" in name)


# -- a file edited while --fix runs ------------------------------------------------------------------------
def _edit_during_fix(monkeypatch, edit):
    """Run `edit()` after nnlint has read the file and before it writes it (inside the fix computation)."""
    import nnlint.fix as fix_package

    real = fix_package.fix_document

    def fixing(*args, **kwargs):
        outcome = real(*args, **kwargs)
        edit()
        return outcome

    monkeypatch.setattr(fix_package, "fix_document", fixing)


def test_a_file_edited_during_fix_is_not_overwritten(tree, monkeypatch):
    model = tree / "model.py"
    saved = SOURCE.replace("Linear(4, 8)", "Linear(4, 9)")  # an editor's save, same size
    _edit_during_fix(monkeypatch, lambda: model.write_bytes(saved.encode()))
    run = nnlint(*FIX, "tree")
    assert model.read_bytes() == saved.encode()
    assert "tree/model.py" in run.stderr and "changed since nnlint read it" in run.stderr
    assert run.exit_code == 1 and temporaries(tree) == []


def test_a_file_touched_during_fix_is_not_overwritten(tree, monkeypatch):
    """Same bytes, new modification time (a `git checkout` of identical content, `touch`): refused too."""
    model = tree / "model.py"
    _edit_during_fix(monkeypatch, lambda: os.utime(model, ns=(1_000_000_000, 1_000_000_000)))
    run = nnlint(*FIX, "tree")
    assert model.read_bytes() == SOURCE.encode()
    assert "changed since nnlint read it" in run.stderr


def test_a_file_changed_between_the_check_and_the_replace_window_is_reported(tmp_path, monkeypatch):
    """The comparison is the last step before the rename: an edit landing while the new text is being
    written (widened here with a hook in fsync) is still seen."""
    path = tmp_path / "m.py"
    path.write_bytes(b"old\n")
    snapshot = Snapshot.read(str(path))[1]
    real_fsync = os.fsync

    def slow_fsync(fd):
        path.write_bytes(b"new from the editor\n")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", slow_fsync)
    with pytest.raises(WriteError, match="changed since nnlint read it"):
        safe_write.write_atomic(str(path), "fixed\n", "utf-8", expected=snapshot)
    assert path.read_bytes() == b"new from the editor\n" and temporaries(tmp_path) == []


# -- owner, group, mode, hard links ---------------------------------------------------------------------------
@posix_only
@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file away")
def test_fix_as_root_keeps_the_owner_group_and_mode(tree):
    model = tree / "model.py"
    os.chown(model, 4321, 4322)
    os.chmod(model, 0o664)
    run = nnlint(*FIX, "tree")
    assert run.exit_code == 0, run.stderr
    info = model.stat()
    assert model.read_bytes() == FIXED.encode()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (4321, 4322, 0o664)


@posix_only
def test_a_file_that_cannot_be_given_back_to_its_owner_is_written_in_place(tmp_path, monkeypatch):
    """Not root and not the owner: replacing the file would change its owner, so it is rewritten in place."""
    path = tmp_path / "m.py"
    path.write_bytes(b"old\n")
    inode = path.stat().st_ino

    def refuse(*args, **kwargs):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(safe_write, "_owner_differs", lambda *args: True)
    monkeypatch.setattr(os, "chown", refuse)
    safe_write.write_atomic(str(path), "new\n", "utf-8", expected=Snapshot.read(str(path))[1])
    assert path.read_bytes() == b"new\n" and path.stat().st_ino == inode and temporaries(tmp_path) == []


@posix_only
def test_fix_writes_a_hard_linked_file_in_place(tree):
    model, other = tree / "model.py", tree.parent / "other-name.py"
    os.link(model, other)
    run = nnlint(*FIX, "tree")
    assert run.exit_code == 0, run.stderr
    assert model.read_bytes() == other.read_bytes() == FIXED.encode()
    assert model.stat().st_ino == other.stat().st_ino and model.stat().st_nlink == 2


@posix_only
def test_a_hard_linked_file_edited_during_fix_is_not_overwritten(tree, monkeypatch):
    model = tree / "model.py"
    os.link(model, tree.parent / "other-name.py")
    _edit_during_fix(monkeypatch, lambda: model.write_bytes(b"# mine now\n"))
    run = nnlint(*FIX, "tree")
    assert model.read_bytes() == b"# mine now\n" and "changed since nnlint read it" in run.stderr


# -- symlinks --------------------------------------------------------------------------------------------------
@posix_only
def test_fix_does_not_follow_a_symlink_out_of_the_linted_tree(tree):
    outside = tree.parent / "outside"
    outside.mkdir()
    (outside / "real.py").write_bytes(SOURCE.encode())
    (tree / "model.py").unlink()
    (tree / "link.py").symlink_to(outside / "real.py")
    run = nnlint(*FIX, "tree")
    assert (outside / "real.py").read_bytes() == SOURCE.encode()
    assert (tree / "link.py").is_symlink()
    assert "tree/link.py" in run.stderr and "outside the linted tree" in run.stderr
    assert run.exit_code == 1 and "NN101" in run.stdout


@posix_only
def test_fix_writes_through_a_symlink_inside_the_tree_keeping_the_link(tree):
    (tree / "sub").mkdir()
    (tree / "model.py").rename(tree / "sub" / "real.py")
    (tree / "link.py").symlink_to("sub/real.py")
    run = nnlint(*FIX, "tree/link.py", "tree/sub")
    assert run.exit_code == 0, run.stderr
    assert (tree / "link.py").is_symlink() and (tree / "sub" / "real.py").read_bytes() == FIXED.encode()


@posix_only
def test_a_symlink_named_on_the_command_line_is_written_through(tree):
    """Naming the link is naming its target: `nnlint --fix link.py` fixes the file it points to."""
    outside = tree.parent / "outside"
    outside.mkdir()
    (tree / "model.py").rename(outside / "real.py")
    (tree / "link.py").symlink_to(outside / "real.py")
    run = nnlint(*FIX, "tree/link.py")
    assert run.exit_code == 0, run.stderr
    assert (outside / "real.py").read_bytes() == FIXED.encode() and (tree / "link.py").is_symlink()


def test_add_noqa_does_not_follow_a_symlink_out_of_the_tree(tree):
    outside = tree.parent / "outside"
    outside.mkdir()
    (outside / "real.py").write_bytes(BIAS_OFF.encode())
    (tree / "link.py").symlink_to(outside / "real.py")
    run = nnlint("--add-noqa", "--no-cache", "tree")
    assert (outside / "real.py").read_bytes() == BIAS_OFF.encode()
    assert "outside the linted tree" in run.stderr and run.exit_code == 1


# -- --write-baseline onto what is not a regular file ----------------------------------------------------------
@posix_only
def test_write_baseline_never_replaces_a_fifo(tree):
    os.mkfifo("pipe.json")
    run = nnlint("--write-baseline", "pipe.json", "--no-cache", "tree")
    assert run.exit_code == 2 and "pipe.json" in run.stderr and "not a regular file" in run.stderr
    assert stat.S_ISFIFO(os.lstat("pipe.json").st_mode) and temporaries(Path.cwd()) == []


@posix_only
def test_write_baseline_never_replaces_a_socket(tree):
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind("sock.json")
        run = nnlint("--write-baseline", "sock.json", "--no-cache", "tree")
    finally:
        server.close()
    assert run.exit_code == 2 and "not a regular file" in run.stderr
    assert stat.S_ISSOCK(os.lstat("sock.json").st_mode)


@posix_only
def test_write_baseline_never_replaces_a_device_node(tree):
    try:
        os.mknod("null.json", stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a copy of /dev/null's node
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot create a device node here: {exc}")
    run = nnlint("--write-baseline", "null.json", "--no-cache", "tree")
    assert run.exit_code == 2 and "not a regular file" in run.stderr
    assert stat.S_ISCHR(os.lstat("null.json").st_mode)


@posix_only
def test_write_baseline_through_a_symlink_writes_its_target_and_keeps_the_link(tree):
    Path("store").mkdir()
    Path("store/baseline.json").write_text("{}", encoding="utf-8")
    os.chmod("store/baseline.json", 0o640)
    Path("baseline.json").symlink_to("store/baseline.json")
    run = nnlint("--write-baseline", "baseline.json", "--no-cache", "tree")
    assert run.exit_code == 0, run.stderr
    assert Path("baseline.json").is_symlink()
    assert json.loads(Path("store/baseline.json").read_text(encoding="utf-8"))["format"] == "nnlint-baseline"
    assert stat.S_IMODE(os.stat("store/baseline.json").st_mode) == 0o640


def test_write_baseline_creates_a_new_file_with_the_umask_mode(tree):
    old = os.umask(0o027)
    try:
        run = nnlint("--write-baseline", "new/baseline.json", "--no-cache", "tree")
    finally:
        os.umask(old)
    assert run.exit_code == 0, run.stderr
    assert stat.S_IMODE(os.stat("new/baseline.json").st_mode) == 0o640 and temporaries(Path("new")) == []


# -- signals and temporary files -------------------------------------------------------------------------------
def test_an_interrupt_while_writing_leaves_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "m.py"
    path.write_bytes(b"old\n")

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        safe_write.write_atomic(str(path), "new\n", "utf-8", expected=Snapshot.read(str(path))[1])
    assert path.read_bytes() == b"old\n" and temporaries(tmp_path) == []


_SIGNALLED = """
import os, signal, sys
import nnlint.safe_write
real = os.fsync
def fsync(fd):
    os.kill(os.getpid(), signal.{signal})
    real(fd)
os.fsync = fsync
from nnlint.cli import main
sys.argv = ["nnlint", "--fix", "--unsafe-fixes", "--no-cache", "tree"]
main(prog_name="nnlint")
"""


@posix_only
@pytest.mark.parametrize("name, code", [("SIGINT", 130), ("SIGTERM", 143)])
def test_a_signal_during_fix_cleans_up_and_exits_128_plus_the_signal(tree, name, code):
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", _SIGNALLED.format(signal=name)], cwd=tree.parent, env=environment,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr and "stopped cleanly" in done.stderr
    assert (tree / "model.py").read_bytes() == SOURCE.encode() and temporaries(tree) == []


def _stale(folder: Path, name: str, age: float) -> Path:
    path = folder / name
    path.write_text("half a file", encoding="utf-8")
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@posix_only
def test_stale_temporary_files_are_swept_by_the_next_run_that_writes(tree):
    dead, alive = _dead_pid(), os.getpid()
    swept = [_stale(tree, f".model.py.nnlint-{dead}-a1b2c3d4.tmp", 60),  # its writer is gone
             _stale(tree, f".model.py.nnlint-{alive}-e5f6a7b8.tmp", 2 * 3600),  # an hour old: stale anyway
             _stale(tree, ".model.py.nnlint-99999999999999999999-a1b2c3d5.tmp", 60),  # no such process number
             _stale(tree, ".model.py.k2j4h5g6.nnlint", 2 * 3600)]  # the old naming, an hour old
    kept = [_stale(tree, f".model.py.nnlint-{alive}-c9d0e1f2.tmp", 60),  # a live writer's
            _stale(tree, f".model.py.nnlint-{dead}-0a1b2c3d.tmp", 1),  # too fresh to judge
            _stale(tree, ".model.py.k2j4h5g7.nnlint", 60),  # the old naming, recent
            _stale(tree, ".notes.nnlint-x.tmp", 3 * 3600)]  # not a name nnlint makes
    run = nnlint(*FIX, "tree")
    assert run.exit_code == 0, run.stderr
    assert [p.exists() for p in swept] == [False] * len(swept)
    assert [p.exists() for p in kept] == [True] * len(kept)


def test_a_lint_run_deletes_nothing(tree):
    stale = _stale(tree, f".model.py.nnlint-{_dead_pid()}-a1b2c3d4.tmp", 3 * 3600)
    nnlint("--no-cache", "tree")
    assert stale.exists()


# -- what is written must be the file's own kind -----------------------------------------------------------------
def test_a_path_swapped_for_a_fifo_after_reading_is_not_replaced(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("needs named pipes")
    path = tmp_path / "m.py"
    path.write_bytes(b"old\n")
    snapshot = Snapshot.read(str(path))[1]
    path.unlink()
    os.mkfifo(path)
    with pytest.raises(WriteError, match="not a regular file"):
        safe_write.write_atomic(str(path), "new\n", "utf-8", expected=snapshot)
    assert stat.S_ISFIFO(os.lstat(path).st_mode) and temporaries(tmp_path) == []


def test_long_file_names_get_a_shortened_temporary_name(tmp_path):
    path = tmp_path / ("m" * 250 + ".py")
    path.write_bytes(b"old\n")
    safe_write.write_atomic(str(path), "new\n", "utf-8", expected=Snapshot.read(str(path))[1])
    assert path.read_bytes() == b"new\n" and temporaries(tmp_path) == []


# -- --output-file: a report may go to a stream ------------------------------------------------------------------
@posix_only
def test_output_file_into_a_fifo_is_written_as_a_stream(tree):
    import threading

    os.mkfifo("report.pipe")
    received = []
    reader = threading.Thread(target=lambda: received.append(Path("report.pipe").read_bytes()))
    reader.start()
    run = nnlint("--output-format", "json", "--output-file", "report.pipe", "--no-cache", "tree")
    reader.join(timeout=30)
    assert run.exit_code == 1 and [d["code"] for d in json.loads(received[0])] == ["NN101"]
    assert stat.S_ISFIFO(os.lstat("report.pipe").st_mode)


@posix_only
def test_output_file_replaces_a_regular_file_keeping_its_mode_and_hard_links(tree):
    Path("report.json").write_text("old", encoding="utf-8")
    os.chmod("report.json", 0o600)
    os.link("report.json", "other.json")
    run = nnlint("--output-format", "json", "--output-file", "report.json", "--no-cache", "tree")
    assert run.exit_code == 1 and json.loads(Path("other.json").read_text(encoding="utf-8"))[0]["code"] == "NN101"
    assert stat.S_IMODE(os.stat("report.json").st_mode) == 0o600 and temporaries(Path.cwd()) == []


def test_add_noqa_never_writes_code_that_does_not_parse(tree, monkeypatch):
    """A last check before writing: were the comments ever placed where they break the code (simulated here
    with an edit that opens a bracket), the file would be left as it is."""
    from nnlint import noqa_add
    from nnlint.diagnostics import Edit

    (tree / "model.py").write_bytes(BIAS_OFF.encode())
    monkeypatch.setattr(noqa_add, "edits_for", lambda text, diagnostics, path: ([Edit(1, 1, 1, 1, "(")], 1, []))
    run = nnlint("--add-noqa", "--no-cache", "tree")
    assert (tree / "model.py").read_bytes() == BIAS_OFF.encode() and "would break the code" in run.stderr
