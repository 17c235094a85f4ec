"""The verifier end to end: a child process builds the fixture models (CPU, few steps, tiny models).

Each fixture runs once per module (the reports are cached) and several tests read the same report.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from nnlint.cli import main
from nnlint.verify import verify
from nnlint.verify.options import Options
from nnlint.verify.report import SCHEMA_JSON, to_json, to_text

ROOT = Path(__file__).resolve().parents[2]
VERIFY = ROOT / "fixtures" / "verify"
STEPS = 150

pytest.importorskip("torch")


def needs_tensorflow():
    pytest.importorskip("tensorflow")


def has_matplotlib() -> bool:
    import importlib.util

    return importlib.util.find_spec("matplotlib") is not None

_cache: dict = {}


def run(name: str, **options) -> dict:
    key = (name, tuple(sorted((k, json.dumps(v)) for k, v in options.items())))
    if key not in _cache:
        options.setdefault("steps", STEPS)
        options.setdefault("device", "cpu")
        _cache[key] = verify(str(VERIFY / name), Options(**options))
    return _cache[key]


def verdicts_of(report: dict) -> dict[tuple[str, int], str]:
    return {(f["code"], f["line"]): f["verdict"] for f in report["findings"]}


def cli(monkeypatch, *args) -> tuple[int, str]:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["verify", *args])
    return result.exit_code, result.output


# -- PyTorch -----------------------------------------------------------------------------------

def test_torch_nn101_confirmed_with_json_schema(monkeypatch):
    code, output = cli(monkeypatch, "fixtures/verify/torch_relu_head.py", "--steps", str(STEPS),
                       "--device", "cpu", "--output-format", "json")
    assert code == 0, output
    report = json.loads(output)
    jsonschema.validate(report, SCHEMA_JSON)
    assert report["device"] == "cpu" and report["framework"] == "torch"
    (finding,) = report["findings"]
    assert (finding["code"], finding["line"], finding["verdict"]) == ("NN101", 11, "confirmed")
    check = finding["checks"][0]
    assert check["model"] == "model" and check["input_shape"] == [1, 8]
    assert check["metrics"]["original"]["output_min"] >= 0 > check["metrics"]["fixed"]["output_min"]
    assert len(check["curves"]["original"]) == len(check["curves"]["fixed"]) == STEPS
    assert report["exit_code"] == 0
    _cache["cli-json"] = report


def test_torch_nn201_confirmed_with_overfit_and_plot(tmp_path):
    plot = tmp_path / "curves.png"
    report = run("torch_bias_free.py", overfit=True, plot=str(plot))
    assert set(verdicts_of(report).values()) == {"confirmed"} and len(report["findings"]) == 3
    check = report["findings"][0]["checks"][0]
    assert check["model"] == "net" and check["metrics"]["original"]["output_at_zero"] == 0
    assert [(e["model"], e["variant"], e["verdict"]) for e in report["overfit"]] == [
        ("net", "original", "passed"), ("net", "fixed", "passed")]
    assert set(report["overfit"][0]["gradient_norms"]) == {"fc1", "fc2", "out"}
    if has_matplotlib():
        assert report["plot"]["written"] and plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    else:  # matplotlib is an optional extra: a one-line hint instead
        assert not report["plot"]["written"] and 'pip install "nnlint[plot]"' in report["plot"]["reason"]
    jsonschema.validate(json.loads(to_json(report)), SCHEMA_JSON)


def test_torch_nn301_confirmed_through_a_named_class():
    report = run("torch_small_init.py::DeepMLP")
    (finding,) = report["findings"]
    assert finding["verdict"] == "confirmed", finding
    metrics = finding["checks"][0]["metrics"]
    assert metrics["original"]["depth_ratio"] < 1e-3 < metrics["fixed"]["depth_ratio"]
    assert len(metrics["original"]["layer_std"]) == 6
    assert "layer std" in to_text(report)


def test_model_that_needs_init_args(monkeypatch):
    code, output = cli(monkeypatch, "fixtures/verify/torch_needs_args.py", "--steps", str(STEPS))
    assert code == 2, output
    assert "--init-args '{\"in_features\": ...}'" in output and "skipped" in output
    report = run("torch_needs_args.py", init_args={"in_features": 12})
    assert verdicts_of(report) == {("NN101", 13): "confirmed"}
    assert report["findings"][0]["checks"][0]["input_shape"] == [1, 12]


def test_import_error_is_reported_with_user_frames_only():
    started = time.perf_counter()
    report = run("torch_import_raises.py", timeout=60)
    assert time.perf_counter() - started < 30
    (finding,) = report["findings"]
    assert finding["verdict"] == "error" and "FileNotFoundError" in finding["reason"]
    trace = finding["checks"][0]["trace"]
    assert "torch_import_raises.py" in trace and "load_config" in trace
    assert "nnlint" not in trace.replace("nnlint-verify-config", "")  # no verifier frames
    assert report["exit_code"] == 1


def test_endless_module_code_is_stopped_by_the_timeout():
    started = time.perf_counter()
    report = run("torch_loops_forever.py", timeout=4)
    elapsed = time.perf_counter() - started
    assert elapsed < 15
    (finding,) = report["findings"]
    assert finding["verdict"] == "error" and "timed out after 4 s" in finding["reason"]
    assert report["exit_code"] == 1


def test_results_are_deterministic_on_cpu(monkeypatch):
    first = _cache.get("cli-json") or json.loads(to_json(run("torch_relu_head.py")))
    second = json.loads(to_json(verify(str(VERIFY / "torch_relu_head.py"), Options(steps=STEPS, device="cpu"))))
    strip = lambda r: [c["curves"] for f in r["findings"] for c in f["checks"]]  # noqa: E731
    assert strip(first) == strip(second)


def test_missing_framework_gives_an_install_hint(tmp_path, monkeypatch):
    shim = tmp_path / "torch"
    shim.mkdir()
    (shim / "__init__.py").write_text("raise ModuleNotFoundError(\"No module named 'torch'\", name='torch')\n")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    report = verify(str(VERIFY / "torch_relu_head.py"), Options(steps=10))
    (finding,) = report["findings"]
    assert finding["verdict"] == "skipped" and 'pip install "nnlint[torch]"' in finding["reason"]
    assert report["exit_code"] == 2


def test_cuda_request_without_cuda_is_a_usage_error(monkeypatch):
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    code, output = cli(monkeypatch, "fixtures/verify/torch_relu_head.py", "--device", "cuda", "--steps", "5")
    assert code == 2 and "torch.cuda.is_available() is False" in output


# -- Keras and TF1 ------------------------------------------------------------------------------

def test_keras_models_confirm_nn101_nn201_nn301():
    needs_tensorflow()
    report = run("keras_models.py")
    assert report["framework"] == "keras"
    assert verdicts_of(report) == {("NN101", 10): "confirmed", ("NN201", 15): "confirmed",
                                   ("NN201", 16): "confirmed", ("NN201", 17): "confirmed",
                                   ("NN301", 21): "confirmed"}
    models = {f["code"]: f["checks"][0]["model"] for f in report["findings"]}
    assert models == {"NN101": "regressor", "NN201": "bias_free", "NN301": "deep"}
    jsonschema.validate(json.loads(to_json(report)), SCHEMA_JSON)


def test_tf1_saver_before_adam_slots_confirmed():
    needs_tensorflow()
    report = run("tf1_saver_early.py")  # NN401 found by the linter
    assert report["framework"] == "tf1"
    (finding,) = report["findings"]
    assert finding["verdict"] == "confirmed", finding
    metrics = finding["checks"][0]["metrics"]
    assert set(metrics["original"]["missing"]) == {"w/Adam", "w/Adam_1", "b/Adam", "b/Adam_1",
                                                   "beta1_power", "beta2_power"}
    assert metrics["fixed"]["missing"] == []
