"""The VS Code extension (editors/vscode): installed from the npm registry, syntax-checked, packaged with
vsce into a .vsix, and its protocol library (vscode-languageserver-protocol, what vscode-languageclient is
built on) driving the real server. VS Code itself cannot be downloaded here, so the extension's activation
inside VS Code is not tested."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXTENSION = ROOT / "editors" / "vscode"

pytestmark = pytest.mark.skipif(shutil.which("npm") is None or shutil.which("node") is None,
                                reason="Node.js and npm are needed to build the VS Code extension")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("vscode") / "nnlint"
    shutil.copytree(EXTENSION, work, ignore=shutil.ignore_patterns("node_modules", "*.vsix"))
    for step in (["npm", "ci", "--no-audit", "--no-fund"], ["npm", "run", "check"], ["npm", "run", "package"]):
        done = subprocess.run(step, cwd=work, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"{' '.join(step)} failed:\n{done.stdout}\n{done.stderr}"
    return work


def test_the_extension_packages_with_its_language_client(built):
    with zipfile.ZipFile(built / "nnlint.vsix") as vsix:
        names = set(vsix.namelist())
        manifest = json.loads(vsix.read("extension/package.json"))
    assert {"extension/extension.js", "extension/LICENSE.txt",
            "extension/node_modules/vscode-languageclient/package.json"} <= names
    assert not any("@vscode/vsce" in name or name.startswith("extension/test/") for name in names)
    assert manifest["main"] == "./extension.js"


def test_every_server_setting_is_a_vscode_setting(built):
    from nnlint.server import settings

    manifest = json.loads((built / "package.json").read_text())
    declared = {key.removeprefix("nnlint.") for key in manifest["contributes"]["configuration"]["properties"]}
    documented = {line.split("`")[1] for line in settings.__doc__.splitlines() if line.startswith("| `")}
    documented |= {"extendSelect", "ignore"}  # documented in one row with `select`
    assert documented <= declared
    extension = (built / "extension.js").read_text()
    assert all(f'"{key}"' in extension for key in documented)  # and the extension passes each one on


def test_vscode_protocol_library_drives_the_server(built, tmp_path):
    model = tmp_path / "model.py"
    model.write_text("import torch\nfrom torch import nn\nmodel = nn.Sequential(nn.Linear(4, 1), nn.ReLU())\n")
    done = subprocess.run(["node", "test/drive-server.js", sys.executable, str(model)], cwd=built,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert [d["code"] for d in result["diagnostics"]] == ["NN101"]
    assert result["diagnostics"][0]["codeDescription"]["href"].endswith("#nn101-output-activation")
    fix = result["actions"][0]
    assert fix["title"].startswith("Fix NN101") and "unsafe" in fix["title"] and not fix.get("isPreferred")
    assert "source.fixAll.nnlint" in result["capabilities"]["codeActionProvider"]["codeActionKinds"]
