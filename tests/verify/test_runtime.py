"""The verifier end to end: a child process builds the fixture models (CPU, tiny models) and checks them.

Each fixture runs once (the reports are cached) and several tests read the same report. The runs are
started together, two at a time, when the module's first test runs: each is a child process that
mostly imports its framework, so two overlap well on the 2-core CI machine.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import textwrap
import time
from concurrent.futures import Future, ThreadPoolExecutor
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

pytest.importorskip("torch")
HAS_TENSORFLOW = __import__("importlib").util.find_spec("tensorflow") is not None

#: fixture -> (options, {(code, line): expected verdict})
FIXTURES = {
    "torch_relu_head.py": ({}, {("NN101", 11): "confirmed"}),
    "torch_bias_free.py": ({"overfit": True, "plot": "PLOT"},
                           {("NN201", 9): "confirmed", ("NN201", 10): "confirmed", ("NN201", 11): "confirmed"}),
    "torch_small_init.py::DeepMLP": ({}, {("NN301", 8): "confirmed"}),
    "torch_double_softmax.py": ({}, {("NN102", 14): "confirmed"}),
    "torch_probability_losses.py": ({}, {("NN104", 6): "confirmed"}),
    "torch_sigmoid_nll.py": ({"overfit": True}, {("NN106", 24): "confirmed"}),
    "torch_sigmoid_hidden.py": ({}, {("NN111", 15): "confirmed", ("NN111", 16): "confirmed",
                                     ("NN111", 17): "confirmed"}),
    "torch_resume.py": ({}, {("NN402", 20): "confirmed"}),
    "torch_step_decay.py": ({}, {("NN501", 9): "confirmed"}),
    "torch_high_lr.py": ({}, {("NN502", 6): "confirmed"}),
    "torch_batchnorm_batch1.py": ({}, {("NN601", 8): "confirmed"}),
    "torch_batchnorm2d_batch1.py": ({}, {("NN601", 13): "not confirmed"}),
    "torch_config_lstm.py": ({"overfit": True}, {("NN101", 29): "confirmed"}),
    "torch_needs_args.py": ({"init_args": {"in_features": 12}}, {("NN101", 13): "confirmed"}),
}
KERAS_FIXTURES = {
    "keras_models.py": ({}, {("NN101", 11): "confirmed", ("NN201", 16): "confirmed", ("NN201", 17): "confirmed",
                             ("NN201", 18): "confirmed", ("NN301", 22): "confirmed", ("NN201", 33): "confirmed",
                             ("NN201", 34): "confirmed"}),
    "keras_heads.py": ({}, {("NN103", 11): "confirmed", ("NN104", 20): "confirmed", ("NN106", 25): "not confirmed",
                            ("NN601", 38): "confirmed"}),
    "keras_raw_pixels.py": ({}, {("NN701", 21): "confirmed"}),
    "tf1_saver_early.py": ({"overfit": True, "plot": "PLOT"}, {("NN401", 15): "confirmed"}),
    "tf1_layers_saver.py": ({"overfit": True}, None),  # depends on whether tf_keras is installed
}
if HAS_TENSORFLOW:
    FIXTURES.update(KERAS_FIXTURES)

_pool = ThreadPoolExecutor(2)
_runs: dict[str, Future] = {}
_plots: dict[str, str] = {}
#: files written by the tests (the user's code as a practitioner writes it), run with the fixtures
WORK = Path(tempfile.mkdtemp(prefix="nnlint-verify-tests-"))
SCRIPTS: dict[str, tuple[str, dict]] = {}


def script(name: str, body: str, **options) -> None:
    (WORK / name).write_text(textwrap.dedent(body).lstrip().replace("WORK", str(WORK)))
    SCRIPTS[name] = (str(WORK / name), options)


script("runs_once.py", """
    import torch
    from torch import nn


    def download_vocabulary():
        open("WORK/ran.log", "a").write("download\\n")  # the model's size depends on it: it runs, once
        return 4


    def load_training_data():
        open("WORK/ran.log", "a").write("data\\n")  # verify trains on its own inputs: never runs
        return torch.randn(64, 4)


    n_features = download_vocabulary()
    x_train = load_training_data()
    model = nn.Sequential(nn.Linear(n_features, 8), nn.ReLU(), nn.Linear(8, 1), nn.ReLU())
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for step in range(3):
        open("WORK/ran.log", "a").write("training\\n")
        optimizer.zero_grad()
        model(x_train).sum().backward()
        optimizer.step()
    torch.save(model.state_dict(), "checkpoint.pt")
    """, overfit=True)
script("contained.py", """
    import os, sys, time
    from torch import nn
    if os.fork() == 0:  # a grandchild that leaves the session, then double-forks
        os.setsid()
        if os.fork() == 0:
            time.sleep(4)
            open("WORK/escaped.txt", "w").write("I escaped")
            os._exit(0)
        os._exit(0)
    sys.stdout.write("x" * 20_000_000)  # 20 MB of output
    sys.stdout.flush()
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1), nn.ReLU())
    """)
script("limits.py", """
    import numpy as np
    from torch import nn


    def write_cache():
        try:
            with open("big.bin", "wb") as handle:
                handle.write(b"0" * 3 * 1024 * 1024)
        except OSError as error:
            open("WORK/write.log", "w").write(str(error))
        return np.ones(6 * 1024 ** 3 // 8)  # 6 GB


    cache = write_cache()
    model = nn.Sequential(nn.Linear(4, len(cache) % 7 + 1), nn.ReLU())
    """, file_size_mb=1, memory_mb=3072, steps=5)
SCRIPTS["torch_import_raises.py"] = (str(VERIFY / "torch_import_raises.py"), {"steps": 10, "timeout": 60})
SCRIPTS["torch_loops_forever.py"] = (str(VERIFY / "torch_loops_forever.py"), {"timeout": 15})


def _options(name: str, options: dict) -> Options:
    options = dict(options, device="cpu")
    if options.get("plot") == "PLOT":
        _plots[name] = options["plot"] = str(WORK / f"{name.replace('.', '_').replace(':', '_')}.png")
    return Options(**options)


def start(name: str) -> Future:
    if name not in _runs:
        if name in SCRIPTS:
            path, options = SCRIPTS[name]
        else:
            path, options = str(VERIFY / name), FIXTURES[name][0]
        _runs[name] = _pool.submit(verify, path, _options(name, options))
    return _runs[name]


def report_of(name: str) -> dict:
    for other in [*FIXTURES, *SCRIPTS]:  # start every run on first use: two at a time, in order
        start(other)
    return start(name).result()


def verdicts_of(report: dict) -> dict[tuple[str, int], str]:
    return {(f["code"], f["line"]): f["verdict"] for f in report["findings"]}


def cli(monkeypatch, *args) -> tuple[int, str]:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["verify", *args])
    return result.exit_code, result.output


# -- every check, on its fixture -------------------------------------------------------------------

@pytest.mark.parametrize("name", [n for n, (_, expected) in FIXTURES.items() if expected])
def test_fixture_verdicts(name):
    report = report_of(name)
    assert verdicts_of(report) == FIXTURES[name][1], to_text(report)
    jsonschema.validate(json.loads(to_json(report)), SCHEMA_JSON)
    text = to_text(report)
    assert "the file is executed" in text
    for finding in report["findings"]:
        assert finding["reason"] and finding["verdict"] in ("confirmed", "not confirmed"), finding
        check = finding["checks"][0]
        if report["framework"] != "tf1":
            assert check["input"] and check["built"], check  # the report says how the model was built and fed


def test_verdicts_quote_their_deciding_numbers():
    nn301 = report_of("torch_small_init.py::DeepMLP")["findings"][0]["checks"][0]
    ratios = nn301["metrics"]["original"]["depth_ratio"], nn301["metrics"]["fixed"]["depth_ratio"]
    assert ratios[0] < 1e-3 < ratios[1]
    assert f"{ratios[0]:.3g} → {ratios[1]:.3g}" in nn301["reason"]
    assert len(nn301["metrics"]["original"]["layer_std"]) == 6
    nn102 = report_of("torch_double_softmax.py")["findings"][0]["checks"][0]
    assert nn102["metrics"]["original"]["final_loss"] > 1.4  # the double-softmax floor, log(9 + e) - 1
    assert nn102["metrics"]["fixed"]["first_layer_gradient"] > 5 * nn102["metrics"]["original"]["first_layer_gradient"]
    nn601 = report_of("torch_batchnorm_batch1.py")["findings"][0]
    assert "Expected more than 1 value per channel" in nn601["reason"]


def test_the_files_own_loss_optimizer_and_schedule_are_used():
    nn502 = report_of("torch_high_lr.py")["findings"][0]["checks"][0]["metrics"]
    assert nn502["original"]["optimizer"] == "Adam(lr=0.1)" and nn502["fixed"]["optimizer"] == "Adam(lr=0.001)"
    assert nn502["loss"] == "the file's CrossEntropyLoss"
    nn501 = report_of("torch_step_decay.py")["findings"][0]["checks"][0]["metrics"]
    assert nn501["lr_start"] == pytest.approx(1e-3) and nn501["lr_end"] == pytest.approx(1e-6)
    assert "100 epochs" in nn501["schedule"]  # EPOCHS = 100 in the file
    nn106 = report_of("torch_sigmoid_nll.py")
    assert "on log(output)" in nn106["findings"][0]["checks"][0]["metrics"]["loss"]
    (overfit,) = nn106["overfit"]
    assert overfit["verdict"] == "passed" and "nll_loss" in overfit["loss"] and overfit["optimizer"] == "Adam(lr=0.001)"


def test_overfit_and_plot():
    report = report_of("torch_bias_free.py")
    assert [(e["model"], e["variant"], e["verdict"]) for e in report["overfit"]] == [
        ("net", "original", "passed"), ("net", "fixed", "passed")]
    assert set(report["overfit"][0]["gradient_norms"]) == {"fc1", "fc2", "out"}
    assert report["plot"]["written"] and report["plot"]["panels"] == 3  # one NN201 check, two overfit curves
    assert Path(_plots["torch_bias_free.py"]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_real_models_are_built_config_objects_token_inputs_factories():
    report = report_of("torch_config_lstm.py")
    check = report["findings"][0]["checks"][0]
    assert check["input_shape"] == [1, 16] and "token ids in [0, 500)" in check["input"]
    assert check["built"] == "main()"  # the factory that builds RatingModel(ModelConfig())
    overfit = {e["variant"]: e for e in report["overfit"]}
    assert overfit["original"]["verdict"] == "failed" and "vanishing" in overfit["original"]["reason"]
    assert overfit["fixed"]["verdict"] == "passed"


def test_model_that_needs_init_args(monkeypatch):
    code, output = cli(monkeypatch, "fixtures/verify/torch_needs_args.py", "--steps", "50")
    assert code == 2, output
    assert "--init-args '{\"in_features\": ...}'" in output and "skipped" in output
    check = report_of("torch_needs_args.py")["findings"][0]["checks"][0]
    assert check["input_shape"] == [1, 12] and check["built"] == "Head(in_features=--init-args)"


def test_cli_json_output(monkeypatch):
    code, output = cli(monkeypatch, "fixtures/verify/torch_relu_head.py", "--device", "cpu", "--output-format", "json")
    assert code == 0, output
    report = json.loads(output)
    jsonschema.validate(report, SCHEMA_JSON)
    (finding,) = report["findings"]
    check = finding["checks"][0]
    assert check["model"] == "model" and check["input_shape"] == [1, 8]
    assert check["metrics"]["original"]["output_min"] >= 0 > check["metrics"]["fixed"]["output_min"]
    assert len(check["curves"]["original"]) == len(check["curves"]["fixed"]) == 300
    # deterministic on the CPU: the library call gave the same curves
    same = report_of("torch_relu_head.py")["findings"][0]["checks"][0]["curves"]
    assert check["curves"]["fixed"] == pytest.approx(same["fixed"], rel=1e-6, abs=1e-12)


@pytest.mark.skipif(not HAS_TENSORFLOW, reason="TensorFlow is not installed")
def test_keras_subclassed_models_are_built_before_their_weights_are_read():
    report = report_of("keras_models.py")
    scorer = next(f for f in report["findings"] if f["line"] == 33)["checks"][0]
    assert scorer["model"] == "Scorer" and "accepts any size" in scorer["input"]
    nn601 = next(f for f in report_of("keras_heads.py")["findings"] if f["code"] == "NN601")
    assert "the same for every input" in nn601["reason"]


@pytest.mark.skipif(not HAS_TENSORFLOW, reason="TensorFlow is not installed")
def test_tf1_graphs_saver_overfit_and_plot():
    report = report_of("tf1_saver_early.py")
    assert report["framework"] == "tf1"
    metrics = report["findings"][0]["checks"][0]["metrics"]
    assert set(metrics["original"]["missing"]) == {"w/Adam", "w/Adam_1", "b/Adam", "b/Adam_1", "beta1_power",
                                                   "beta2_power"}
    assert metrics["fixed"]["missing"] == []
    assert [e["variant"] for e in report["overfit"]] == ["original", "fixed"]
    assert all(e["curve"] and e["verdict"] in ("passed", "failed") for e in report["overfit"])
    assert "target [1, 1]" in report["overfit"][0]["input"]  # y reaches the loss only: fed as the target
    assert report["plot"]["written"] and report["plot"]["panels"] == 3


@pytest.mark.skipif(not HAS_TENSORFLOW, reason="TensorFlow is not installed")
def test_tf1_layers_need_a_keras_2_compatible_keras():
    report = report_of("tf1_layers_saver.py")
    (finding,) = report["findings"]
    if __import__("importlib").util.find_spec("tf_keras") is None:
        assert finding["verdict"] == "skipped" and "pip install tf_keras" in finding["reason"]
    else:
        assert finding["verdict"] == "confirmed"
        assert report["overfit"][0]["verdict"] == "passed"


# -- running the user's code: errors, time, containment ----------------------------------------------------

def test_import_error_is_reported_with_user_frames_only():
    report = report_of("torch_import_raises.py")
    (finding,) = report["findings"]
    assert finding["verdict"] == "error" and "FileNotFoundError" in finding["reason"] and "line 13" in finding["reason"]
    trace = finding["checks"][0]["trace"]
    assert "load_config" in trace
    files = re.findall(r'File "([^"]+)"', trace)
    assert files and all(f.endswith("torch_import_raises.py") for f in files)  # no frame of nnlint's own
    assert report["exit_code"] == 1


def test_endless_module_code_is_stopped_and_blamed_on_the_file():
    report = report_of("torch_loops_forever.py")
    (finding,) = report["findings"]
    assert finding["verdict"] == "error"
    assert "timed out after 15 s while running the file's code at line 12" in finding["reason"], finding["reason"]
    assert report["time"]["child"] < 25
    assert report["exit_code"] == 1


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


def test_file_runs_once_and_its_training_loop_never():
    report = report_of("runs_once.py")
    # once, for the original and the fixed model together; the training data, which verify does not use, never
    assert (WORK / "ran.log").read_text() == "download\n"
    assert [(f["code"], f["verdict"]) for f in report["findings"]][0] == ("NN101", "confirmed")
    not_run = " ".join(report["executed"]["not_run"])
    assert "line 16 did not run (verify does not need what it binds: x_train)" in not_run
    assert "lines 19-23 did not run (it calls" in not_run and "line 24 did not run (it calls torch.save())" in not_run
    assert report["executed"]["variants"]["fixed"]["reused"] >= 1
    assert not (WORK / "checkpoint.pt").exists() and not (ROOT / "checkpoint.pt").exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the process tree is read from /proc")
def test_child_processes_are_contained_and_output_is_bounded():
    report = report_of("contained.py")
    assert [f["verdict"] for f in report["findings"]] == ["confirmed"]
    assert report["executed"]["output_bytes"] >= 20_000_000
    time.sleep(5)
    assert not (WORK / "escaped.txt").exists(), "a process the file started outlived nnlint verify"


def test_memory_and_file_size_limits():
    report = report_of("limits.py")
    assert "File too large" in (WORK / "write.log").read_text()
    (finding,) = report["findings"]
    assert finding["verdict"] == "error" and "MemoryError" in finding["reason"], finding["reason"]
