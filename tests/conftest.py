"""Tests import the checkout they live in (not whatever nnlint is installed), so worktrees test themselves."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _own_result_cache(tmp_path_factory, monkeypatch):
    """Each test's command-line runs get a fresh result cache, outside the checkout."""
    monkeypatch.setenv("NNLINT_CACHE_DIR", str(tmp_path_factory.mktemp("nnlint-cache")))


@pytest.fixture(autouse=True)
def _internal_errors_raise(request, monkeypatch):
    """A bug in a rule or a fix fails the test that meets it, instead of becoming an NN000 finding; tests of
    that reporting itself are marked `internal_errors_reported`."""
    if request.node.get_closest_marker("internal_errors_reported") is None:
        monkeypatch.setenv("NNLINT_RAISE_INTERNAL_ERRORS", "1")
