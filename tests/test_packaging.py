"""The package is releasable: `python -m build` makes an sdist and a wheel from the working tree,
`twine check` passes them, and the wheel installs into a fresh virtual environment and runs there —
from outside the checkout, importing the installed copy, rule documentation and all.

Offline by design (no test may use the network): the build runs without isolation (setuptools comes
from the test extra) and the virtual environment sees the already installed dependencies
(`--system-site-packages`) while nnlint itself comes from the wheel, which the test checks.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from helpers import RELU_HEAD, ROOT, need_module, write

pytestmark = pytest.mark.slow


def _tree_copy(target: Path) -> Path:
    """The working tree's files (tracked and untracked, not ignored): what a release is built from."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    need_module("build")
    source = _tree_copy(tmp_path_factory.mktemp("source"))
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(source)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return out


def test_build_makes_an_sdist_and_a_wheel_that_twine_accepts(dist):
    from nnlint import __version__

    names = sorted(path.name for path in dist.iterdir())
    assert names == [f"nnlint-{__version__}-py3-none-any.whl", f"nnlint-{__version__}.tar.gz"]
    need_module("twine")
    done = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", *map(str, dist.iterdir())],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("PASSED") == 2


def test_the_wheel_holds_the_package_and_its_metadata(dist):
    wheel = next(dist.glob("*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = archive.read(next(n for n in names if n.endswith("dist-info/METADATA"))).decode()
        entry_points = archive.read(next(n for n in names if n.endswith("dist-info/entry_points.txt"))).decode()
    assert "nnlint/cli.py" in names and "nnlint/rules/meta.py" in names and "nnlint/verify/child/__main__.py" in names
    assert not [n for n in names if n.startswith(("tests/", "fixtures/", "scripts/"))]
    assert "nnlint = nnlint.cli:main" in entry_points
    assert "License-Expression: MIT" in metadata and "Requires-Dist: libcst" in metadata
    assert "Requires-Python: >=3.10" in metadata


def test_the_wheel_installs_in_a_fresh_venv_and_runs(dist, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INDEX="1", NO_COLOR="1")
    wheel = next(dist.glob("*.whl"))
    install = subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--force-reinstall", str(wheel)],
                             capture_output=True, text=True, env=env, timeout=300)
    assert install.returncode == 0, install.stdout + install.stderr
    work = tmp_path / "project"
    write(work, {"model.py": RELU_HEAD})
    where = subprocess.run([str(python), "-c", "import json, nnlint, nnlint.rules; "
                            "print(json.dumps([nnlint.__file__, len(nnlint.rules.ALL_RULES)]))"],
                           cwd=work, env=env, capture_output=True, text=True, timeout=60)
    assert where.returncode == 0, where.stderr
    location, rules = json.loads(where.stdout)
    assert Path(location).is_relative_to(venv), f"imported {location}, not the wheel's copy"
    from nnlint.rules import ALL_RULES

    assert rules == len(ALL_RULES)
    check = subprocess.run([str(venv / "bin" / "nnlint"), "check", "--no-cache", "--output-format", "concise",
                            "model.py"], cwd=work, env=env, capture_output=True, text=True, timeout=120)
    assert check.returncode == 1, check.stderr
    assert check.stdout.startswith("model.py:2:40: NN101 [error]")
    explain = subprocess.run([str(venv / "bin" / "nnlint"), "rule", "NN201"], cwd=work, env=env,
                             capture_output=True, text=True, timeout=60)
    assert explain.returncode == 0 and "## What it does" in explain.stdout
