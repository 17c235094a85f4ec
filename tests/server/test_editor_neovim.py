"""Neovim as the client, headless: it attaches `nnlint server`, shows its diagnostics, applies the quick fix
(a workspace edit), and the diagnostics clear. Neovim comes from Debian (`apt-get install neovim`, which
.ci/run does); where it is not installed and cannot be, the test is skipped and says so."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLIENT = Path(__file__).with_name("nvim_client.lua")

MODEL = '''\
import torch
from torch import nn


tête = "😀"; model = nn.Sequential(nn.Linear(13, 64), nn.ReLU(), nn.Linear(64, 1), nn.ReLU())
'''


def _neovim() -> str | None:
    found = shutil.which("nvim")
    if found is None and shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-q", "neovim"], capture_output=True, timeout=600)
        found = shutil.which("nvim")
    return found


def test_neovim_fetches_diagnostics_and_applies_a_quick_fix(tmp_path):
    nvim = _neovim()
    if nvim is None:
        pytest.skip("Neovim is not installed and cannot be (apt-get install neovim)")
    model = tmp_path / "model.py"
    model.write_text(MODEL, encoding="utf-8")
    out = tmp_path / "result.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NNLINT_PYTHON": sys.executable, "NNLINT_NVIM_OUT": str(out),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_STATE_HOME": str(tmp_path / "state")}
    done = subprocess.run([nvim, "--headless", "-u", "NONE", "-i", "NONE", "-n", str(model),
                           "-c", f"luafile {CLIENT}"], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120, stdin=subprocess.DEVNULL)
    assert out.exists(), f"Neovim wrote no result:\n{done.stdout}\n{done.stderr}"
    result = json.loads(out.read_text())
    assert "error" not in result, result
    [step] = result["steps"]
    assert step["source"] == "nnlint" and step["lnum"] == 4
    # Neovim counts columns in bytes: it converted the server's UTF-16 position past "ê" and "😀" correctly
    assert MODEL.splitlines()[4].encode("utf-8")[step["col"]:].startswith(b"nn.ReLU())")
    assert result["actions"][0].startswith("Fix NN101")
    assert "Disable NN101 for this line (# noqa)" in result["actions"]
    assert result["text"].splitlines()[4] == 'tête = "😀"; model = nn.Sequential(nn.Linear(13, 64), nn.ReLU(), nn.Linear(64, 1))'
    assert result["cleared"] is True
