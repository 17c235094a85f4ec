"""`--baseline` / `--write-baseline`: a legacy codebase's findings recorded once, only new ones reported,
across commits that shift lines, re-indent, duplicate and fix findings (a real git history)."""

from __future__ import annotations

import json

import pytest

from helpers import RELU_HEAD, nnlint
from integration_helpers import GitRepo

NET = '''\
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(4, 8, bias=False), nn.ReLU(), nn.Linear(8, 2))

    def forward(self, x):
        return self.body(x)


def make_head():
    model = nn.Sequential(nn.Linear(4, 2), nn.ReLU())
    return model
'''
BASELINE = "nnlint-baseline.json"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    repo = GitRepo(tmp_path / "project")
    repo.commit("legacy models", {"models/net.py": NET, "models/head.py": RELU_HEAD})
    monkeypatch.chdir(repo.path)
    return repo


def _codes(run) -> list[str]:
    return [line.split()[1] for line in run.stdout.splitlines()]


def test_write_then_check_is_clean_and_the_file_is_versioned_sorted_and_relative(repo):
    assert nnlint("models").exit_code == 1
    written = nnlint("--write-baseline", BASELINE, "models")
    assert written.exit_code == 0 and written.stdout == ""
    assert "recorded 3 findings in nnlint-baseline.json" in written.stderr
    data = json.loads((repo.path / BASELINE).read_text(encoding="utf-8"))
    assert (data["format"], data["version"]) == ("nnlint-baseline", 1)
    assert [(f["path"], f["code"], f["context"]) for f in data["findings"]] == [
        ("models/head.py", "NN101", ""),
        ("models/net.py", "NN101", "make_head"),
        ("models/net.py", "NN201", "Net.__init__"),
    ]
    assert data["findings"][1]["source"] == "model = nn.Sequential(nn.Linear(4, 2), nn.ReLU())"
    assert all(len(f["fingerprint"]) == 32 for f in data["findings"])
    check = nnlint("--output-format", "concise", "--baseline", BASELINE, "models")
    assert (check.exit_code, check.stdout) == (0, "")
    assert "3 findings recorded in nnlint-baseline.json not shown" in check.stderr
    assert "All checks passed!" in check.stderr


def test_history_of_line_shifts_new_findings_and_fixes(repo):
    nnlint("--write-baseline", BASELINE, "models")
    repo.commit("record the baseline")
    first = (repo.path / BASELINE).read_text(encoding="utf-8")

    # lines added above every finding, a block re-indented, a comment added on an offending line
    shifted = NET.replace("import torch.nn as nn\n", "import torch.nn as nn\nimport math\n\nSCALE = math.pi\n\n\n")
    shifted = shifted.replace("    model = nn.Sequential(nn.Linear(4, 2), nn.ReLU())\n    return model",
                              "    if True:\n        model = nn.Sequential(nn.Linear(4, 2),   nn.ReLU())  # legacy head\n"
                              "        return model")
    repo.commit("unrelated edits", {"models/net.py": shifted, "models/head.py": "# header\n\n" + RELU_HEAD})
    run = nnlint("--output-format", "concise", "--baseline", BASELINE, "models")
    assert (run.exit_code, run.stdout) == (0, "")

    # a new finding, and a second copy of a recorded one in the same place: both are new, and fail
    with_new = shifted + "\n\ndef make_other():\n    model = nn.Sequential(nn.Linear(4, 2), nn.ReLU())\n    return model\n"
    repo.commit("new code", {"models/net.py": with_new,
                             "models/head.py": "# header\n\n" + RELU_HEAD + RELU_HEAD.splitlines()[1] + "\n"})
    run = nnlint("--output-format", "concise", "--baseline", BASELINE, "models")
    assert run.exit_code == 1
    assert [line.split(":")[:2] for line in run.stdout.splitlines()] == [["models/head.py", "5"], ["models/net.py", "25"]]

    # pruning keeps what is still there and adds nothing new; a fixed finding drops out
    fixed = with_new.replace("nn.Linear(4, 8, bias=False)", "nn.Linear(4, 8)")
    repo.commit("fix the bias", {"models/net.py": fixed})
    prune = nnlint("--output-format", "concise", "--baseline", BASELINE, "--write-baseline", BASELINE, "models")
    assert prune.exit_code == 1 and len(prune.stdout.splitlines()) == 2  # the new ones are still reported
    assert "recorded 2 findings in nnlint-baseline.json" in prune.stderr
    pruned = json.loads((repo.path / BASELINE).read_text(encoding="utf-8"))["findings"]
    assert [f["code"] for f in pruned] == ["NN101", "NN101"]
    old = json.loads(first)["findings"]
    assert pruned == [f for f in old if f["code"] != "NN201"]  # same entries, byte for byte: a clean diff

    # a plain write records everything current (the fixed one stays out): stable bytes on a rewrite
    nnlint("--write-baseline", BASELINE, "models")
    again = (repo.path / BASELINE).read_text(encoding="utf-8")
    nnlint("--write-baseline", BASELINE, "models")
    assert (repo.path / BASELINE).read_text(encoding="utf-8") == again
    assert [f["code"] for f in json.loads(again)["findings"]] == ["NN101", "NN101", "NN101", "NN101"]
    assert nnlint("--baseline", BASELINE, "models").exit_code == 0
    assert repo.git("status", "--porcelain", BASELINE).strip().startswith("M")


def test_moving_a_finding_to_another_function_makes_it_new(repo):
    nnlint("--write-baseline", BASELINE, "models")
    repo.commit("rename", {"models/net.py": NET.replace("def make_head", "def build_head")})
    run = nnlint("--output-format", "concise", "--baseline", BASELINE, "models")
    assert run.exit_code == 1 and _codes(run) == ["NN101"]
    assert "1 finding recorded in nnlint-baseline.json did not occur in this run" in run.stderr


def test_the_baseline_works_from_another_working_directory(repo, monkeypatch):
    nnlint("--write-baseline", BASELINE, "models")
    monkeypatch.chdir(repo.path / "models")
    assert nnlint("--baseline", f"../{BASELINE}", ".").exit_code == 0
    monkeypatch.chdir(repo.path.parent)
    assert nnlint("--baseline", f"project/{BASELINE}", "project/models").exit_code == 0


def test_machine_formats_show_only_new_findings_and_print_nothing_else(repo):
    nnlint("--write-baseline", BASELINE, "models/net.py")
    run = nnlint("--output-format", "json", "--baseline", BASELINE, "models")
    assert run.exit_code == 1 and run.stderr == ""
    assert [(f["filename"], f["code"]) for f in json.loads(run.stdout)] == [("models/head.py", "NN101")]
    stats = nnlint("--statistics", "--baseline", BASELINE, "models")
    assert [line.split("\t")[:2] for line in stats.stdout.splitlines()] == [["1", "NN101"]]


def test_unparsable_files_are_never_baselined(repo):
    repo.write({"models/broken.py": "def f(:\n"})
    written = nnlint("--write-baseline", BASELINE, "models")
    assert written.exit_code == 1 and "NN000" in written.stdout
    assert "NN000" not in (repo.path / BASELINE).read_text(encoding="utf-8")
    run = nnlint("--baseline", BASELINE, "models")
    assert run.exit_code == 1 and "models/broken.py:1:7: NN000" in run.stdout


@pytest.mark.parametrize("content, reason", [
    (None, "baseline file not found; create it with `nnlint --write-baseline"),
    ("{not json", "corrupt baseline (invalid JSON at line 1, column 2"),
    ('{"findings": []}', "not an nnlint baseline"),
    ('{"format": "nnlint-baseline", "version": 99, "findings": []}', "baseline version 99 is not supported"),
    ('{"format": "nnlint-baseline", "version": 1, "findings": [{"code": "NN101"}]}', "corrupt baseline"),
])
def test_unusable_baseline_is_a_usage_error_naming_the_file(repo, content, reason):
    if content is not None:
        (repo.path / "bad.json").write_text(content, encoding="utf-8")
    run = nnlint("--baseline", "bad.json", "models")
    assert run.exit_code == 2 and run.stdout == ""
    assert run.stderr.startswith("nnlint: error: bad.json: ") and reason in run.stderr


def test_unwritable_baseline_and_write_with_diff_base_are_usage_errors(repo):
    (repo.path / "blocker").write_text("a file, not a folder")
    run = nnlint("--write-baseline", "blocker/b.json", "models")
    assert run.exit_code == 2 and "blocker/b.json: cannot write the baseline" in run.stderr
    run = nnlint("--write-baseline", BASELINE, "--diff-base", "HEAD", "models")
    assert run.exit_code == 2 and "cannot be combined with --diff-base" in run.stderr
