"""The problem matchers (GitHub Actions' `.github/nnlint-problem-matcher.json`, the VS Code task in the docs)
applied by Node's own regular-expression engine to real `nnlint --output-format concise fixtures/` output:
every finding must come out with its file, line, column, severity, code and message."""

from __future__ import annotations

import json
import shlex
import subprocess

import pytest
import yaml

from helpers import ROOT, nnlint_process
from integration_helpers import require, snippet

GITHUB_MATCHER = ROOT / ".github" / "nnlint-problem-matcher.json"
#: GitHub reads only error/warning from the text; info findings have their own matcher, shown as notices
GITHUB_SEVERITY = {"error": "error", "warning": "warning", "info": "notice"}
FIELDS = ("file", "line", "column", "severity", "code", "message")

# Node applies each pattern to each line exactly as VS Code and the Actions runner's JavaScript side would.
NODE_MATCH = r"""
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const result = input.lines.map(line => input.patterns.map(source => {
  const match = new RegExp(source).exec(line);
  return match === null ? null : Array.from(match, group => group === undefined ? null : group);
}));
process.stdout.write(JSON.stringify(result));
"""


def node_match(patterns: list[str], lines: list[str]) -> list[list[list[str] | None]]:
    done = subprocess.run([require("node"), "-e", NODE_MATCH], input=json.dumps({"patterns": patterns, "lines": lines}),
                          capture_output=True, text=True, check=True, timeout=60)
    return json.loads(done.stdout)


def _command(args: list[str]) -> list[str]:
    """The snippet's nnlint arguments, linting fixtures/ instead of the workspace."""
    return [("fixtures/" if arg == "." else arg) for arg in args]


@pytest.fixture(scope="module")
def expected():
    run = nnlint_process("--output-format", "json", "fixtures/", cwd=ROOT)
    findings = json.loads(run.stdout)
    assert run.exit_code == 1 and len(findings) > 20 and {f["severity"] for f in findings} == {"error", "warning", "info"}
    assert any(f["cell"] is not None for f in findings)  # the fixture notebooks are in the output too
    return [_expected(f) for f in findings]


def _expected(f: dict) -> dict:
    message = " ".join(f["message"].split())
    if f["cell"] is None:
        return {"file": f["filename"], "line": str(f["line"]), "column": str(f["column"]), "severity": f["severity"],
                "code": f["code"], "message": message}
    # a notebook's finding: a problem of the notebook file, its message naming the cell (and keeping the concise
    # format's `[*]` when `--fix` would apply the fix)
    fixable = "[*] " if (f.get("fix") or {}).get("applicability") == "safe" else ""
    return {"file": f["filename"], "severity": f["severity"], "code": f["code"],
            "message": f"cell {f['cell']}:{f['line']}:{f['column']}: {f['code']} [{f['severity']}] {fixable}{message}"}


def _apply(pattern: dict, match: list[str], default_severity: str | None) -> dict:
    found = {field: match[pattern[field]] for field in FIELDS if field in pattern}
    found.setdefault("severity", default_severity)
    return found


def test_github_problem_matcher_reads_every_finding(expected):
    matchers = json.loads(GITHUB_MATCHER.read_text(encoding="utf-8"))["problemMatcher"]
    assert {m["owner"] for m in matchers} == {"nnlint", "nnlint-info", "nnlint-notebook", "nnlint-notebook-info"}
    patterns = [m["pattern"][0] for m in matchers]
    assert all(len(m["pattern"]) == 1 for m in matchers)  # single-line matchers
    # the README's workflow steps: register the matcher, run nnlint in concise format
    steps = yaml.safe_load(snippet("github-matcher-steps"))
    assert steps[0]["run"] == f'echo "::add-matcher::{GITHUB_MATCHER.relative_to(ROOT).as_posix()}"'
    command = shlex.split(steps[1]["run"])
    assert command[0] == "nnlint"
    run = nnlint_process(*_command(command[1:]), cwd=ROOT)
    lines = run.stdout.splitlines()
    assert run.exit_code == 1 and len(lines) == len(expected)

    found = []
    for line, per_matcher in zip(lines, node_match([p["regexp"] for p in patterns], lines)):
        hits = [(matcher, pattern, match) for matcher, pattern, match in zip(matchers, patterns, per_matcher) if match]
        assert len(hits) == 1, f"{len(hits)} matchers read {line!r}"
        matcher, pattern, match = hits[0]
        found.append(_apply(pattern, match, matcher.get("severity", "error")))
    assert found == [{**e, "severity": GITHUB_SEVERITY[e["severity"]]} for e in expected]
    # the summary line on stderr is not a finding
    assert node_match([p["regexp"] for p in patterns], run.stderr.splitlines()) == [[None] * 4] * len(run.stderr.splitlines())


def test_vscode_task_problem_matcher_reads_every_finding(expected):
    tasks = json.loads(snippet("vscode-tasks"))
    assert tasks["version"] == "2.0.0"
    task = tasks["tasks"][0]
    assert task["command"] == "nnlint"
    matchers = task["problemMatcher"]
    patterns = [matcher["pattern"] for matcher in matchers]
    assert all(m["owner"] == "nnlint" and m["fileLocation"][0] in ("relative", "autoDetect") for m in matchers)
    assert [p.get("kind", "location") for p in patterns] == ["location", "file"]  # notebooks: file-level problems
    run = nnlint_process(*_command(task["args"]), cwd=ROOT)
    lines = run.stdout.splitlines()
    assert run.exit_code == 1 and run.stderr == ""  # --quiet: nothing but findings
    found = []
    for line, per_pattern in zip(lines, node_match([p["regexp"] for p in patterns], lines)):
        hits = [(pattern, match) for pattern, match in zip(patterns, per_pattern) if match]
        assert len(hits) == 1, f"{len(hits)} patterns read {line!r}"
        found.append(_apply(*hits[0], None))
    assert found == expected  # VS Code knows error, warning and info


def test_matchers_cope_with_odd_paths_and_messages():
    github = [m["pattern"][0]["regexp"] for m in json.loads(GITHUB_MATCHER.read_text())["problemMatcher"]][:2]
    vscode = json.loads(snippet("vscode-tasks"))["tasks"][0]["problemMatcher"][0]["pattern"]["regexp"]
    lines = [
        r"C:\work\models\net.py:12:5: NN201 [warning] bias=False on `nn.Linear(4, 8)`: drop it [see: docs]",
        "models/with space: and colon.py:3:40: NN101 [error] relu on the output (`nn.ReLU()`): remove it",
        "src/a.py:1:1: NN111 [info] tanh between hidden layers: 10:20: still the message",
    ]
    want = [
        [r"C:\work\models\net.py", "12", "5", "NN201", "warning", "bias=False on `nn.Linear(4, 8)`: drop it [see: docs]"],
        ["models/with space: and colon.py", "3", "40", "NN101", "error", "relu on the output (`nn.ReLU()`): remove it"],
        ["src/a.py", "1", "1", "NN111", "info", "tanh between hidden layers: 10:20: still the message"],
    ]
    for line, groups, (gh_main, gh_info, vs) in zip(lines, want, node_match([*github, vscode], lines)):
        assert vs[1:] == groups
        assert (gh_main or gh_info)[1:] == (groups if gh_main else groups[:4] + groups[5:])
        assert (gh_main is None) == (groups[4] == "info") and (gh_info is None) == (groups[4] != "info")


def test_notebook_matchers_cope_with_odd_paths_and_leave_python_lines_alone():
    matchers = json.loads(GITHUB_MATCHER.read_text())["problemMatcher"]
    github = {m["owner"]: m["pattern"][0]["regexp"] for m in matchers}
    vscode = [m["pattern"]["regexp"] for m in json.loads(snippet("vscode-tasks"))["tasks"][0]["problemMatcher"]]
    lines = [
        "notebooks/with space: and colon.ipynb:cell 12:3:40: NN101 [error] relu on the output: 10:20: remove it",
        r"C:\work\eda.ipynb:cell 1:1:1: NN111 [info] tanh between hidden layers",
        "src/cell 3.py:2:5: NN201 [warning] bias=False on `nn.Linear(4, 8)`",  # a Python file, oddly named
    ]
    notebook_message = "cell 12:3:40: NN101 [error] relu on the output: 10:20: remove it"
    result = node_match([*github.values(), *vscode], lines)
    owners = list(github)
    hit = [[owners[i] if i < 4 else f"vscode{i - 4}" for i, match in enumerate(row) if match] for row in result]
    assert hit == [["nnlint-notebook", "vscode1"], ["nnlint-notebook-info", "vscode1"], ["nnlint", "vscode0"]]
    assert result[0][2][1:] == ["notebooks/with space: and colon.ipynb", notebook_message, "NN101", "error"]
    assert result[1][3][1:] == [r"C:\work\eda.ipynb", "cell 1:1:1: NN111 [info] tanh between hidden layers", "NN111"]
    assert result[0][5][1:] == ["notebooks/with space: and colon.ipynb", notebook_message, "NN101", "error"]
    assert result[2][0][1:4] == ["src/cell 3.py", "2", "5"]
