"""The GitHub side, which cannot run here: the composite action, the workflows that dogfood it, the
pre-commit manifest and the README's action snippet are parsed and checked for structure (inputs that
exist, files that exist, nnlint options that exist), and the action's own shell steps are executed with
bash against a simulated pull request in a real git repository."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from pathlib import Path

import click
import pytest
import yaml

from helpers import BIAS_OFF, CLEAN, RELU_HEAD, ROOT
from integration_helpers import GitRepo, nnlint_on_path, require, snippet
from nnlint.cli import check
from nnlint.report import RENDERERS

ACTION = ROOT / "action.yml"
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
OPTIONS = {opt for param in check.params if isinstance(param, click.Option) for opt in param.opts + param.secondary_opts}


def _load(path: Path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # keep `on:` a string key


def _nnlint_commands(script: str) -> list[list[str]]:
    """The `nnlint check ...` command lines of a shell script, as words (variables left as they are)."""
    return [shlex.split(line.strip().split("||")[0]) for line in script.splitlines() if line.strip().startswith("nnlint check")]


def _assert_real_options(words: list[str]) -> None:
    for word in words:
        option = word.split("=")[0]
        if option.startswith("--") or re.fullmatch(r"-[a-z]", option):
            assert option in OPTIONS, f"{option} is not an option of `nnlint check`"
    if "--output-format" in words:
        value = words[words.index("--output-format") + 1]
        assert value.startswith("$") or value in RENDERERS, value


def test_action_structure():
    action = _load(ACTION)
    assert action["name"] and action["description"]
    assert action["runs"]["using"] == "composite"
    inputs = action["inputs"]
    assert {"args", "version", "sarif", "paths", "output-format"} <= set(inputs)
    assert all("description" in spec for spec in inputs.values())
    assert inputs["output-format"]["default"] in RENDERERS
    steps = action["runs"]["steps"]
    ids = []
    for step in steps:
        text = json.dumps(step)
        for expression in EXPRESSION.findall(text):
            for name in re.findall(r"inputs\.([\w-]+)", expression):
                assert name in inputs, f"undeclared input {name}"
            for step_id in re.findall(r"steps\.([\w-]+)\.", expression):
                assert step_id in ids, f"step {step_id} is used before it runs"
        for name in re.findall(r"(?<![\w.])inputs\.([\w-]+)", step.get("if", "")):
            assert name in inputs
        if "run" in step:
            assert step["shell"] == "bash"
            assert "${{" not in step["run"], "expressions go through env:, never into the script (injection)"
            for command in _nnlint_commands(step["run"]):
                _assert_real_options(command)
        else:
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@v\d+", step["uses"]), step["uses"]
        ids.append(step.get("id"))
    scripts = "\n".join(step.get("run", "") for step in steps)
    matcher = re.search(r"::add-matcher::\$NNLINT_ACTION_PATH/(\S+?)\"", scripts).group(1)
    assert (ROOT / matcher).is_file()
    owners = {m["owner"] for m in json.loads((ROOT / matcher).read_text())["problemMatcher"]}
    assert {re.search(r"owner=([\w-]+)", line).group(1) for line in scripts.splitlines() if "remove-matcher" in line} == owners
    for output in action["outputs"].values():
        assert EXPRESSION.search(output["value"]).group(1).split(".")[1] in ids


def test_workflows_dogfood_the_action_and_run_the_tests():
    assert {path.name for path in WORKFLOWS} >= {"nnlint.yml", "tests.yml"}
    inputs = _load(ACTION)["inputs"]
    used_locally = False
    for path in WORKFLOWS:
        workflow = _load(path)
        assert workflow["name"] and workflow["on"] and workflow["jobs"], path.name
        for job in workflow["jobs"].values():
            assert job["runs-on"] and job["steps"]
            for step in job["steps"]:
                uses = step.get("uses", "")
                if uses.startswith("./"):
                    used_locally = True
                    assert (ROOT / uses / "action.yml").is_file()
                    assert set(step.get("with", {})) <= set(inputs), set(step["with"]) - set(inputs)
                elif uses:
                    assert re.fullmatch(r"[\w.-]+/[\w./-]+@v\d+", uses), uses
                if "run" in step:
                    for word in shlex.split(step["run"]):
                        if re.fullmatch(r"[\w./-]+/[\w.-]+", word):
                            assert (ROOT / word).exists(), f"{path.name} runs {word}, which does not exist"
    assert used_locally, "no workflow uses the action of this repository (uses: ./)"
    dogfood = _load(ROOT / ".github" / "workflows" / "nnlint.yml")
    step = next(s for s in dogfood["jobs"]["nnlint"]["steps"] if s.get("uses") == "./")
    for target in step["with"]["paths"].split():
        assert (ROOT / target).is_dir() and not target.startswith(("fixtures", "tests"))
    assert "bash .ci/run" in json.dumps(_load(ROOT / ".github" / "workflows" / "tests.yml"))


def test_readme_action_snippet_uses_real_inputs():
    workflow = yaml.load(snippet("github-action"), Loader=yaml.BaseLoader)
    steps = workflow["jobs"]["nnlint"]["steps"]
    action_step = next(s for s in steps if s.get("uses", "").startswith("nnlint/nnlint@"))
    assert set(action_step["with"]) <= set(_load(ACTION)["inputs"])
    _assert_real_options(shlex.split(action_step["with"]["args"]))
    assert workflow["permissions"]["security-events"] == "write"


def test_pre_commit_manifest():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    by_id = {hook["id"]: hook for hook in hooks}
    assert set(by_id) == {"nnlint", "nnlint-fix"}
    for hook in hooks:
        assert hook["language"] == "python" and hook["types_or"] == ["python", "pyi", "jupyter"]
        assert "types" not in hook and hook["require_serial"] is True  # nnlint runs its own worker processes
        words = shlex.split(hook["entry"])
        assert words[:2] == ["nnlint", "check"] and "--force-exclude" in words
        _assert_real_options(words)
    # the pair prints each finding once: the fix hook applies fixes and reports nothing else
    assert "--fix-only" in by_id["nnlint-fix"]["entry"].split() and "--fix" not in by_id["nnlint"]["entry"]
    try:
        from pre_commit.clientlib import load_manifest
    except ImportError:  # pragma: no cover - the test extra installs pre-commit
        pytest.skip("pre-commit is not installed")
    assert [hook["id"] for hook in load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))] == ["nnlint", "nnlint-fix"]


class ActionRunner:
    """Runs the action's `run:` steps with bash, the way the runner would, expressions resolved."""

    def __init__(self, repo: GitRepo, tmp: Path, inputs: dict[str, str], github: dict[str, str]):
        action = _load(ACTION)
        self.steps = {step.get("name"): step for step in action["runs"]["steps"]}
        self.inputs = {name: spec.get("default", "") for name, spec in action["inputs"].items()} | inputs
        self.github = {"action_path": str(ROOT), **github}
        self.repo, self.tmp = repo, tmp
        self.env = nnlint_on_path(tmp / "bin")
        self.outputs: dict[str, dict[str, str]] = {}

    def _resolve(self, text: str) -> str:
        def value(match: re.Match) -> str:
            scope, _, name = match.group(1).partition(".")
            if scope == "inputs":
                return self.inputs[name]
            if scope == "github":
                return self.github.get(name.replace("event.pull_request.", "pr_"), "")
            step_id, _, key = name.partition(".outputs.")
            return self.outputs.get(step_id, {}).get(key, "")
        return EXPRESSION.sub(value, text)

    def run(self, name: str) -> subprocess.CompletedProcess:
        step = self.steps[name]
        output = self.tmp / f"output-{len(self.outputs)}"
        output.write_text("")
        env = {**self.env, "RUNNER_TEMP": str(self.tmp), "GITHUB_OUTPUT": str(output),
               **{key: self._resolve(value) for key, value in step.get("env", {}).items()}}
        done = subprocess.run([require("bash"), "-e", "-o", "pipefail", "-c", step["run"]], cwd=self.repo.path, env=env,
                              capture_output=True, text=True, timeout=120)
        if "id" in step:
            self.outputs[step["id"]] = dict(line.split("=", 1) for line in output.read_text().splitlines())
        return done


@pytest.fixture
def pull_request(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    base = repo.commit("main", {"src/legacy.py": RELU_HEAD, "src/clean.py": CLEAN, "docs/notes.txt": "x\n"})
    repo.git("checkout", "-q", "-b", "pr")
    repo.commit("pr", {"src/new model.py": BIAS_OFF, "src/clean.py": CLEAN + "\n", "docs/notes.txt": "y\n",
                       "other/outside.py": RELU_HEAD, "src/explore.ipynb": NOTEBOOK})
    return repo, base


#: RELU_HEAD as a notebook: NN101 in cell 2, on line 17 of the file (after 4 spaces and a quote)
NOTEBOOK = json.dumps({"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# explore"]},
                                 {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                                  "source": RELU_HEAD.splitlines(keepends=True)}],
                       "metadata": {}, "nbformat": 4, "nbformat_minor": 2}, indent=1) + "\n"


def test_action_lints_the_pull_requests_changed_python_files_and_fails(pull_request, tmp_path):
    repo, base = pull_request
    runner = ActionRunner(repo, tmp_path, {"paths": "src"}, {"event_name": "pull_request", "pr_base.sha": base})
    chosen = runner.run("Choose the files")
    assert chosen.returncode == 0, chosen.stderr
    assert runner.outputs["targets"]["count"] == "3"
    assert Path(runner.outputs["targets"]["list"]).read_bytes().split(b"\0")[:-1] == [
        b"src/clean.py", b"src/explore.ipynb", b"src/new model.py"]
    lint = runner.run("nnlint")
    assert lint.returncode == 1, lint.stderr
    lines = lint.stdout.splitlines()
    assert lines[0] == f"::add-matcher::{ROOT}/.github/nnlint-problem-matcher.json"
    assert lines[1].startswith("::error file=src/explore.ipynb,line=17,col=45,endLine=17,endColumn=54,")
    assert lines[1].endswith("::NN101 cell 2:2:40: relu on the model's output (`nn.ReLU()`, the last layer); remove "
                             "it: the model can never predict a negative value and the loss never sees raw logits")
    assert lines[2].startswith("::warning file=src/new model.py,line=2,col=39,")
    assert lines[3:] == ["::remove-matcher owner=nnlint::", "::remove-matcher owner=nnlint-info::",
                         "::remove-matcher owner=nnlint-notebook::", "::remove-matcher owner=nnlint-notebook-info::"]
    assert "legacy.py" not in lint.stdout  # unchanged by the pull request


def test_action_passes_when_a_pull_request_changes_no_python_file(pull_request, tmp_path):
    repo, base = pull_request
    runner = ActionRunner(repo, tmp_path, {"paths": "docs"}, {"event_name": "pull_request", "pr_base.sha": base})
    assert runner.run("Choose the files").returncode == 0
    lint = runner.run("nnlint")
    assert (lint.returncode, lint.stdout.strip()) == (0, "nnlint: no Python file to lint")


def test_action_on_push_lints_paths_with_args_and_writes_sarif(pull_request, tmp_path):
    repo, _ = pull_request
    runner = ActionRunner(repo, tmp_path, {"paths": "src other", "args": "--select NN101 --output-file report.txt",
                                           "output-format": "concise", "sarif": "true"}, {"event_name": "push"})
    assert runner.run("Choose the files").returncode == 0
    assert runner.outputs["targets"]["count"] == "2"
    lint = runner.run("nnlint")
    assert lint.returncode == 1
    report = (repo.path / "report.txt").read_text().splitlines()
    assert report == [line for line in report if " NN101 [error] " in line] and len(report) == 3  # one in the notebook
    sarif = runner.run("Write SARIF")
    assert sarif.returncode == 0, sarif.stderr
    log = json.loads((repo.path / runner.inputs["sarif-file"]).read_text())
    assert {r["ruleId"] for r in log["runs"][0]["results"]} == {"NN101"}


def test_action_splits_args_and_paths_as_a_shell_would(pull_request, tmp_path):
    repo, _ = pull_request
    runner = ActionRunner(repo, tmp_path, {"paths": "'src/new model.py' other",
                                           "args": '--select "NN1,NN2" --output-file "my report.txt" --fail-on=error',
                                           "output-format": "concise"}, {"event_name": "push"})
    assert runner.run("Choose the files").returncode == 0
    assert Path(runner.outputs["targets"]["list"]).read_bytes().split(b"\0")[:-1] == [b"src/new model.py", b"other"]
    lint = runner.run("nnlint")
    assert lint.returncode == 1, lint.stderr  # NN101 in other/outside.py is an error
    report = (repo.path / "my report.txt").read_text().splitlines()
    assert {re.search(r": (NN\d+) ", line).group(1) for line in report} == {"NN101", "NN201"}  # "NN1,NN2" arrived without quotes


def test_action_fails_on_an_unbalanced_quote_instead_of_linting_without_the_args(pull_request, tmp_path):
    repo, _ = pull_request
    runner = ActionRunner(repo, tmp_path, {"paths": "src", "args": '--select "NN1'}, {"event_name": "push"})
    assert runner.run("Choose the files").returncode == 0
    lint = runner.run("nnlint")
    assert lint.returncode != 0 and "No closing quotation" in lint.stderr
    assert "::add-matcher::" not in lint.stdout
