"""Helpers for the integration tests: real git repositories, the README's snippets, an `nnlint` on PATH."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import ROOT, write

DOCS = (ROOT / "README.md", ROOT / "docs" / "integrations.md")
_SNIPPET = re.compile(r"<!-- snippet: (?P<name>[\w-]+) -->\n```(?P<lang>\w*)\n(?P<body>.*?)\n```", re.S)

#: a git environment independent of the user's configuration
GIT_ENV = {
    "GIT_AUTHOR_NAME": "nnlint tests", "GIT_AUTHOR_EMAIL": "tests@nnlint.invalid",
    "GIT_COMMITTER_NAME": "nnlint tests", "GIT_COMMITTER_EMAIL": "tests@nnlint.invalid",
    "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_TERMINAL_PROMPT": "0",
}


def snippet(name: str) -> str:
    """The body of the fenced block after `<!-- snippet: NAME -->`; every copy (README, docs) must agree."""
    bodies = [m["body"] for doc in DOCS for m in _SNIPPET.finditer(doc.read_text(encoding="utf-8")) if m["name"] == name]
    assert bodies, f"no snippet {name!r} in {', '.join(str(d.relative_to(ROOT)) for d in DOCS)}"
    assert all(body == bodies[0] for body in bodies), f"the copies of snippet {name!r} differ"
    return bodies[0]


def snippet_names() -> set[str]:
    return {m["name"] for doc in DOCS for m in _SNIPPET.finditer(doc.read_text(encoding="utf-8"))}


def git_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    return {**env, **GIT_ENV, **(extra or {})}


class GitRepo:
    """A throw-away repository: write files, commit, ask git."""

    def __init__(self, path: Path):
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str) -> str:
        done = subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=self.path, env=git_env(),
                              capture_output=True, text=True, check=True)
        return done.stdout

    def write(self, files: dict[str, str]) -> None:
        write(self.path, files)

    def commit(self, message: str, files: dict[str, str] | None = None) -> str:
        if files:
            self.write(files)
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD").strip()


def nnlint_on_path(bin_dir: Path) -> dict[str, str]:
    """An `nnlint` executable in bin_dir that runs this checkout; an environment with it first on PATH."""
    bin_dir.mkdir(parents=True, exist_ok=True)
    shim = bin_dir / "nnlint"
    shim.write_text(f'#!/bin/sh\nPYTHONPATH="{ROOT}" exec "{sys.executable}" -m nnlint "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    return git_env({"PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"})


def require(tool: str) -> str:
    """The tool's path; the integration tests need the real one, so its absence fails loudly."""
    path = shutil.which(tool)
    assert path, f"{tool} is needed by the integration tests and is not on PATH"
    return path
