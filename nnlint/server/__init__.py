"""`nnlint server`: a language server (LSP over stdio) for editors.

Built on pygls/lsprotocol, installed with the `server` extra (`pip install "nnlint[server]"`); the linter
itself never imports them. Modules, each with one job:

- `app`: the pygls wiring (documents, diagnostics, code actions, hover, commands) and the lint scheduling;
- `adapter`: the one door into nnlint's core (configuration, linting, fixing, rule docs, notebooks);
- `documents`, `text`: the open documents and LSP positions in the negotiated encoding;
- `units`: what is linted as one (a file, or a notebook's cells, through `nnlint.notebook`) and the way
  back to the client's documents;
- `actions`: quick fixes, `# noqa`, ignore-in-file, fix-all;
- `bounded_input`: standard input with size limits on what a client sends;
- `settings`: the client's settings; `verify_command`: running `nnlint verify` as a cancellable child.
"""

from __future__ import annotations

import logging
import sys

MISSING = ("nnlint server needs the language-server libraries, which are not installed: "
           "pip install \"nnlint[server]\"")


def run(log_level: str = "WARNING", log_file: str | None = None) -> int:
    """Serve LSP over stdin/stdout until the client says exit. Returns the exit status."""
    try:
        import pygls  # noqa: F401
        import lsprotocol  # noqa: F401
    except ImportError:
        print(f"nnlint: error: {MISSING}", file=sys.stderr)
        return 2
    handler = logging.FileHandler(log_file, encoding="utf-8") if log_file else logging.StreamHandler(sys.stderr)
    logging.basicConfig(level=getattr(logging, log_level.upper(), logging.WARNING), handlers=[handler],
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from .app import server
    from .bounded_input import BoundedInput

    stdin = BoundedInput(sys.stdin.buffer)
    server.start_io(stdin=stdin)
    if stdin.refused:
        print(stdin.refused, file=sys.stderr)
        return 2
    return 0
