"""`python -m nnlint`: the command line.

`python -m` puts the working directory first on `sys.path`, so a `click.py` (or `pathspec.py`, `tomli.py`)
in the folder being linted would be imported — and run — instead of the library. nnlint itself is already
imported by now (from wherever it was found, the working directory included), so that entry is dropped before
anything else is imported: linting a folder never executes its code. (`nnlint` the script has no such entry.)
"""

import os
import sys

if sys.path and not sys.flags.safe_path and sys.path[0] in ("", os.getcwd()):
    del sys.path[0]

from nnlint.cli import main  # noqa: E402  (after the guard above)

main(prog_name="nnlint")
