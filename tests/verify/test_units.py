"""Fast tests of the verifier's parent side: no child process, no framework import."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from nnlint.cli import main
from nnlint.verify import verdicts
from nnlint.verify.api import detect_framework
from nnlint.verify.mapping import ModelMap
from nnlint.verify.options import UsageError, parse_findings, parse_init_args, parse_shape

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"


def names(text: str, line: int) -> list[str]:
    return [c.name for c in ModelMap(text).candidates(line)]


# -- which model a finding belongs to -------------------------------------------------------------

def test_finding_in_helper_maps_to_the_class_that_applies_it():
    text = (FIXTURES / "verify/torch_small_init.py").read_text()
    assert names(text, 8)[0] == "DeepMLP"


def test_finding_in_a_class_prefers_its_module_level_instance():
    text = (FIXTURES / "torch/dcgan_weights_init.py").read_text()
    assert names(text, 19)[:2] == ["netD", "Discriminator"]
    assert "netD" in names(text, 9)  # weights_init is applied by `netD.apply(weights_init)`


def test_module_level_findings_map_to_the_assigned_model_first():
    text = (FIXTURES / "verify/keras_models.py").read_text()
    assert names(text, 10)[0] == "regressor"
    assert names(text, 16)[0] == "bias_free"
    assert names(text, 21)[0] == "deep"


def test_main_block_is_never_a_candidate():
    text = "import torch\ndef build(k):\n    return k\nif __name__ == '__main__':\n    m = build(3)\n"
    assert names(text, 3) == []


# -- verdicts -------------------------------------------------------------------------------------

def test_fit_comparison():
    assert verdicts.compare_fits([4, 4, 4], [4, 1, 1e-6], 4)[0] == verdicts.CONFIRMED
    assert verdicts.compare_fits([4, 1e-5], [4, 1e-6], 4)[0] == verdicts.NOT_CONFIRMED  # both fit
    assert verdicts.compare_fits([4, 4], [4, 3], 4)[0] == verdicts.NOT_CONFIRMED  # neither fits


def test_signal_comparison():
    assert verdicts.compare_signal([1, 1e-3, 1e-6], [1, 1, 0.9], 80, 20)[0] == verdicts.CONFIRMED
    assert verdicts.compare_signal([1, 0.95], [1, 1.0], 20, 20)[0] == verdicts.NOT_CONFIRMED
    assert verdicts.compare_signal([1, 1e-6], [1, 1.0], 20, None)[0] == verdicts.NOT_CONFIRMED


def test_saver_comparison_and_overfit():
    everything = ["w", "w/Adam", "beta1_power"]
    assert verdicts.compare_savers((everything, ["w"]), (everything, everything))[0] == verdicts.CONFIRMED
    assert verdicts.compare_savers((everything, everything), (everything, everything))[0] == verdicts.NOT_CONFIRMED
    assert verdicts.overfit([1.0, 1e-4], None)[0] == verdicts.PASSED
    assert verdicts.overfit([1.0, 0.5], None)[0] == verdicts.FAILED
    assert verdicts.overfit([1.0, float("nan")], 1)[0] == verdicts.FAILED
    assert verdicts.gradient_flags({"a": 1e-9, "b": 1.0, "c": 1e6}) == {"a": "vanishing", "c": "exploding"}


# -- options and usage errors (exit code 2, no child) -----------------------------------------------

def test_option_parsing():
    assert parse_shape("1,3,32,32") == [1, 3, 32, 32]
    assert parse_init_args('{"in_features": 3}') == {"in_features": 3}
    assert parse_findings(["nn401:15"]) == [{"code": "NN401", "line": 15}]
    for bad in ("a,b", "0,3", "7"):
        with pytest.raises(UsageError):
            parse_shape(bad)
    with pytest.raises(UsageError):
        parse_init_args("[1")
    with pytest.raises(UsageError):
        parse_init_args("3")


@pytest.mark.parametrize("args, message", [
    (["verify", "missing.py"], "no such file"),
    (["verify", "fixtures/verify/torch_relu_head.py::Nope"], "no class, function or variable named 'Nope'"),
    (["verify", "fixtures/verify/torch_relu_head.py", "--input-shape", "x"], "--input-shape"),
    (["verify", "fixtures/verify/torch_relu_head.py", "--init-args", "{"], "--init-args"),
    (["verify", "fixtures/verify/torch_relu_head.py", "--device", "tpu"], "Invalid value"),
])
def test_usage_errors_exit_2(args, message, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_suppressed_and_clean_files_have_nothing_to_verify(monkeypatch):
    monkeypatch.chdir(ROOT)
    for path in ("fixtures/verify/torch_suppressed.py", "fixtures/torch/resnet_clean.py"):
        result = CliRunner().invoke(main, ["verify", path, "--output-format", "json"])
        assert result.exit_code == 0, result.output
        report = json.loads(result.output)
        assert report["findings"] == [] and report["device"] is None


def test_framework_detection():
    assert detect_framework("import torch\n", []) == "torch"
    assert detect_framework("from tensorflow import keras\n", []) == "keras"
    assert detect_framework("import tensorflow.compat.v1 as tf\n", []) == "tf1"
    assert detect_framework("import numpy\n", []) is None


def test_cli_import_stays_free_of_frameworks():
    code = ("import sys, nnlint.cli, nnlint.verify.api, nnlint.verify.report; "
            "bad = [m for m in ('torch', 'tensorflow', 'keras', 'matplotlib') if m in sys.modules]; "
            "sys.exit(1 if bad else 0)")
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_each_check_isolates_its_rules_fix():
    from nnlint.verify.api import _prepare

    path = str(FIXTURES / "torch/regressor_forward.py")
    text = Path(path).read_text()
    from nnlint.engine import lint_source

    report = {"fix_engine": None}
    findings, sources = _prepare(path, text, lint_source(text, path), ModelMap(text), report)
    assert {f["code"]: f["baseline"] for f in findings} == {
        "NN101": "without-NN101", "NN201": "without-NN201", "NN301": "without-NN301"}
    assert "return x  # expect: NN101" in sources["without-NN201"]  # NN101 fixed on both sides
    assert "bias=False" in sources["without-NN201"] and "bias=False" not in sources["fixed"]
    assert all(f["candidates"][0]["name"] == "Regressor" for f in findings)
