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

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code)
