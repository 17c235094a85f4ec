"""The server's one door into nnlint's core: configuration, linting, fixing, rule documentation, notebooks.

Every call the language server makes into the linter, the fixer or the configuration goes through this
module, so a change of the core's API is a change here only. Nothing here knows about LSP.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..config import CONFIG_NAMES, Config, ConfigError, Overrides, Settings as ConfigSettings
from ..diagnostics import INTERNAL_CODE, Applicability, Diagnostic, Edit, Fix, Severity
from ..discovery import discover
from ..document import Document
from ..engine import Linter
from ..fix_policy import FixPolicy
from ..lint import lint as lint_document
from ..noqa_add import SKIPPED as NOQA_SKIPPED
from ..rules import RULES_BY_CODE
from ..selection import SelectorError, validate

#: findings offered no "disable for this line" action (`--add-noqa` skips them too)
UNSUPPRESSIBLE = frozenset(NOQA_SKIPPED)
__all__ = ["INTERNAL_CODE", "UNSUPPRESSIBLE", "ChangeNotPlaced", "Diagnostic", "Document", "Edit", "Fix",
           "Project", "Projects", "RuleDoc", "SelectorProblem", "Selectors", "Severity", "check_selectors",
           "diagnostics_with_fixes", "docs_url", "file_document", "file_ignore_edits", "fix_all_edits", "is_safe",
           "lint", "noqa_edits", "notebook_document", "rule_doc", "verifiable", "verify_report_text"]


class SelectorProblem(ValueError):
    """A rule selector from the client's settings that names no rule."""


def check_selectors(values: list[str], where: str) -> list[str]:
    """Upper-cased selectors, as the command line validates `--select`."""
    try:
        return validate(values, where)
    except SelectorError as exc:
        raise SelectorProblem(str(exc)) from None


@dataclass(frozen=True)
class Selectors:
    """What the client sets on top of every configuration file, as the command line's options do:
    `select` / `extend-select` / `ignore`, and `unsafe-fixes` (None: the configuration's)."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    unsafe_fixes: bool | None = None

    def overrides(self) -> Overrides:
        return Overrides(select=list(self.select) if self.select is not None else None,
                         extend_select=list(self.extend_select), ignore=list(self.ignore),
                         unsafe_fixes=self.unsafe_fixes)


@dataclass
class Project:
    """What applies to one file: its configuration (the nearest configuration file, as the command line finds
    it, `extend` chain merged) with the client's settings on top, and the fix policy that follows."""

    config: Config
    linter: Linter
    policy: FixPolicy
    #: a configuration error, when the defaults are used instead
    problem: str | None = None
    #: (path, signature) of each file of the `extend` chain: a change of any one reloads the project
    chain: tuple = ()
    _excluded: dict[str, bool] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        return self.config.root

    def unchanged(self) -> bool:
        return all(_signature(path) == signature for path, signature in self.chain)

    def excluded(self, path: str) -> bool:
        """Whether `exclude`/`extend-exclude`/.gitignore drop this file (as `--force-exclude` judges it)."""
        if path not in self._excluded:
            self._excluded[path] = os.path.isfile(path) and not discover([path], self.linter.settings, True).files
        return self._excluded[path]


def _signature(path: Path) -> tuple | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


class Projects:
    """Configurations by file, reloaded when a configuration file (or one it extends) changes on disk.

    Each lookup stats the configuration-file candidates from the file's folder up (microseconds), so an edit
    of the configuration applies to the next lint without the client having to tell us.
    """

    def __init__(self) -> None:
        self._projects: dict[tuple, Project] = {}

    def clear(self) -> None:
        self._projects.clear()

    def for_file(self, path: str, selectors: Selectors, config_file: str | None = None,
                 default_root: str | None = None) -> Project:
        """`default_root` (the workspace folder) is where the command line would run: its configuration
        applies to files that have none nearer."""
        directory = Path(os.path.abspath(path)).parent
        if config_file:
            candidates = [Path(config_file)]
        else:
            folders = [directory, *directory.parents]
            if default_root:
                folders += [Path(default_root), *Path(default_root).parents]
            candidates = [folder / name for folder in dict.fromkeys(folders) for name in CONFIG_NAMES]
        stamp = tuple(_signature(c) for c in candidates)
        key = (str(directory), stamp, selectors, config_file, default_root)
        project = self._projects.get(key)
        if project is None or not project.unchanged():
            if len(self._projects) > 256:  # files from many folders: start over rather than grow
                self._projects.clear()
            project = self._projects[key] = _load(directory, selectors, config_file, default_root)
        return project


def _load(directory: Path, selectors: Selectors, config_file: str | None, default_root: str | None) -> Project:
    problem = None
    root = Path(default_root) if default_root else directory
    overrides = selectors.overrides()
    try:
        settings = ConfigSettings(config_file, overrides, cwd=root)
        config = settings.for_directory(directory)
    except ConfigError as exc:
        problem = f"{exc}; using the default configuration"
        settings = ConfigSettings(overrides=overrides, config=Config(root=root))
        config = settings.for_directory(directory)
    chain, link = [], config
    while link is not None:
        if link.path is not None:
            chain.append((Path(link.path), _signature(Path(link.path))))
        link = link.base
    return Project(config, Linter(settings), FixPolicy.of(config), problem, tuple(chain))


# -- documents ------------------------------------------------------------------------------------------------
def file_document(path: str, text: str) -> Document:
    return Document(path, text)


def notebook_document(path: str, cells: list[tuple[str, str]]) -> Document:
    """A notebook's document from its (cell type, source) pairs in notebook order, markdown included (so
    cell numbers are the notebook's), as `nnlint` builds it from a `.ipynb` file: IPython syntax, cells
    that do not parse and cell positions as the command line has them."""
    from ..notebook import from_cells

    return from_cells(path, cells)


def _is_notebook(document: Document) -> bool:
    return document.cells is not None


# -- linting and fixing ---------------------------------------------------------------------------------------
def lint(document: Document, project: Project) -> list[Diagnostic]:
    """The findings (noqa applied), a notebook's in cell positions; each fix is known by its intent, its
    edits not computed: what is published as you type."""
    rules, options = project.linter.rules_for(document.path), project.linter.options_for(document.path)
    if _is_notebook(document):
        from ..notebook.lint import lint_document as lint_notebook

        diagnostics = lint_notebook(document, rules, options)
    else:
        diagnostics = lint_document(document, rules, options)
    return [project.policy.shown(d) for d in diagnostics]


def diagnostics_with_fixes(document: Document, project: Project) -> list[Diagnostic]:
    """The findings with each one's fix edits, each fix checked to apply cleanly (for quick fixes); in a
    notebook, each fix's edits are those of the cells that `nnlint --fix` would write for it."""
    rules, options = project.linter.rules_for(document.path), project.linter.options_for(document.path)
    if _is_notebook(document):
        from ..notebook.lint import fixes_in_cells

        found = fixes_in_cells(document, rules, options)
    else:
        from ..fix import compute_fixes  # LibCST: loaded with the first code action, not at start-up

        found = compute_fixes(document, lint_document(document, rules, options), rules, options)
    return [project.policy.shown(d) for d in found]


def is_safe(fix: Fix) -> bool:
    """Whether a fix cannot change what a trained model computes (see `Applicability`)."""
    return fix.applicability == Applicability.SAFE


def fix_all_edits(document: Document, project: Project) -> tuple[Edit, ...]:
    """The edits that turn the document into what `nnlint --fix` would write, by the file's fix policy (safe
    fixes only, unless `unsafe-fixes`; `fixable`/`unfixable`; the re-labellings) (smallest changed spans;
    a notebook's per cell). `ChangeNotPlaced` when a notebook's fixed code cannot be written back into its
    cells (the command line refuses to fix such a notebook too)."""
    from ..edits import diff_edits
    from ..fix import fix_document

    linter = project.linter
    outcome = fix_document(document, linter.rules_for(document.path), linter.options_for(document.path),
                           project.policy.allows)
    if not outcome.changed:
        return ()
    if not _is_notebook(document):
        return diff_edits(document.text, outcome.text)
    from ..notebook import ChangeError, source_edits
    from ..notebook.lint import fixed_sources

    try:
        return source_edits(document, fixed_sources(document, outcome))
    except ChangeError as exc:
        raise ChangeNotPlaced(str(exc)) from None


class ChangeNotPlaced(Exception):
    """A change of a notebook's code that cannot be written back into its cells."""


def _placed(document: Document, edits) -> tuple[Edit, ...]:
    """Edits of the analysed text as edits of the client's documents: a notebook's go into the cells as
    the command line writes them (`ChangeNotPlaced` when they cannot)."""
    if not _is_notebook(document) or not edits:
        return tuple(edits)
    from ..edits import apply_edits
    from ..notebook import ChangeError, cell_changes

    try:
        return cell_changes(document, apply_edits(document.text, edits))
    except (ChangeError, ValueError) as exc:
        raise ChangeNotPlaced(str(exc)) from None


def noqa_edits(document: Document, diagnostic: Diagnostic) -> tuple[Edit, ...]:
    """The edits adding `# noqa: CODE` for one finding where nnlint reads it (as `--add-noqa` writes it,
    in a notebook into the cell), or () when no line of its statement can take the comment, a bare
    `# noqa` is already there, or (in a notebook) the comment cannot go into the cell."""
    from ..noqa_add import edits_for

    if _is_notebook(document):
        from ..notebook import ChangeError
        from ..notebook.lint import in_joined

        try:
            diagnostic = in_joined(document, diagnostic)
        except ChangeError:
            return ()
    edits, _, _ = edits_for(document.text, [diagnostic], diagnostic.path)
    try:
        return _placed(document, edits[:1])
    except ChangeNotPlaced:
        return ()


def file_ignore_edits(document: Document, code: str) -> tuple[Edit, ...]:
    """The edits adding CODE to the file-level `# nnlint: noqa: CODES` comment, or adding one at the top
    (after a shebang and an encoding declaration; in a notebook, atop its first code cell, or under the
    cell magic it opens with); () when it cannot be placed."""
    for edit in _file_ignore_edits(document.text, code):
        try:
            return _placed(document, [edit])
        except ChangeNotPlaced:
            continue
    return ()


_FILE_NOQA = re.compile(r"^(?P<head>\s*#\s*nnlint\s*:\s*noqa\s*:\s*)(?P<codes>[A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*)"
                        r"\s*$", re.IGNORECASE)
_CODING = re.compile(r"^[ \t\f]*#.*?coding[:=]")


def _file_ignore_edits(text: str, code: str) -> list[Edit]:
    """The edit extending the first `# nnlint: noqa: CODES` line; else the new comment's places, best
    first: the first line that is no shebang or encoding declaration, then the line after it."""
    from ..lines import LineIndex

    lines = LineIndex(text)
    for number in range(1, lines.line_count + 1):
        match = _FILE_NOQA.match(lines.line_text(number))
        if match:
            end = match.end("codes")
            return [Edit(number, end + 1, number, end + 1, f", {code}")]
    line = 1
    while line <= 2 and line <= lines.line_count and (
            line == 1 and lines.line_text(1).startswith("#!") or _CODING.match(lines.line_text(line))):
        line += 1
    comment = f"# nnlint: noqa: {code}" + ("\r\n" if "\r\n" in text else "\n")
    return [Edit(at, 1, at, 1, comment) for at in (line, line + 1) if at <= lines.line_count + 1]


# -- rule documentation ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RuleDoc:
    code: str
    name: str
    severity: str
    summary: str
    documentation: str
    url: str
    fixable: bool
    opt_in: bool


def docs_url(code: str) -> str:
    """The rule's documentation page, as in the JSON output's `url`."""
    from ..report.urls import docs_url as url

    return url(code)


def rule_doc(code: str) -> RuleDoc | None:
    rule = RULES_BY_CODE.get(code)
    if rule is None:
        return None
    return RuleDoc(rule.code, rule.name, rule.severity.value, rule.summary, rule.documentation(), docs_url(code),
                   rule.fixable, rule.opt_in)


def verifiable(code: str) -> bool:
    """Whether `nnlint verify` has a run-time check for this rule."""
    from ..verify.catalog import CHECKS  # framework-free and light

    return code in CHECKS


def verify_report_text(report: dict) -> str:
    """`nnlint verify`'s text rendering of its JSON report."""
    from ..verify.report import to_text

    return to_text(report)
