"""The result cache: hits, misses on every change that matters, corrupt and foreign entries, concurrent
writers, where it lives, and `nnlint clean`."""

from __future__ import annotations

import json
import multiprocessing
import os

import pytest

from helpers import BIAS_OFF, CLEAN, RELU_HEAD, nnlint, write
from nnlint import cache as cache_module
from nnlint.cache import Cache, cache_dir, is_cache_dir
from nnlint.config import Config
from nnlint.engine import Linter
from nnlint.rules import ALL_RULES
from nnlint.selection import Selection


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    write(tmp_path, {"a.py": RELU_HEAD, "b.py": BIAS_OFF, "c.py": CLEAN, "bad.py": "import torch\ndef f(:\n"})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def entries(directory) -> list:
    return sorted(p for p in directory.rglob("*") if p.is_file() and p.parent.parent.name.startswith("v"))


def run(directory, paths=("a.py", "b.py", "c.py", "bad.py"), selection=None, options=None, jobs=1):
    config = Config()
    if options:
        config.rule_options["adam-lr-threshold"] = options
    cache = Cache(directory, config.options())
    linter = Linter(config, selection, cache=cache, jobs=jobs)
    return linter.lint_paths(list(paths)).diagnostics, cache


def test_second_run_is_served_from_the_cache(project, tmp_path):
    store = tmp_path / "store"
    first, cold = run(store)
    second, warm = run(store)
    assert (cold.hits, cold.misses) == (0, 4) and (warm.hits, warm.misses) == (4, 0)
    assert second == first and any(d.fix is not None for d in second)
    assert (store / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (store / ".gitignore").read_text().splitlines()[-1] == "*"


@pytest.mark.internal_errors_reported
def test_parse_errors_are_cached_internal_errors_are_not(project, tmp_path, monkeypatch):
    store = tmp_path / "store"
    run(store, ["bad.py"])
    assert len(entries(store)) == 1
    rule = next(r for r in ALL_RULES if r.code == "NN101")
    monkeypatch.setattr(rule, "check", lambda self, facts: 1 / 0)
    found, _ = run(store, ["a.py"])
    assert [d.name for d in found] == ["internal-error"]
    assert len(entries(store)) == 1


@pytest.mark.parametrize("change", ["content", "selection", "options", "plugins", "version"])
def test_a_change_that_matters_is_a_miss(project, tmp_path, monkeypatch, change):
    store = tmp_path / "store"
    run(store, ["a.py"])
    kwargs = {}
    if change == "content":
        (project / "a.py").write_text(RELU_HEAD + "# edited\n")
    elif change == "selection":
        kwargs["selection"] = Selection(ignore=["NN2"])
    elif change == "options":
        kwargs["options"] = 0.5
    elif change == "plugins":  # a rule plugin installed, removed or upgraded
        from nnlint.rules import registry

        monkeypatch.setattr(registry, "fingerprint", lambda: "another-plugin-set")
    else:
        monkeypatch.setattr(cache_module, "__version__", "99.0")
    found, again = run(store, ["a.py"], **kwargs)
    assert (again.hits, again.misses) == (0, 1)
    assert [d.code for d in found] == ["NN101"]
    assert found[0].fix is not None and found[0].fix.edits is None  # what the rule offers, not its edits


def test_same_contents_elsewhere_is_a_hit_reported_at_its_own_path(project, tmp_path):
    store = tmp_path / "store"
    write(project, {"copy/a.py": RELU_HEAD})
    run(store, ["a.py"])
    found, again = run(store, ["copy/a.py"])
    assert again.hits == 1 and [d.path for d in found] == [os.path.join("copy", "a.py")]


@pytest.mark.parametrize("damage", [b"", b"{not json", b"[]", b'{"format": 2, "key": "x", "diagnostics": []}',
                                    b'{"format": 2, "key": "KEY", "diagnostics": [["NN101", 1]]}',
                                    b'{"format": 2, "key": "KEY", "diagnostics": [[1,2,3,4,5,6,7,8,9,10,11,12]]}'])
def test_a_corrupt_or_foreign_entry_is_ignored_and_replaced(project, tmp_path, damage):
    store = tmp_path / "store"
    expected, _ = run(store, ["a.py"])
    entry, = entries(store)
    entry.write_bytes(damage.replace(b"KEY", entry.name.encode()))
    found, again = run(store, ["a.py"])
    assert found == expected and (again.hits, again.misses) == (0, 1)
    assert json.loads(entry.read_bytes())["key"] == entry.name
    assert run(store, ["a.py"])[1].hits == 1


def test_an_entry_copied_under_another_name_is_not_trusted(project, tmp_path):
    store = tmp_path / "store"
    run(store, ["a.py", "c.py"])
    first, second = entries(store)
    first.write_bytes(second.read_bytes())
    _, again = run(store, ["a.py", "c.py"])
    assert again.hits == 1 and again.misses == 1


def _hammer(directory: str, rounds: int) -> None:
    for _ in range(rounds):
        run(directory)


def test_concurrent_runs_never_corrupt_the_cache(project, tmp_path):
    store = tmp_path / "store"
    expected, _ = run(store)
    for entry in entries(store):
        entry.unlink()
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_hammer, args=(str(store), 15)) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    found, again = run(store)
    assert found == expected and again.hits == 4
    assert not [p for p in store.rglob(".tmp-*")]


def test_an_unwritable_cache_is_no_cache(project, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    found, cache = run(blocker / "cache", ["a.py"])
    assert [d.code for d in found] == ["NN101"]


# -- the command line -------------------------------------------------------------------------------------
def test_the_cli_caches_in_the_project_root_by_default(project, monkeypatch):
    monkeypatch.delenv("NNLINT_CACHE_DIR")
    write(project, {"pyproject.toml": "[tool.nnlint]\nignore = []\n", "sub/x.py": RELU_HEAD})
    monkeypatch.chdir(project / "sub")
    first = nnlint("x.py")
    assert first.exit_code == 1 and is_cache_dir(project / ".nnlint_cache")
    assert nnlint("x.py").stdout == first.stdout
    assert cache_dir(None, None) == project / "sub" / ".nnlint_cache"  # without a config: the cwd


def test_no_cache_and_cache_dir(project, tmp_path, monkeypatch):
    monkeypatch.delenv("NNLINT_CACHE_DIR")
    nnlint("--no-cache", "a.py")
    assert not (project / ".nnlint_cache").exists()
    nnlint("--cache-dir", str(tmp_path / "elsewhere"), "a.py")
    assert is_cache_dir(tmp_path / "elsewhere") and not (project / ".nnlint_cache").exists()
    monkeypatch.setenv("NNLINT_CACHE_DIR", str(tmp_path / "from-env"))
    nnlint("a.py")
    assert is_cache_dir(tmp_path / "from-env")


def test_cached_and_fresh_runs_print_the_same(project):
    fresh = nnlint("--no-cache", ".")
    cold, warm = nnlint("."), nnlint(".")
    assert fresh.stdout == cold.stdout == warm.stdout and fresh.stderr == cold.stderr == warm.stderr
    assert fresh.exit_code == warm.exit_code == 1


def test_clean_removes_the_cache_and_only_a_cache(project, tmp_path, monkeypatch):
    monkeypatch.delenv("NNLINT_CACHE_DIR")
    nnlint("a.py")
    assert (project / ".nnlint_cache").is_dir()
    result = nnlint("clean")
    assert result.exit_code == 0 and not (project / ".nnlint_cache").exists()
    assert "No cache" in nnlint("clean").stderr
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "keep.txt").write_text("data")
    assert nnlint("clean", "--cache-dir", str(precious)).exit_code == 0
    assert (precious / "keep.txt").exists()
