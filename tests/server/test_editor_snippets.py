"""The README's editor snippets: each parses in its own language and starts or asks for what the server
really offers. (Helix, Emacs and Zed are not installed here: their snippets are checked, not run.)"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from nnlint.server.actions import FIX_ALL_KIND

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from integration_helpers import snippet  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def test_vscode_fix_on_save_asks_for_the_servers_fix_all_kind():
    settings = json.loads(snippet("vscode-fix-on-save"))
    assert settings["[python]"]["editor.codeActionsOnSave"] == {FIX_ALL_KIND: "explicit"}
    assert settings["notebook.codeActionsOnSave"] == {FIX_ALL_KIND: "explicit"}


def test_helix_snippet_starts_the_server_for_python():
    config = tomllib.loads(snippet("helix"))
    assert config["language-server"]["nnlint"]["command"] == "nnlint"
    assert config["language-server"]["nnlint"]["args"] == ["server"]
    [python] = config["language"]
    assert python["name"] == "python" and "nnlint" in python["language-servers"]
    from nnlint.server.settings import parse

    assert parse(config["language-server"]["nnlint"]["config"]).problems == ()


def test_neovim_snippet_is_valid_lua(tmp_path):
    text = snippet("neovim")
    assert 'cmd = { "nnlint", "server" }' in text and f'"{FIX_ALL_KIND}"' in text
    nvim = shutil.which("nvim")
    if nvim is None:
        pytest.skip("Neovim is not installed (apt-get install neovim): the snippet's syntax is not checked")
    script = tmp_path / "snippet.lua"
    script.write_text(text)
    done = subprocess.run([nvim, "--headless", "-u", "NONE", "-i", "NONE", "-c",
                           f"lua assert(loadfile('{script}'))", "-c", "qall!"],
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 0 and "Error" not in done.stderr, done.stderr


def test_emacs_snippet_is_balanced_and_starts_the_server():
    text = snippet("emacs-eglot")
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0 and '("nnlint" "server")' in text and ":showInfo" in text


def test_zed_task_lints_the_open_file(tmp_path):
    [task] = json.loads(snippet("zed-task"))
    model = ROOT / "fixtures" / "torch" / "mlp_relu_head.py"
    args = [arg.replace("$ZED_FILE", str(model)) for arg in task["args"]]
    done = subprocess.run([sys.executable, "-m", task["command"], *args], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=tmp_path)
    assert done.returncode == 1 and " NN101 [error] " in done.stdout
