"""Counterfactual edits: the change a rule without an automatic fix asks for, made only to measure it.

`nnlint --fix` never offers these (they change what the model computes in ways a user must decide), but
the verifier can build the model both ways to show what the finding costs. An edit touches only the
finding's own span.
"""

from __future__ import annotations

import re

#: NN111: a hidden sigmoid/tanh becomes a ReLU (class, function, method and string spellings)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SATURATING = [(re.compile(r"\b(Sigmoid|Tanh)\b"), "ReLU"), (re.compile(r"\b(sigmoid|tanh)\b"), "relu")]


def _span(text: str, line: int, column: int, end_line: int, end_column: int) -> tuple[int, int] | None:
    starts = [0] + [match.end() for match in _LINE_BREAK.finditer(text)]  # the interpreter's line breaks
    if not (0 < line <= len(starts) and 0 < end_line <= len(starts)):
        return None
    start = starts[line - 1] + column - 1
    end = starts[end_line - 1] + end_column - 1
    return (start, end) if end > start else None


def hidden_activation_to_relu(text: str, spans: list[tuple[int, int, int, int]]) -> str | None:
    """The source with every flagged sigmoid/tanh (spans: line, column, end line, end column) replaced
    by ReLU, or None when a span holds neither."""
    offsets = []
    for line, column, end_line, end_column in spans:
        span = _span(text, line, column, end_line, end_column)
        if span is None:
            return None
        offsets.append(span)
    for start, end in sorted(offsets, reverse=True):  # from the end, so earlier offsets stay valid
        piece = text[start:end]
        changed = piece
        for pattern, replacement in _SATURATING:
            changed = pattern.sub(replacement, changed, count=1)
            if changed != piece:
                break
        if changed == piece:
            return None
        text = text[:start] + changed + text[end:]
    return text
