"""`nnlint server` whose linter raises on files named boom*.py: one bad file must not stop the server."""

import sys

from nnlint.server import adapter

_lint = adapter.lint


def _failing_lint(document, project):
    if "boom" in document.path:
        raise RuntimeError("injected failure")
    return _lint(document, project)


adapter.lint = _failing_lint

if __name__ == "__main__":
    from nnlint.cli import main

    sys.exit(main(["server"]))
