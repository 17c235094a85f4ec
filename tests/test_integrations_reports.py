"""Reports for code scanning: SARIF for GitHub (rule help, levels, fingerprints, relative URIs; schema-valid)
and GitLab Code Quality JSON, each produced by the README's own CI snippet."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
import yaml

from helpers import BIAS_OFF, RELU_HEAD, ROOT, need_module, nnlint, sarif_schema, write
from integration_helpers import snippet
from nnlint.rules import ALL_RULES

INFO_HIDDEN = "import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 2))\n"
MODEL = '''\
import torch.nn as nn

head = nn.Sequential(nn.Linear(4, 2), nn.ReLU())
head = nn.Sequential(nn.Linear(4, 2), nn.ReLU())


def other():
    model = nn.Sequential(nn.Linear(4, 2), nn.ReLU())
    return model
'''


@pytest.fixture
def project(tmp_path, monkeypatch):
    write(tmp_path, {"models/head.py": RELU_HEAD, "models/bias.py": BIAS_OFF, "models/hidden.py": INFO_HIDDEN,
                     "models/broken.py": "def f(:\n"})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _snippet_command(name: str) -> tuple[dict | list, list[str]]:
    """The snippet's YAML and the arguments of its `nnlint` command."""
    data = yaml.safe_load(snippet(name))
    text = json.dumps(data)
    command = re.search(r'(nnlint check [^"]*)', text).group(1)
    return data, shlex.split(command)[1:]


def _sarif(*args: str) -> dict:
    return json.loads(nnlint("--output-format", "sarif", *args).stdout)


def test_sarif_from_the_readme_snippet_validates_and_carries_rule_help(project):
    jsonschema = need_module("jsonschema")
    steps, args = _snippet_command("sarif-upload")
    args = [("models" if arg == "." else arg) for arg in args]
    run = nnlint(*args)
    assert run.exit_code == 0 and run.stdout == ""  # --exit-zero: the upload step still runs
    output = args[args.index("--output-file") + 1]
    assert steps[1]["with"]["sarif_file"] == output
    log = json.loads((project / output).read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(sarif_schema())
    errors = sorted(validator.iter_errors(log), key=str)
    assert errors == [], errors[0].message if errors else ""

    run_ = log["runs"][0]
    rules = {rule["id"]: rule for rule in run_["tool"]["driver"]["rules"]}
    docs = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for rule in [*ALL_RULES, None]:
        code = rule.code if rule else "NN000"
        descriptor = rules[code]
        assert descriptor["helpUri"].endswith("docs/rules.md#" + (f"{code}-{rule.name}" if rule else "nn000-unparsable-file").lower())
        assert f"## {code} " in docs
        assert 0 < len(descriptor["fullDescription"]["text"]) <= 1024
        assert descriptor["shortDescription"]["text"]
        assert descriptor["help"]["markdown"].startswith("## What it does")
        assert descriptor["helpUri"] in descriptor["help"]["markdown"]
        if rule:
            assert descriptor["help"]["markdown"].startswith(rule.documentation())
            assert descriptor["defaultConfiguration"]["level"] == levels[rule.severity.value]
            assert descriptor["defaultConfiguration"]["enabled"] is (not rule.opt_in)
    assert rules["NN000"]["defaultConfiguration"]["level"] == "error"

    assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"] == project.resolve().as_uri() + "/"
    results = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r for r in run_["results"]}
    assert set(results) == {"models/head.py", "models/bias.py", "models/hidden.py", "models/broken.py"}
    for result in results.values():
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert re.fullmatch(r"[0-9a-f]{32}", result["partialFingerprints"]["nnlint/v1"])
    assert [results[f"models/{name}.py"]["level"] for name in ("head", "bias", "hidden", "broken")] == [
        "error", "warning", "note", "error"]


def test_sarif_fingerprints_survive_unrelated_edits_and_tell_duplicates_apart(project):
    write(project, {"m.py": MODEL})
    before = [r["partialFingerprints"]["nnlint/v1"] for r in _sarif("m.py")["runs"][0]["results"]]
    assert len(before) == len(set(before)) == 3  # two identical lines: still two fingerprints
    edited = MODEL.replace("import torch.nn as nn\n", "import torch.nn as nn\nimport os\n\n\ndef helper():\n    pass\n")
    edited = edited.replace("    model = nn.Sequential(nn.Linear(4, 2), nn.ReLU())\n    return model",
                            "    if os.environ:\n        model =  nn.Sequential(nn.Linear(4, 2), nn.ReLU())  # reviewed\n"
                            "        return model")
    write(project, {"m.py": edited})
    after = _sarif("m.py")["runs"][0]["results"]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in after] == [8, 9, 14]
    assert [r["partialFingerprints"]["nnlint/v1"] for r in after] == before
    changed = edited.replace("head = nn.Sequential(nn.Linear(4, 2), nn.ReLU())\n\n", "head = nn.Sequential(nn.Linear(4, 3), nn.ReLU())\n\n")
    write(project, {"m.py": changed})
    third = [r["partialFingerprints"]["nnlint/v1"] for r in _sarif("m.py")["runs"][0]["results"]]
    assert third[0] == before[0] and third[2] == before[2] and third[1] != before[1]


def test_gitlab_report_from_the_readme_snippet(project):
    job, args = _snippet_command("gitlab-ci")
    args = [("models" if arg == "." else arg) for arg in args]
    output = args[args.index("--output-file") + 1]
    assert job["nnlint"]["artifacts"]["reports"]["codequality"] == output
    assert job["nnlint"]["artifacts"]["when"] == "always"  # the job fails on findings; keep the report
    run = nnlint(*args)
    assert run.exit_code == 1 and run.stdout == "" and run.stderr == ""
    issues = json.loads((project / output).read_text(encoding="utf-8"))
    assert nnlint("--output-format", "gitlab", "models").stdout == (project / output).read_text(encoding="utf-8")
    by_path = {issue["location"]["path"]: issue for issue in issues}
    assert set(by_path) == {"models/head.py", "models/bias.py", "models/hidden.py", "models/broken.py"}
    for issue in issues:
        assert isinstance(issue["description"], str) and issue["description"].startswith(issue["check_name"] + " ")
        assert re.fullmatch(r"NN\d{3}", issue["check_name"])
        assert re.fullmatch(r"[0-9a-f]{32}", issue["fingerprint"])
        assert isinstance(issue["location"]["lines"]["begin"], int)
        assert issue["type"] == "issue" and issue["categories"]
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)
    assert {path: (i["check_name"], i["severity"], i["location"]["lines"]["begin"]) for path, i in by_path.items()} == {
        "models/head.py": ("NN101", "critical", 2),
        "models/bias.py": ("NN201", "major", 2),
        "models/hidden.py": ("NN111", "info", 2),
        "models/broken.py": ("NN000", "blocker", 1),
    }


def test_gitlab_paths_are_relative_to_the_project_dir_and_fingerprints_survive_shifts(project, monkeypatch):
    first = json.loads(nnlint("--output-format", "gitlab", "models/head.py").stdout)[0]
    write(project, {"models/head.py": "# header\n\n\n" + RELU_HEAD})
    monkeypatch.chdir(project / "models")
    monkeypatch.setenv("CI_PROJECT_DIR", str(project))
    second = json.loads(nnlint("--output-format", "gitlab", "head.py").stdout)[0]
    assert second["location"] == {"path": "models/head.py", "lines": {"begin": 5, "end": 5}}
    assert second["fingerprint"] == first["fingerprint"]
