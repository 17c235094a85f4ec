"""The server's one door into nnlint's core: configuration, linting, fixing, rule documentation, notebooks.

Every call the language server makes into the linter, the fixer or the configuration goes through this
module, so a change of the core's API is a change here only. Nothing here knows about LSP.
"""

from __future__ import annotations

import os
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
__all__ = ["INTERNAL_CODE", "UNSUPPRESSIBLE", "Diagnostic", "Edit", "Fix", "NotebookText", "Project", "Projects",
           "RuleDoc", "SelectorProblem", "Selectors", "Severity", "check_selectors", "diagnostics_with_fixes",
           "docs_url", "fix_all_edits", "is_safe", "lint", "noqa_edit", "notebook_text", "rule_doc", "verifiable",
           "verify_report_text"]


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


# -- linting and fixing ---------------------------------------------------------------------------------------
def lint(text: str, path: str, project: Project) -> list[Diagnostic]:
    """The findings in `text` (noqa applied); each fix is known by its intent, its edits not computed: what is
    published as you type."""
    linter = project.linter
    diagnostics = lint_document(Document(path, text), linter.rules_for(path), linter.options_for(path))
    return [project.policy.shown(d) for d in diagnostics]


def diagnostics_with_fixes(text: str, path: str, project: Project) -> list[Diagnostic]:
    """The findings with each one's fix edits, each fix checked to apply cleanly (for quick fixes)."""
    from ..fix import compute_fixes  # LibCST: loaded with the first code action, not at start-up

    linter = project.linter
    document = Document(path, text)
    rules, options = linter.rules_for(path), linter.options_for(path)
    found = compute_fixes(document, lint_document(document, rules, options), rules, options)
    return [project.policy.shown(d) for d in found]


def is_safe(fix: Fix) -> bool:
    """Whether a fix cannot change what a trained model computes (see `Applicability`)."""
    return fix.applicability == Applicability.SAFE


def fix_all_edits(text: str, path: str, project: Project) -> tuple[Edit, ...]:
    """The edits that turn `text` into what `nnlint --fix` would write, by the file's fix policy (safe fixes
    only, unless `unsafe-fixes`; `fixable`/`unfixable`; the re-labellings) (smallest changed spans)."""
    from ..edits import diff_edits
    from ..fix import fix_document

    linter = project.linter
    outcome = fix_document(Document(path, text), linter.rules_for(path), linter.options_for(path),
                           project.policy.allows)
    return diff_edits(text, outcome.text) if outcome.changed else ()


def noqa_edit(text: str, diagnostic: Diagnostic) -> Edit | None:
    """The edit adding `# noqa: CODE` for one finding where nnlint reads it (as `--add-noqa` writes it), or
    None when no line of its statement can take the comment or a bare `# noqa` is already there."""
    from ..noqa_add import edits_for

    edits, _, _ = edits_for(text, [diagnostic], diagnostic.path)
    return edits[0] if edits else None


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
    from ..verify.api import CHECKED  # loads LibCST: asked for only with code actions

    return code in CHECKED


def verify_report_text(report: dict) -> str:
    """`nnlint verify`'s text rendering of its JSON report."""
    from ..verify.report import to_text

    return to_text(report)


# -- notebooks ------------------------------------------------------------------------------------------------
@dataclass
class NotebookText:
    """The code cells of a notebook as one Python text, with the map between its lines and the cells'."""

    text: str
    #: for each line of `text` (0-based): (cell index in the notebook, 0-based line in that cell)
    lines: list[tuple[int, int]]
    #: cell index -> first line of that cell in `text` (0-based)
    first_line: dict[int, int]

    def to_cell(self, line: int) -> tuple[int, int] | None:
        """(cell index, line in the cell) of a 1-based line of `text`."""
        if not 0 < line <= len(self.lines):
            return None
        return self.lines[line - 1]

    def from_cell(self, cell: int, line: int) -> int | None:
        """The 1-based line of `text` for a 0-based line of a cell."""
        first = self.first_line.get(cell)
        return None if first is None else first + line + 1


_MAGIC = ("%", "!")


def notebook_text(path: str, cells: list[tuple[str, str]]) -> NotebookText:
    """The code cells joined in order. IPython syntax (line magics, shell escapes, cell magics) becomes
    `pass` at the same indentation, so positions elsewhere map back exactly; rules never see cells.

    Stop-gap until `nnlint.notebook.from_cells` lands on main, which this then calls instead.
    """
    out: list[str] = []
    lines: list[tuple[int, int]] = []
    first_line: dict[int, int] = {}
    for index, (kind, source) in enumerate(cells):
        if kind != "code":
            continue
        first_line[index] = len(lines)
        cell_lines = source.split("\n")
        if cell_lines and cell_lines[-1] == "" and len(cell_lines) > 1:
            cell_lines.pop()
        cell_magic = bool(cell_lines) and cell_lines[0].startswith("%%")
        for number, line in enumerate(cell_lines):
            line = line.rstrip("\r")
            stripped = line.lstrip()
            if cell_magic or stripped.startswith(_MAGIC) or (stripped.endswith("?") and not stripped.startswith("#")):
                line = line[: len(line) - len(stripped)] + "pass" if not cell_magic else ""
            out.append(line)
            lines.append((index, number))
    return NotebookText("\n".join(out) + "\n" if out else "", lines, first_line)
