"""Fast tests of the verifier's parent side: no child process, no framework import."""

from __future__ import annotations

import ast
import json
import math
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from nnlint.cli import main
from nnlint.verify import catalog, experiments, file_facts, linting, plan, verdicts
from nnlint.verify.api import _prepare, exit_code, summary
from nnlint.verify.mapping import ModelMap
from nnlint.verify.options import UsageError, parse_findings, parse_init_args, parse_shape

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"


def names(text: str, line: int) -> list[str]:
    return [c.name for c in ModelMap(ast.parse(text)).candidates(line)]


def facts_of(text: str, tmp_path: Path, name: str = "model.py"):
    path = tmp_path / name
    path.write_text(text)
    linted = linting.lint_file(str(path))
    return linted, file_facts.describe(linted.facts)


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
    assert names(text, 3) == ["build"]  # the builder itself (its arguments are the child's business), not `m`


# -- the linter's facts, reused -------------------------------------------------------------------

def test_framework_comes_from_the_analysis(tmp_path):
    cases = {
        "import torch\nfrom torch import nn\nm = nn.Linear(2, 1)\n": "torch",
        "from tensorflow import keras\nm = keras.Sequential([keras.layers.Dense(1)])\n": "keras",
        "import tensorflow as tf\nx = tf.random.normal([2])\nm = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n": "keras",
        "import tensorflow.compat.v1 as tf\nx = tf.placeholder(tf.float32, [None, 2])\n": "tf1",
        "import numpy\nx = numpy.zeros(3)\n": None,
    }
    for text, expected in cases.items():
        assert facts_of(text, tmp_path)[1].framework == expected, text


def test_models_losses_optimizers_and_schedules_come_from_the_analysis(tmp_path):
    text = (FIXTURES / "verify/torch_step_decay.py").read_text()
    _, facts = facts_of(text, tmp_path)
    assert [m["name"] for m in facts.models] == ["model"]
    (optimizer,) = facts.optimizers
    assert (optimizer["qual"], optimizer["lr"], optimizer["adam"], optimizer["bound"]) == (
        "torch.optim.Adam", 1e-3, True, "optimizer")
    (schedule,) = facts.schedules
    assert schedule["qual"] == "torch.optim.lr_scheduler.StepLR"
    assert schedule["kwargs"] == {"step_size": 30, "gamma": 0.1} and schedule["bound"] == "scheduler"
    assert [loss["qual"] for loss in facts.losses] == ["torch.nn.CrossEntropyLoss"]
    assert facts.epochs == 100  # `for epoch in range(EPOCHS)`, EPOCHS bound once to 100


def test_a_module_level_instance_stands_for_its_class(tmp_path):
    text = ("import torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
            "        self.fc = nn.Linear(2, 1)\n    def forward(self, x):\n        return self.fc(x)\n"
            "net = Net().to('cpu')\n")
    _, facts = facts_of(text, tmp_path)
    assert [(m["name"], m["call"]) for m in facts.models] == [("net", False)]


def test_keras_string_losses_and_literal_keyword_learning_rates(tmp_path):
    text = (FIXTURES / "verify/keras_heads.py").read_text()
    _, facts = facts_of(text, tmp_path)
    assert [loss.get("string") for loss in facts.losses] == ["binary_crossentropy", "sparse_categorical_crossentropy",
                                                             "categorical_crossentropy", None]
    assert facts.losses[-1]["qual"] == "keras.losses.SparseCategoricalCrossentropy"
    assert facts.losses[-1]["kind"] == "softmax-logits"  # from_logits=True read from the call
    assert {m["name"] for m in facts.models} == {"spam", "digits", "topics", "normed"}


# -- the execution plan ---------------------------------------------------------------------------

PROGRAM = """\
import torch
from torch import nn
data = torch.randn(8, 4)
model = nn.Sequential(nn.Linear(4, 1))
optimizer = torch.optim.Adam(model.parameters())
for epoch in range(10):
    optimizer.zero_grad()
    model(data).sum().backward()
    optimizer.step()
history = train(model)
def helper():
    return 1
print(model)
torch.save(model.state_dict(), "m.pt")
if __name__ == "__main__":
    main()
"""


def test_plan_runs_what_verify_needs_once_and_skips_training_and_saving():
    stmts = plan.statements(ast.parse(PROGRAM))
    steps = plan.original_steps(stmts, {"model", "optimizer"})
    ran = {stmts[s.index].line for s in steps if s.run}
    assert ran == {1, 2, 3, 4, 5, 11, 13}  # imports, data, model, optimizer, the def, print(model)
    why = {stmts[s.index].line: s.why for s in steps if not s.run}
    assert "optimizer.step()" in why[6] or "backward()" in why[6]
    assert "__main__" in why[15] and "torch.save" in why[14]
    assert "train()" in why[10]  # a function from elsewhere whose name says it trains
    text = "\n".join(plan.describe(stmts, steps))
    assert "lines 6-9 did not run" in text


def test_a_skipped_action_runs_when_a_later_statement_reads_its_result():
    source = "import m\nmodel = m.build()\nhist = model.fit(1)\nsummary = m.plot(hist, model)\n"
    stmts = plan.statements(ast.parse(source))
    steps = plan.original_steps(stmts, {"model", "summary"})
    assert [s.run for s in steps] == [True, True, True, True]


def test_variant_reuses_unchanged_statements_and_reruns_what_depends_on_a_change():
    original = "import torch\ndata = load()\nnet = Net(relu=True)\nopt = Adam(net.parameters())\nstats = data.mean()\n"
    fixed = original.replace("relu=True", "relu=False")
    a, b = plan.statements(ast.parse(original)), plan.statements(ast.parse(fixed))
    ran = plan.original_steps(a, {"net", "opt"})
    steps = plan.variant_steps(a, ran, b)
    # the import runs again (cheap), the data load is shared, the changed model and its optimizer run again,
    # and `stats`, which verify does not need, runs in neither
    assert [(s.run, s.reuse) for s in steps] == [(True, None), (False, 1), (True, None), (True, None), (False, None)]


def test_variant_copies_an_object_a_changed_statement_mutates():
    original = "import keras\nm = keras.Sequential()\nm.compile(loss='x')\n"
    fixed = original.replace("'x'", "'y'")
    a, b = plan.statements(ast.parse(original)), plan.statements(ast.parse(fixed))
    steps = plan.variant_steps(a, plan.original_steps(a, {"m"}), b)
    assert [s.run for s in steps] == [True, True, True]  # m is rebuilt, not shared with the original


def test_variant_reruns_forced_statements_and_never_runs_what_the_original_skipped():
    original = "import tf\nx = tf.placeholder()\nsaver = tf.Saver()\nop = opt.minimize(x)\nsess.run(op)\n"
    fixed = "import tf\nx = tf.placeholder()\nop = opt.minimize(x)\nsaver = tf.Saver()\nsess.run(op)\n"
    a, b = plan.statements(ast.parse(original)), plan.statements(ast.parse(fixed))
    ran = plan.original_steps(a, {"saver", "op", "x"})
    steps = plan.variant_steps(a, ran, b, forced={1, 2, 3})
    assert [s.run for s in steps] == [True, True, True, True, False]


# -- counterfactual edits -------------------------------------------------------------------------

def test_saturating_activations_become_relu_in_their_spans_only():
    text = "x = torch.sigmoid(self.fc(x))\ny = torch.sigmoid(z)\nlayer = Dense(8, activation='tanh')\n"
    edited = experiments.hidden_activation_to_relu(text, [(1, 5, 1, 30), (3, 9, 3, 35)])
    assert edited == "x = torch.relu(self.fc(x))\ny = torch.sigmoid(z)\nlayer = Dense(8, activation='relu')\n"
    assert experiments.hidden_activation_to_relu("x = f(y)\n", [(1, 5, 1, 9)]) is None


# -- verdicts -------------------------------------------------------------------------------------

def test_fit_comparison():
    assert verdicts.compare_fits([4, 4, 4], [4, 1, 1e-6], 0.04)[0] == verdicts.CONFIRMED
    assert verdicts.compare_fits([4, 1e-5], [4, 1e-6], 0.04)[0] == verdicts.NOT_CONFIRMED  # both fit
    assert verdicts.compare_fits([4, 4], [4, 3], 0.04)[0] == verdicts.NOT_CONFIRMED  # neither fits
    assert verdicts.compare_fits([4, float("nan")], [4, 0.01], 0.04)[0] == verdicts.CONFIRMED


def test_signal_verdict_follows_the_ratio_it_shows():
    # issue 17: "not confirmed" while the ratio improved 0.09 -> 1.5 must not happen again
    verdict, reason = verdicts.compare_signal([1, 0.09], [1, 1.5])
    assert verdict == verdicts.CONFIRMED and "0.09 → 1.5" in reason
    assert verdicts.compare_signal([1, 0.95], [1, 1.0])[0] == verdicts.NOT_CONFIRMED
    assert verdicts.compare_signal([1, 1.0], [1, 1e-4])[0] == verdicts.NOT_CONFIRMED
    assert verdicts.compare_signal([1], [1])[0] == verdicts.NOT_CONFIRMED


def test_check_specific_criteria():
    assert verdicts.constant_output(0.0, 0.0, 1.0)[0] == verdicts.CONFIRMED
    assert verdicts.constant_output(0.3, 0.0, 0.5)[0] == verdicts.NOT_CONFIRMED
    assert verdicts.off_class_mass(0.5, 0.78, 0.99)[0] == verdicts.CONFIRMED
    assert verdicts.off_class_mass(0.45, 0.13, 0.99)[0] == verdicts.NOT_CONFIRMED
    assert verdicts.gradient_gain(0.004, 0.33)[0] == verdicts.CONFIRMED
    assert verdicts.gradient_gain(0.55, 0.63)[0] == verdicts.NOT_CONFIRMED
    assert verdicts.compare_setups([2, 1.8], [2, 0.17], ("a", "b"))[0] == verdicts.CONFIRMED
    assert verdicts.compare_setups([2, float("nan")], [2, 0.5], ("a", "b"))[0] == verdicts.CONFIRMED
    assert verdicts.compare_setups([2, 0.3], [2, 0.25], ("a", "b"))[0] == verdicts.NOT_CONFIRMED
    assert verdicts.resume_spike(0.01, [5.0, 0.02], [0.01, 0.01])[0] == verdicts.CONFIRMED
    assert verdicts.resume_spike(0.01, [0.01, 0.01], [0.01, 0.01])[0] == verdicts.NOT_CONFIRMED
    assert verdicts.dead_units(0.9, 0.1) and not verdicts.dead_units(0.3, 0.1)


def test_saver_comparison_and_overfit():
    everything = ["w", "w/Adam", "beta1_power"]
    assert verdicts.compare_savers((everything, ["w"]), (everything, everything))[0] == verdicts.CONFIRMED
    assert verdicts.compare_savers((everything, everything), (everything, everything))[0] == verdicts.NOT_CONFIRMED
    assert verdicts.overfit([1.0, 1e-4], None)[0] == verdicts.PASSED
    assert verdicts.overfit([1.0, 0.5], None)[0] == verdicts.FAILED
    assert "still falling" in verdicts.overfit([1.0] + [1 - i / 60 for i in range(50)], None)[1]
    assert verdicts.overfit([1.0, float("nan")], 1)[0] == verdicts.FAILED
    assert verdicts.gradient_flags({"a": 1e-9, "b": 1.0, "c": 1e6}) == {"a": "vanishing", "c": "exploding"}


def test_every_check_and_threshold_is_documented():
    doc = (ROOT / "docs" / "verify.md").read_text()
    for code, info in catalog.CHECKS.items():
        row = next((line for line in doc.splitlines() if line.startswith(f"| {code} ")), None)
        assert row is not None, f"{code} has no row in docs/verify.md"
    for name in ("FIT_TOLERANCE", "CLASS_FIT", "FIT_RATIO", "SIGNAL_MARGIN", "OFF_CLASS_MASS", "GRADIENT_GAIN",
                 "SETUP_RATIO", "DEAD_FRACTION", "RESUME_SPIKE", "DECAY_FACTOR", "OVERFIT_ORDERS"):
        value = getattr(verdicts, name)
        assert f"{value:g}" in doc, f"docs/verify.md does not state {name} = {value:g}"


def test_skip_reasons_say_why():
    assert "no run-time check exists for NN105" in catalog.skip_reason("NN105", "torch")
    assert "TF1 graph code" in catalog.skip_reason("NN101", "tf1")
    assert catalog.skip_reason("NN401", "tf1") is None and catalog.skip_reason("NN502", "keras") is None


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


def test_help_says_the_file_is_executed():
    output = CliRunner().invoke(main, ["verify", "--help"]).output
    assert "THIS EXECUTES THE FILE" in output and "temporary folder" in output
    assert "--memory-limit" in output and "--file-size-limit" in output


def test_suppressed_and_clean_files_have_nothing_to_verify(monkeypatch):
    monkeypatch.chdir(ROOT)
    for path in ("fixtures/verify/torch_suppressed.py", "fixtures/torch/resnet_clean.py"):
        result = CliRunner().invoke(main, ["verify", path, "--output-format", "json"])
        assert result.exit_code == 0, result.output
        report = json.loads(result.output)
        assert report["findings"] == [] and report["device"] is None


def test_cli_import_stays_free_of_frameworks():
    code = ("import sys, nnlint.cli, nnlint.verify.api, nnlint.verify.report, nnlint.verify.plan; "
            "bad = [m for m in ('torch', 'tensorflow', 'keras', 'matplotlib', 'numpy') if m in sys.modules]; "
            "sys.exit(1 if bad else 0)")
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_each_fix_check_isolates_its_rules_fix():
    path = str(FIXTURES / "torch/regressor_forward.py")
    linted = linting.lint_file(path)
    facts = file_facts.describe(linted.facts)
    findings, sources = _prepare(linted, ModelMap(linted.tree), facts.framework)
    assert {f["code"]: f["baseline"] for f in findings} == {
        "NN101": "without-NN101", "NN201": "without-NN201", "NN301": "without-NN301"}
    assert "return x  # expect: NN101" in sources["without-NN201"]  # NN101 fixed on both sides
    assert "bias=False" in sources["without-NN201"] and "bias=False" not in sources["fixed"]
    assert all(f["candidates"][0]["name"] == "Regressor" for f in findings)


def test_rules_without_a_fix_get_an_experiment_or_a_runtime_check():
    linted = linting.lint_file(str(FIXTURES / "verify/torch_sigmoid_hidden.py"))
    findings, sources = _prepare(linted, ModelMap(linted.tree), "torch")
    assert {f["variant"] for f in findings} == {"experiment-NN111"}  # the three sigmoids swapped at once
    assert sources["experiment-NN111"].count("torch.relu(") == 3
    linted = linting.lint_file(str(FIXTURES / "verify/torch_high_lr.py"))
    (finding,), sources = _prepare(linted, ModelMap(linted.tree), "torch")
    assert finding["variant"] is None and finding["verdict"] is None and set(sources) == {"original"}


def test_exit_codes():
    def report(verdict, **extra):
        finding = {"code": "NN101", "verdict": verdict, "reason": "r", "checks": [extra] if extra else []}
        value = {"findings": [finding], "overfit": []}
        value["summary"] = summary(value)
        return exit_code(value)

    assert report("confirmed") == 0
    assert report("not confirmed") == 1 and report("error") == 1
    assert report("skipped", needs="init-args") == 2


# -- containment, without a framework -----------------------------------------------------------------

def test_bounded_output_keeps_head_and_tail():
    from nnlint.verify.runner import BoundedOutput

    out = BoundedOutput(head=10, tail=10)
    for _ in range(1000):
        out.add(b"0123456789")
    assert out.total == 10000 and len(out.head) == 10 and len(out.tail) == 10
    assert "9980 bytes of output not kept" in out.text()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the process tree is read from /proc")
def test_process_tree_is_ended_even_after_setsid(tmp_path):
    from nnlint.verify import processes

    marker = tmp_path / "escaped"
    script = (
        "import os, sys, time\n"
        "if os.fork() == 0:\n"
        "    os.setsid()\n"  # the grandchild leaves the session and the process group
        "    if os.fork() == 0:\n"
        "        time.sleep(3)\n"
        f"        open({str(marker)!r}, 'w').write('x')\n"
        "        os._exit(0)\n"
        "    os._exit(0)\n"
        "time.sleep(30)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", "import ctypes, runpy, sys; "
                              "ctypes.CDLL(None).prctl(36, 1, 0, 0, 0); exec(sys.argv[1])", script],
                             start_new_session=True)
    import time

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and len(processes.tree(child.pid)) < 1:
        time.sleep(0.05)
    time.sleep(0.3)
    assert processes.tree(child.pid), "the double-forked grandchild should still be in the subreaper's tree"
    killed = processes.end_tree(child.pid, {})
    child.wait(timeout=10)
    assert killed >= 2
    time.sleep(3.5)
    assert not marker.exists()


# -- the text report never crashes --------------------------------------------------------------------

def test_report_with_checkless_findings_does_not_crash():
    # issue 17: KeyError: 'id' when two or more findings have no check
    from nnlint.verify.report import to_text

    finding = {"code": "NN101", "name": "output-activation", "line": 3, "column": 1, "message": "m",
               "verdict": "skipped", "reason": "r", "checks": [{"code": "NN101", "model": None, "verdict": "skipped",
                                                                 "reason": "r"}]}
    report = {"target": "t.py", "path": "t.py", "device": None, "seed": 0, "steps": 1, "notes": [],
              "findings": [finding, dict(finding, line=5)], "overfit": [], "summary": {}, "seconds": 0.1}
    assert "t.py:5:1: NN101" in to_text(report)


def _reports():
    from hypothesis import strategies as st

    verdict = st.sampled_from(list(verdicts.VERDICTS) + [None, "odd"])
    number = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True), st.integers(-5, 5))
    metrics = st.dictionaries(st.sampled_from(["original", "fixed", "target", "loss", "layer_std", "missing"]),
                              st.one_of(number, st.text(max_size=5),
                                        st.dictionaries(st.sampled_from(["final_loss", "layer_std", "missing", "loss"]),
                                                        st.one_of(number, st.text(max_size=3),
                                                                  st.lists(st.text(max_size=3), max_size=2),
                                                                  st.dictionaries(st.text(max_size=3), number,
                                                                                  max_size=3)),
                                                        max_size=4)),
                              max_size=4)
    check = st.fixed_dictionaries({"code": st.sampled_from(["NN101", "NN402", "NN601", "NN999"]), "verdict": verdict},
                                  optional={"id": st.one_of(st.none(), st.integers(0, 3)), "model": st.one_of(
                                      st.none(), st.text(max_size=4)), "reason": st.one_of(st.none(), st.text(max_size=8)),
                                      "metrics": metrics, "input_shape": st.lists(st.integers(1, 4), max_size=3),
                                      "seconds": number, "trace": st.text(max_size=20), "built": st.text(max_size=4)})
    finding = st.fixed_dictionaries({"code": st.sampled_from(["NN101", "NN201"]), "verdict": verdict},
                                    optional={"line": st.integers(1, 9), "column": st.integers(1, 9),
                                              "name": st.text(max_size=4), "reason": st.one_of(st.none(), st.text()),
                                              "checks": st.lists(check, max_size=3),
                                              "baseline_fixes": st.lists(st.sampled_from(["NN101", "NN201"]), max_size=2),
                                              "trace": st.text(max_size=10)})
    overfit = st.fixed_dictionaries({"verdict": verdict}, optional={
        "model": st.one_of(st.none(), st.text(max_size=4)), "variant": st.text(max_size=4),
        "reason": st.text(max_size=8), "gradient_norms": st.dictionaries(st.text(max_size=3), number, max_size=3),
        "loss": st.text(max_size=4), "trace": st.text(max_size=5)})
    return st.fixed_dictionaries({"findings": st.lists(finding, max_size=4)}, optional={
        "target": st.text(max_size=5), "path": st.text(max_size=5), "device": st.one_of(st.none(), st.text(max_size=4)),
        "versions": st.one_of(st.none(), st.text(max_size=4)), "seed": st.integers(0, 3), "steps": st.integers(1, 9),
        "notes": st.lists(st.text(max_size=5), max_size=2), "overfit": st.lists(overfit, max_size=3),
        "plot": st.one_of(st.none(), st.fixed_dictionaries({"written": st.booleans()}, optional={
            "path": st.text(max_size=4), "reason": st.text(max_size=4)})),
        "summary": st.dictionaries(st.sampled_from(["confirmed", "error", "overfit_passed"]), st.integers(0, 3)),
        "seconds": number, "executed": st.one_of(st.none(), st.fixed_dictionaries({}, optional={
            "statement": st.text(max_size=4), "not_run": st.lists(st.text(max_size=4), max_size=2)})),
        "time": st.one_of(st.none(), st.fixed_dictionaries({"child": number}, optional={"user_code": number,
                                                                                       "checks": number}))})


def test_text_report_never_crashes_on_any_report_shape():
    pytest.importorskip("hypothesis")
    from hypothesis import given, settings

    from nnlint.verify.report import to_json, to_text

    @settings(max_examples=300, deadline=None, derandomize=True)
    @given(_reports())
    def check(report):
        text = to_text(report)
        assert text.endswith("\n")
        for finding in report["findings"]:
            if "line" in finding:
                assert re.search(rf":{finding['line']}:", text)
        json.loads(to_json(report))

    check()


def test_json_report_writes_nan_as_null():
    from nnlint.verify.report import to_json

    assert json.loads(to_json({"a": [math.nan, math.inf, 1.0]})) == {"a": [None, None, 1.0]}


def test_timeouts_blame_whose_code_was_running():
    from types import SimpleNamespace

    from nnlint.verify.api import _timeout_reason
    from nnlint.verify.options import Options

    ours = SimpleNamespace(progress={"owner": "nnlint", "phase": "NN301 check on net", "line": 8,
                                     "totals": {"user": 0.2, "nnlint": 29.5}})
    text = _timeout_reason(ours, Options(timeout=30))
    assert "during nnlint's own NN301 check on net" in text and "not the file's fault" in text
    assert "the file's code had taken 0.2 s" in text
    theirs = SimpleNamespace(progress={"owner": "user", "phase": "running the file (original)", "line": 14})
    assert "while running the file's code at line 14" in _timeout_reason(theirs, Options(timeout=30))
    assert "before the file's code started" in _timeout_reason(SimpleNamespace(progress=None), Options(timeout=30))


def test_minimal_plan_runs_only_what_the_model_depends_on():
    source = ("import numpy as np\nimport cv2\nfrom torch import nn\nx_train = np.load('train.npy')\nn = 4\n"
              "model = nn.Linear(n, 1)\nmodel.apply(init)\nopt = make_opt(model)\nprint(x_train.shape)\n")
    stmts = plan.statements(ast.parse(source))
    steps = plan.original_steps(stmts, {"model"}, minimal=True, optional={"opt"})
    assert [s.run for s in steps] == [False, False, True, False, True, True, True, True, False]
    assert [s.optional for s in steps] == [False] * 7 + [True, False]  # may raise: verify goes on without it
    assert steps[3].why == "verify does not need what it binds: x_train"


def test_variant_shares_values_it_only_reads():
    original = "n = download()\nmodel = Net(n, relu=True)\n"
    fixed = original.replace("relu=True", "relu=False")
    a, b = plan.statements(ast.parse(original)), plan.statements(ast.parse(fixed))
    steps = plan.variant_steps(a, plan.original_steps(a, {"model"}), b)
    assert [(s.run, s.reuse) for s in steps] == [(False, 0), (True, None)]  # the download is not repeated
