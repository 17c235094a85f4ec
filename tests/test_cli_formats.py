"""Every output format through the CLI: shape, stdout/stderr split, colour, --output-file, --statistics."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers import BIAS_OFF, CLEAN, RELU_HEAD, need_module, nnlint, sarif_schema, write
from nnlint.diagnostics import Diagnostic, Severity
from nnlint.report import github

FORMATS = ["full", "concise", "json", "github", "sarif"]
ANSI = re.compile(r"\x1b\[[0-9;]*m")
CONCISE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>NN\d{3}) \[(?P<sev>error|warning|info)\] (?P<msg>\S.*)$")


@pytest.fixture
def project(tmp_path, monkeypatch):
    write(tmp_path, {"models/head.py": RELU_HEAD, "models/bias.py": BIAS_OFF, "models/clean.py": CLEAN})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_full_prints_location_code_message_and_caret(project):
    run = nnlint("models/head.py")
    assert run.exit_code == 1
    lines = run.stdout.splitlines()
    assert lines[0].startswith("models/head.py:2:40: NN101 relu on the model's output")  # an unsafe fix: no [*]
    assert lines[2] == "2 | model = nn.Sequential(nn.Linear(4, 2), nn.ReLU())"
    caret = lines[3]
    assert caret == "  | " + " " * 39 + "^" * len("nn.ReLU()")
    assert "Found 1 finding in 1 of 1 file checked." in run.stderr
    assert "Found" not in run.stdout


def test_full_caret_keeps_tabs_in_padding(tmp_path, monkeypatch):
    write(tmp_path, {"t.py": "import torch.nn as nn\nif True:\n\tmodel = nn.Sequential(nn.Linear(4, 2), nn.ReLU())\n"})
    monkeypatch.chdir(tmp_path)
    lines = nnlint("t.py").stdout.splitlines()
    source, caret = lines[2], lines[3]
    assert source == "3 | \tmodel = nn.Sequential(nn.Linear(4, 2), nn.ReLU())"
    assert caret.startswith("  | \t" + " " * 39 + "^^^")


def test_concise_is_exactly_one_line_per_finding(project):
    run = nnlint("--output-format", "concise", "models")
    assert run.exit_code == 1
    lines = run.stdout.splitlines()
    assert len(lines) == 2
    parsed = [CONCISE.match(line).groupdict() for line in lines]
    assert [(p["path"], p["line"], p["col"], p["code"], p["sev"]) for p in parsed] == [
        ("models/bias.py", "2", "39", "NN201", "warning"),
        ("models/head.py", "2", "40", "NN101", "error"),
    ]
    assert "Found 2 findings in 2 of 3 files checked." in run.stderr


def test_json_objects_have_the_documented_keys(project):
    run = nnlint("--output-format", "json", "models")
    assert run.exit_code == 1
    assert run.stderr == ""  # no summary line for machine formats
    findings = json.loads(run.stdout)
    assert [f["code"] for f in findings] == ["NN201", "NN101"]
    first = findings[0]
    assert set(first) == {"code", "name", "severity", "message", "filename", "cell", "line", "column",
                          "end_line", "end_column", "location", "end_location", "noqa_row", "fix", "url"}
    assert first["cell"] is None  # a Python file; notebooks: tests/test_notebook_cli.py
    assert first["location"] == {"row": 2, "column": 39} and first["end_location"] == {"row": 2, "column": 49}
    assert first["noqa_row"] == 2
    assert first["name"] == "bias-disabled" and first["severity"] == "warning"
    assert (first["filename"], first["line"], first["column"], first["end_line"], first["end_column"]) == (
        "models/bias.py", 2, 39, 2, 49)
    assert first["fix"]["message"] == "Remove `bias=False`"  # fixes: tests/test_fixes.py
    assert first["url"].endswith("docs/rules.md#nn201-bias-disabled")


def test_json_of_a_clean_tree_is_an_empty_list(project):
    run = nnlint("--output-format", "json", "models/clean.py")
    assert (run.exit_code, json.loads(run.stdout), run.stderr) == (0, [], "")


def test_github_workflow_commands_by_severity(project):
    run = nnlint("--output-format", "github", "models")
    assert run.exit_code == 1 and run.stderr == ""
    lines = run.stdout.splitlines()
    assert lines[0].startswith("::warning file=models/bias.py,line=2,col=39,endLine=2,endColumn=49,"
                               "title=NN201 bias-disabled::NN201 bias=False on")
    assert lines[1].startswith("::error file=models/head.py,line=2,col=40,")


def test_github_escapes_data_and_properties_and_maps_info_to_notice():
    d = Diagnostic("NN105", "bounded-output", Severity.INFO, "50% of it\nsecond line", "a,b:c.py", 3, 1, 3, 5)
    line = github.render([d])
    assert line == ("::notice file=a%2Cb%3Ac.py,line=3,col=1,endLine=3,endColumn=5,title=NN105 bounded-output"
                    "::NN105 50%25 of it%0Asecond line\n")


def _schema():
    return sarif_schema()


def test_sarif_validates_against_the_schema_and_describes_every_rule(project):
    jsonschema = need_module("jsonschema")
    write(project, {"models/with space.py": RELU_HEAD, "models/broken.py": "def f(:\n"})
    run = nnlint("--output-format", "sarif", "models")
    assert run.exit_code == 1 and run.stderr == ""
    log = json.loads(run.stdout)
    validator = jsonschema.Draft7Validator(_schema(), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(log), key=str)
    assert errors == [], errors[0].message if errors else ""
    run_ = log["runs"][0]
    from nnlint.rules import ALL_RULES

    described = {rule["id"] for rule in run_["tool"]["driver"]["rules"]}
    assert {rule.code for rule in ALL_RULES} | {"NN000"} <= described
    by_uri = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r for r in run_["results"]}
    assert set(by_uri) == {"models/bias.py", "models/head.py", "models/with%20space.py", "models/broken.py"}
    head = by_uri["models/head.py"]
    assert head["ruleId"] == "NN101" and head["level"] == "error"
    assert run_["tool"]["driver"]["rules"][head["ruleIndex"]]["id"] == "NN101"
    assert head["locations"][0]["physicalLocation"]["region"]["startColumn"] == 40
    assert head["partialFingerprints"]["nnlint/v1"]
    assert by_uri["models/broken.py"]["ruleId"] == "NN000"


def test_sarif_fingerprint_survives_lines_added_above(project):
    first = json.loads(nnlint("--output-format", "sarif", "models/head.py").stdout)
    write(project, {"models/head.py": "# a comment\n\n" + RELU_HEAD})
    second = json.loads(nnlint("--output-format", "sarif", "models/head.py").stdout)
    fp = [log["runs"][0]["results"][0]["partialFingerprints"]["nnlint/v1"] for log in (first, second)]
    assert fp[0] == fp[1]


@pytest.mark.parametrize("fmt", ["full", "concise"])
def test_summary_goes_to_stderr_and_quiet_hides_it(project, fmt):
    assert "Found 1 finding" in nnlint("--output-format", fmt, "models/head.py").stderr
    assert nnlint("--output-format", fmt, "-q", "models/head.py").stderr == ""


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_colour_unless_forced_and_no_color_wins(project, fmt):
    plain = nnlint("--output-format", fmt, "models/head.py")
    assert not ANSI.search(plain.stdout + plain.stderr)  # not a TTY
    both = nnlint("--output-format", fmt, "models/head.py", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert not ANSI.search(both.stdout + both.stderr)


def test_force_color_colours_the_human_formats_only(project):
    forced = nnlint("models/head.py", env={"FORCE_COLOR": "1"})
    assert ANSI.search(forced.stdout) and ANSI.search(forced.stderr)
    assert ANSI.sub("", forced.stdout) == nnlint("models/head.py").stdout
    for fmt in ("json", "github", "sarif", "concise"):
        assert not ANSI.search(nnlint("--output-format", fmt, "models/head.py", env={"FORCE_COLOR": "1"}).stdout)


def test_colour_on_a_tty(project, monkeypatch):
    from nnlint.report import style

    class Tty:
        def isatty(self):
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert style.use_color(Tty()) is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert style.use_color(Tty()) is False
    monkeypatch.setenv("NO_COLOR", "")  # empty means unset, per no-color.org
    assert style.use_color(Tty()) is True


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_file_receives_the_report_and_stdout_stays_empty(project, fmt):
    expected = nnlint("--output-format", fmt, "models").stdout
    run = nnlint("--output-format", fmt, "--output-file", "out/report.txt", "models", env={"FORCE_COLOR": "1"})
    assert run.exit_code == 1
    assert run.stdout == ""
    written = (project / "out/report.txt").read_text(encoding="utf-8")
    assert not ANSI.search(written)  # never colour in a file
    if fmt == "sarif":  # identical but for nothing: no timestamps in the log
        assert json.loads(written) == json.loads(expected)
    else:
        assert written == expected


def test_output_file_that_cannot_be_written_is_a_usage_error(project):
    (project / "blocker").write_text("a file, not a folder")
    run = nnlint("--output-file", "blocker/report.txt", "models")
    assert run.exit_code == 2
    assert "blocker/report.txt" in run.stderr and "cannot write" in run.stderr


@pytest.mark.parametrize("fmt", ["full", "concise", "github", "sarif"])
def test_statistics_replaces_the_listing_with_a_table(project, fmt):
    write(project, {"models/head2.py": RELU_HEAD})
    run = nnlint("--statistics", "--unsafe-fixes", "--output-format", fmt, "models")
    assert run.exit_code == 1
    rows = [line.split("\t") for line in run.stdout.splitlines()]
    assert [(count, code) for count, code, _ in rows] == [("2", "NN101"), ("1", "NN201")]
    assert rows[0][2].strip().startswith("[*] output-activation: ")
    assert "models/head.py" not in run.stdout


def test_statistics_in_json_is_a_list_of_counts(project):
    write(project, {"models/head2.py": RELU_HEAD, "models/broken.py": b"\x00\x01"})
    run = nnlint("--statistics", "--output-format", "json", "models")
    assert json.loads(run.stdout) == [
        {"code": "NN101", "name": "output-activation", "count": 2, "fixable": False, "fixable_count": 0},
        {"code": "NN000", "name": "unparsable-file", "count": 1, "fixable": False, "fixable_count": 0},
        {"code": "NN201", "name": "bias-disabled", "count": 1, "fixable": False, "fixable_count": 0},
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_statistics_with_output_file(project, fmt):
    run = nnlint("--statistics", "--output-format", fmt, "-o", "stats.out", "models")
    assert run.exit_code == 1 and run.stdout == ""
    text = (project / "stats.out").read_text()
    assert "NN101" in text and "NN201" in text


def test_statistics_of_a_clean_tree(project):
    assert nnlint("--statistics", "models/clean.py").stdout == ""
    assert json.loads(nnlint("--statistics", "--output-format", "json", "models/clean.py").stdout) == []
