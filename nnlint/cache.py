"""The result cache: one small JSON entry per (file contents, settings), as ruff caches results.

Where it lives: `--cache-dir`, else `$NNLINT_CACHE_DIR`, else `.nnlint_cache/` in the project root — the
folder of the pyproject.toml in use, or the current directory when there is none (also when the linted
paths lie outside it). The folder holds a `CACHEDIR.TAG` (backup tools skip it) and a `.gitignore` of `*`.

An entry's name is a hash of the file's bytes and everything else its findings depend on: the nnlint
version (and a fingerprint of nnlint's own sources, for development installs), the Python version, the
rules run on that file, the options, and the installed rule plugins (names and versions). A finding's fix
is stored as what the rule offers (message and applicability): edits are computed only to apply a fix.
The file's path is not part of it: findings are stored without it and given the path on the way out.
Entries are written to a temporary file and renamed into place, so concurrent runs never see half an
entry; an entry that does not parse, has another key inside, or holds anything unexpected is a miss, as is one that
is not a regular file (a symlink, a FIFO), larger than `MAX_ENTRY_BYTES` or nested too deeply to parse.
Findings of a rule's internal error are never cached (a file that does not parse is: that is stable).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

from . import __version__
from .bounded import read_limited
from .diagnostics import INTERNAL_ERROR_NAME, Applicability, Diagnostic, Fix, Severity

CACHE_DIR_NAME = ".nnlint_cache"
#: an entry larger than this is a miss (about 100,000 findings for one file)
MAX_ENTRY_BYTES = 32 << 20
ENV_VAR = "NNLINT_CACHE_DIR"
FORMAT = 3  # 3: findings carry their notebook cell
TAG_SIGNATURE = "Signature: 8a477f597d28d172789f06886806bc55"
TAG = (f"{TAG_SIGNATURE}\n# This file is a cache directory tag created by nnlint.\n"
       "# For information about cache directory tags see https://bford.info/cachedir/\n")


def cache_dir(option: str | None, root: Path | str | None = None) -> Path:
    """`--cache-dir`, else `$NNLINT_CACHE_DIR`, else `<root>/.nnlint_cache` (root: the project root or cwd)."""
    chosen = option or os.environ.get(ENV_VAR)
    if chosen:
        return Path(chosen)
    return Path(root if root is not None else os.getcwd()) / CACHE_DIR_NAME


def is_cache_dir(path: Path) -> bool:
    """A folder nnlint made (its CACHEDIR.TAG says so): only such a folder is ever removed."""
    try:
        tag = (path / "CACHEDIR.TAG").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return tag.startswith(TAG_SIGNATURE) and "nnlint" in tag


def clean(path: Path) -> bool:
    """Remove a cache folder; False when there is none (or the folder is not an nnlint cache)."""
    import shutil

    if not path.is_dir() or not is_cache_dir(path):
        return False
    shutil.rmtree(path, ignore_errors=True)
    return True


def _code_fingerprint() -> str:
    """Sizes and modification times of nnlint's own sources: a changed checkout invalidates the cache."""
    package = Path(__file__).resolve().parent
    parts = []
    for directory, _, names in os.walk(package):
        for name in sorted(names):
            if name.endswith(".py"):
                try:
                    info = os.stat(os.path.join(directory, name))
                except OSError:
                    continue
                parts.append(f"{os.path.relpath(os.path.join(directory, name), package)}:{info.st_size}:{info.st_mtime_ns}")
    return hashlib.blake2b("\n".join(sorted(parts)).encode(), digest_size=16).hexdigest()


class Cache:
    def __init__(self, directory: Path | str, options: dict | None = None):
        from .rules import registry

        self.directory = Path(directory)
        self.bucket = self.directory / f"v{__version__}"
        base = {
            "format": FORMAT, "nnlint": __version__, "code": _code_fingerprint(),
            "python": list(sys.version_info[:2]), "options": options or {}, "plugins": registry.fingerprint(),
        }
        self._base = json.dumps(base, sort_keys=True, default=repr)
        self._settings: dict[tuple, bytes] = {}
        self._ready = False
        self.hits = self.misses = 0

    # -- keys -------------------------------------------------------------------------------------
    def key(self, data: bytes, rules, options: dict | None = None, notebook: bool = False) -> str:
        """`options`: the file's own options, where they differ from the run's (per-folder configuration);
        `notebook`: the bytes are read as a notebook (the same bytes read as Python give other findings)."""
        codes = tuple(rule.code for rule in rules)
        extra = json.dumps(options, sort_keys=True, default=repr) if options is not None else ""
        settings = self._settings.get((codes, extra, notebook))
        if settings is None:
            settings = self._settings[(codes, extra, notebook)] = hashlib.blake2b(
                f"{self._base}|{','.join(codes)}|{extra}|{'ipynb' if notebook else 'py'}".encode(),
                digest_size=16).digest()
        return hashlib.blake2b(data, digest_size=20, key=settings).hexdigest()

    def _path(self, key: str) -> Path:
        return self.bucket / key[:2] / key

    # -- reading ------------------------------------------------------------------------------------
    def get(self, key: str, path: str) -> list[Diagnostic] | None:
        """The cached findings (given `path`), or None: absent, unreadable, corrupt or not ours."""
        try:
            # bounded, regular files only, no symlink followed: an entry is data nnlint did not necessarily write
            raw = read_limited(self._path(key), MAX_ENTRY_BYTES, follow_symlinks=False)
            entry = json.loads(raw)
            if not isinstance(entry, dict) or entry.get("key") != key or entry.get("format") != FORMAT:
                raise ValueError("not this entry")
            found = [_load(item, path) for item in entry["diagnostics"]]
        except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError):
            self.misses += 1
            return None
        self.hits += 1
        return found

    # -- writing ------------------------------------------------------------------------------------
    def put(self, key: str, diagnostics: list[Diagnostic]) -> None:
        """Store findings, atomically; never fails the run (an unwritable cache is just no cache)."""
        if any(d.name == INTERNAL_ERROR_NAME for d in diagnostics):
            return
        data = json.dumps({"format": FORMAT, "key": key, "diagnostics": [_dump(d) for d in diagnostics]},
                          separators=(",", ":")).encode()
        target = self._path(key)
        try:
            if not self._ready:
                self._prepare()
            target.parent.mkdir(exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(data)
                os.chmod(temporary, 0o644)
                os.replace(temporary, target)
            except BaseException as exc:  # an error, or Ctrl-C / SIGTERM on its way out: no temporary left
                try:
                    os.unlink(temporary)
                except OSError:
                    pass
                if not isinstance(exc, OSError):
                    raise
        except OSError:
            return

    def _prepare(self) -> None:
        self.bucket.mkdir(parents=True, exist_ok=True)
        for name, content in (("CACHEDIR.TAG", TAG), (".gitignore", "# created by nnlint\n*\n")):
            marker = self.directory / name
            if not marker.exists():
                handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".tmp-")
                with os.fdopen(handle, "w", encoding="utf-8") as stream:
                    stream.write(content)
                os.chmod(temporary, 0o644)
                os.replace(temporary, marker)
        self._ready = True


def _dump(d: Diagnostic) -> list:
    fix = None if d.fix is None else [d.fix.message, d.fix.applicability.value]
    return [d.code, d.name, d.severity.value, d.message, d.line, d.column, d.end_line, d.end_column,
            d.statement_line, d.context, d.source_line, fix, d.cell]


def _load(item: list, path: str) -> Diagnostic:
    code, name, severity, message, line, column, end_line, end_column, statement_line, context, source_line, fix, cell = item
    strings = (code, name, message, context, source_line)
    numbers = (line, column, end_line, end_column)
    if not all(type(s) is str for s in strings) or not all(type(n) is int for n in numbers) \
            or not (statement_line is None or type(statement_line) is int) or not (cell is None or type(cell) is int):
        raise ValueError("bad field")
    if fix is not None:
        fix_message, applicability = fix
        if type(fix_message) is not str:
            raise ValueError("bad fix")
        fix = Fix(fix_message, Applicability(applicability))
    return Diagnostic(code, name, Severity(severity), message, path, line, column, end_line, end_column,
                      statement_line=statement_line, fix=fix, context=context, source_line=source_line, cell=cell)
