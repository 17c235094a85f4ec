#!/usr/bin/env python3
"""Generate nnlint.schema.json and docs/configuration.md from the code that reads the configuration.

    python scripts/gen_schema.py          # rewrite both files
    python scripts/gen_schema.py --check  # exit 1 when either is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from nnlint.schema import reference, schema_text  # noqa: E402

OUTPUTS = {ROOT / "nnlint.schema.json": schema_text, ROOT / "docs" / "configuration.md": reference}


def main(argv: list[str]) -> int:
    stale = [path for path, make in OUTPUTS.items()
             if not path.is_file() or path.read_text(encoding="utf-8") != make()]
    if "--check" in argv:
        for path in stale:
            print(f"{path.relative_to(ROOT)} is out of date: run `python scripts/gen_schema.py`", file=sys.stderr)
        return 1 if stale else 0
    for path, make in OUTPUTS.items():
        path.write_text(make(), encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
