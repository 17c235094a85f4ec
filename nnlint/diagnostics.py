"""The result type every rule produces and every reporter consumes."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

#: the one code for a file nnlint could not lint (unreadable, undecodable, unparsable) and for nnlint's own
#: internal errors (a rule or a fix that crashed): always reported, never selected away or suppressed
INTERNAL_CODE = "NN000"
UNPARSABLE_NAME = "unparsable-file"
INTERNAL_ERROR_NAME = "internal-error"


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Applicability(str, Enum):
    """Whether applying a fix can change what a trained model computes.

    `SAFE`: it cannot change a trained model's parameters or outputs (an initializer swap only affects new
    training; Keras `from_logits=True` changes the loss only). `UNSAFE`: it can (adding a bias changes the
    `state_dict`, so old checkpoints no longer load; removing an output activation changes predictions).
    """

    SAFE = "safe"
    UNSAFE = "unsafe"


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
    """A fix a finding offers. `edits` is None until computed: a plain lint run knows that a fix exists
    (and what it does) from the rule's intent, and computes edits only to apply or show them."""

    message: str
    applicability: Applicability = Applicability.SAFE
    edits: tuple[Edit, ...] | None = None


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
    #: what the fix should change, in the rule's terms (`nnlint.intents`); only on findings of this run's
    #: analysis (never cached), for `nnlint.fix` to turn into edits
    intent: object = field(default=None, repr=False, compare=False)
    #: in a notebook: the cell (numbered as the notebook shows it, markdown cells included) that `line`,
    #: `column`, `end_line` and `end_column` count within; None for a plain file
    cell: int | None = None
    #: in a notebook: (line, column, end_line, end_column) of the finding in the file's own text (its JSON),
    #: for the reports and filters that point into the file; None when the same as the position above
    file_span: tuple[int, int, int, int] | None = None

    def sort_key(self) -> tuple:
        return (self.path, self.cell or 0, self.line, self.column, self.code)

    @property
    def is_internal(self) -> bool:
        return self.code == INTERNAL_CODE
