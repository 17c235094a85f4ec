"""Fast tests of the verifier's parent side: no child process, no framework import."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from nnlint.cli import main
from nnlint.engine import lint_source
from nnlint.selection import Selection
from nnlint.verify import verdicts
from nnlint.verify.api import detect_framework
from nnlint.verify.fixing import _fallback
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


# -- the stand-in fixer (temporary, until nnlint.fix lands) -----------------------------------------

def fixed_once(text: str, code: str) -> str:
    diagnostics = [d for d in lint_source(text, "x.py") if d.code == code]
    assert diagnostics, "the fixture must have a finding"
    fixed = _fallback(text, diagnostics)
    ast.parse(fixed)
    assert not [d for d in lint_source(fixed, "x.py", Selection(select=[code]))]
    return fixed


def test_fallback_removes_a_sequential_output_relu():
    text = "import torch.nn as nn\nm = nn.Sequential(\n    nn.Linear(4, 2),\n    nn.ReLU(),\n)\n"
    assert fixed_once(text, "NN101") == "import torch.nn as nn\nm = nn.Sequential(\n    nn.Linear(4, 2)\n)\n"


def test_fallback_unwraps_a_returned_activation_and_drops_bias_false():
    text = (FIXTURES / "torch/regressor_forward.py").read_text()
    assert "return x  # expect: NN101\n" in fixed_once(text, "NN101")
    assert "nn.Linear(in_features, hidden)" in fixed_once(text, "NN201")
    assert 'kaiming_uniform_(self.fc1.weight, nonlinearity="relu")' in fixed_once(text, "NN301")


def test_fallback_offers_no_fix_for_an_activation_appended_in_a_loop():
    text = (FIXTURES / "torch/mlp_built_in_a_loop.py").read_text()
    diagnostics = [d for d in lint_source(text, "x.py") if d.code == "NN101"]
    assert _fallback(text, diagnostics) == text


def test_fallback_keras_initializer_and_activation_keyword():
    text = (FIXTURES / "verify/keras_models.py").read_text()
    assert 'kernel_initializer="he_normal"' in fixed_once(text, "NN301")
    assert 'layers.Dense(1),' in fixed_once(text, "NN101")


def test_fallback_moves_the_saver_after_the_train_op():
    from nnlint.diagnostics import Diagnostic, Severity

    text = (FIXTURES / "verify/tf1_saver_early.py").read_text()
    d = Diagnostic("NN401", "saver-before-optimizer-slots", Severity.ERROR, "", "x.py", 15, 9, 15, 9)
    lines = _fallback(text, [d]).splitlines()
    assert lines.index("saver = tf.train.Saver()") == lines.index(
        "train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)") + 1


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
