"""The result type every rule produces and every reporter consumes."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Edit:
    """Replace the text between two positions (1-based lines, 1-based character columns)."""

    line: int
    column: int
    end_line: int
    end_column: int
    content: str
    #: the notebook cell the positions are in (None: a plain file, or a notebook's joined text)
    cell: int | None = None


@dataclass(frozen=True)
class Fix:
    message: str
    edits: tuple[Edit, ...]


@dataclass
class Diagnostic:
    code: str
    name: str
    severity: Severity
    message: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    #: the first line of the statement holding the finding: a `# noqa` there counts too
    statement_line: int | None = None
    fix: Fix | None = None
    #: the enclosing class/function, for fingerprints
    context: str = ""
    source_line: str = field(default="", repr=False)
    #: in a notebook: the cell (numbered as the notebook shows it, markdown cells included) that `line`,
    #: `column`, `end_line` and `end_column` count within; None for a plain file
    cell: int | None = None
    #: in a notebook: (line, column, end_line, end_column) of the finding in the file's own text (its JSON),
    #: for the reports and filters that point into the file; None when the same as the position above
    file_span: tuple[int, int, int, int] | None = None

    def sort_key(self) -> tuple:
        return (self.path, self.cell or 0, self.line, self.column, self.code)
