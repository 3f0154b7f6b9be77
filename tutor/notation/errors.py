"""Source spans and the parse error, with the caret that points at the fault.

Records on the start-up path of ``explain`` and ``check`` are NamedTuples:
defining one costs a sixth of what a dataclass does.
"""

from __future__ import annotations

from typing import NamedTuple

class Span(NamedTuple):
    """Half-open character range ``[start, end)`` in the source text."""

    start: int
    end: int

    def join(self, other: "Span") -> "Span":
        return Span(min(self.start, other.start), max(self.end, other.end))


class ParseError(ValueError):
    """The text is not in the answer language; ``span`` points at the fault."""

    def __init__(self, message: str, span: Span | None = None, source: str = ""):
        super().__init__(message)
        self.message = message
        self.span = span
        self.source = source

    def caret(self) -> str:
        """The offending source line with a caret under the fault."""
        return caret_lines(self.source, self.span)


def caret_lines(source: str, span: Span | None) -> str:
    """Return ``line\\n   ^^^`` for the line of ``source`` that holds ``span``."""
    if span is None or not source:
        return ""
    start = min(span.start, len(source))
    line_start = source.rfind("\n", 0, start) + 1
    line_end = source.find("\n", start)
    if line_end == -1:
        line_end = len(source)
    line = source[line_start:line_end]
    col = start - line_start
    width = max(1, min(span.end, line_end) - start)
    if len(line) > 100:  # keep long lines readable around the fault
        lo = max(0, col - 40)
        line = ("…" if lo else "") + line[lo : lo + 80] + ("…" if lo + 80 < len(line) else "")
        col = col - lo + (1 if lo else 0)
        width = min(width, 80)
    return f"{line}\n{' ' * col}{'^' * width}"
