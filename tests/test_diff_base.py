"""`--diff-base REF`: only findings on lines added or changed since REF (its merge base with HEAD), in real
git repositories: commits on a branch, work in progress, untracked files, renames, a moving main branch."""

from __future__ import annotations

import pytest

from helpers import BIAS_OFF, RELU_HEAD, nnlint
from integration_helpers import GitRepo
from nnlint.diagnostics import Diagnostic, Severity
from nnlint.diffbase import keep_changed, parse_diff

LEGACY = '''\
import torch.nn as nn

head = nn.Sequential(nn.Linear(4, 2), nn.ReLU())


def make_body():
    return nn.Sequential(nn.Linear(4, 8, bias=False), nn.ReLU(), nn.Linear(8, 2))
'''
RELU_LINE = RELU_HEAD.splitlines()[1]


@pytest.fixture
def repo(tmp_path, monkeypatch):
    repo = GitRepo(tmp_path / "project")
    repo.commit("legacy", {"models/legacy.py": LEGACY, "models/old_name.py": RELU_HEAD, ".gitignore": "scratch/\n"})
    repo.git("checkout", "-q", "-b", "feature")
    monkeypatch.chdir(repo.path)
    return repo


def _found(run) -> list[tuple[str, int, str]]:
    return [(parts[0], int(parts[1]), parts[3].split()[0]) for parts in
            (line.split(":", 3) for line in run.stdout.splitlines())]


def test_only_findings_on_lines_the_branch_added_or_changed(repo):
    # committed on the branch: lines added above the legacy findings, one new finding, a new file, a rename
    shifted = "import math\n\n" + LEGACY + "\n\ndef make_other():\n    model = nn.Sequential(nn.Linear(2, 2), nn.ReLU())\n    return model\n"
    repo.commit("branch work", {"models/legacy.py": shifted, "models/added.py": BIAS_OFF})
    repo.git("mv", "models/old_name.py", "models/new_name.py")
    repo.commit("rename")
    # not committed: an edit in the working tree, a staged file, an untracked file, an ignored one
    repo.write({"models/legacy.py": shifted.replace("nn.Linear(8, 2))", "nn.Linear(8, 3))"),
                "models/staged.py": RELU_HEAD, "models/untracked.py": RELU_HEAD, "scratch/ignored.py": RELU_HEAD})
    repo.git("add", "models/staged.py")
    assert len(nnlint("--output-format", "concise", "models").stdout.splitlines()) == 7

    run = nnlint("--output-format", "concise", "--diff-base", "main", "models")
    assert run.exit_code == 1
    assert _found(run) == [
        ("models/added.py", 2, "NN201"),
        ("models/legacy.py", 9, "NN201"),  # unchanged finding, but its line was edited in the working tree
        ("models/legacy.py", 13, "NN101"),
        ("models/staged.py", 2, "NN101"),
        ("models/untracked.py", 2, "NN101"),
    ]
    assert "2 findings on lines unchanged since main not shown" in run.stderr


def test_a_main_branch_that_moved_on_does_not_leak_into_the_diff(repo):
    repo.commit("feature: clean file", {"models/clean.py": "x = 1\n"})
    repo.git("checkout", "-q", "main")
    repo.commit("main: reformat legacy", {"models/legacy.py": LEGACY.replace("nn.Linear(4, 2)", "nn.Linear(4, 3)")})
    repo.git("checkout", "-q", "feature")
    # against main's tip, the feature branch's old line 3 would look changed; against the merge base it is not
    run = nnlint("--diff-base", "main", "models")
    assert (run.exit_code, run.stdout) == (0, "")
    assert nnlint("--diff-base", "HEAD~1", "models").exit_code == 0


def test_paths_are_mapped_from_the_repository_root_to_the_working_directory(repo, monkeypatch):
    repo.commit("new", {"models/sub/new model ü.py": RELU_HEAD, "models/sub/tab\tname.py": BIAS_OFF})
    monkeypatch.chdir(repo.path / "models" / "sub")
    run = nnlint("--output-format", "concise", "--diff-base", "main", ".")
    assert _found(run) == [("new model ü.py", 2, "NN101"), ("tab\tname.py", 2, "NN201")]
    monkeypatch.chdir(repo.path.parent)
    run = nnlint("--output-format", "concise", "--diff-base", "main", "project/models")
    assert [path for path, _, _ in _found(run)] == ["project/models/sub/new model ü.py", "project/models/sub/tab\tname.py"]


def test_combines_with_a_baseline(repo):
    repo.commit("two new findings", {"models/a.py": RELU_HEAD, "models/b.py": BIAS_OFF})
    nnlint("--write-baseline", "baseline.json", "models/a.py")
    run = nnlint("--output-format", "concise", "--diff-base", "main", "--baseline", "baseline.json", "models")
    assert _found(run) == [("models/b.py", 2, "NN201")]


def test_unparsable_files_are_always_reported(repo):
    repo.git("checkout", "-q", "main")
    repo.commit("broken", {"models/broken.py": "def f(:\n"})
    repo.git("checkout", "-q", "-b", "other")
    run = nnlint("--diff-base", "main", "models")
    assert run.exit_code == 1 and "models/broken.py:1:7: NN000" in run.stdout


def test_outside_a_git_checkout_and_unknown_revisions_are_usage_errors(repo, tmp_path, monkeypatch):
    run = nnlint("--diff-base", "no-such-branch", "models")
    assert run.exit_code == 2 and run.stdout == ""
    assert "--diff-base 'no-such-branch': unknown git revision" in run.stderr
    outside = tmp_path / "not-a-repo"
    outside.mkdir()
    (outside / "m.py").write_text(RELU_HEAD)
    monkeypatch.chdir(outside)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    run = nnlint("--diff-base", "main", "m.py")
    assert run.exit_code == 2 and run.stdout == ""
    assert f"--diff-base needs a git checkout, and {outside} is not inside one" in run.stderr
    monkeypatch.chdir(repo.path)  # the repository is the first path's, not the working directory's
    assert "is not inside one" in nnlint("--diff-base", "main", str(outside / "m.py")).stderr


def test_parse_diff_skips_hunk_text_that_looks_like_headers():
    diff = (b'diff --git a/x.py b/x.py\n--- a/x.py\n+++ b/x.py\n@@ -1,0 +2,2 @@\n+++ not a header\n'
            b'+@@ -9 +9 @@ neither\n@@ -5 +7 @@\n-old\n+new\n\\ No newline at end of file\n'
            b'diff --git "a/t\\tq\\303\\274.py" "b/t\\tq\\303\\274.py"\n--- "a/t\\tq\\303\\274.py"\n'
            b'+++ "b/t\\tq\\303\\274.py"\n@@ -3 +2,0 @@\n-gone\n@@ -8 +8 @@\n-a\n+b\n'
            b'diff --git a/del.py b/del.py\n--- a/del.py\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n')
    assert parse_diff(diff) == {b"x.py": {2, 3, 7}, "t\tqü.py".encode(): {8}}


def test_a_finding_spanning_lines_is_kept_when_any_of_them_changed(tmp_path):
    path = str(tmp_path / "m.py")
    d = Diagnostic("NN101", "output-activation", Severity.ERROR, "m", path, 3, 5, 6, 2)
    assert keep_changed([d], {path: {5}}) == [d]
    assert keep_changed([d], {path: {2, 7}}) == []
    assert keep_changed([d], {path: None}) == [d]
    assert keep_changed([d], {}) == []
