"""Validation problems that name the file, row, column, value and what was expected."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.text import quoted, shortened

MAX_REPORTED_PROBLEMS = 200
#: What was expected is the contract's words and the columns it names (each list already capped), cut only past this.
EXPECTED_CHARS = 4000


@dataclass(frozen=True, order=True)
class Problem:
    """One reason a file was refused.

    ``row`` is the row number a spreadsheet shows: the header is row 1, the first
    data row is row 2. ``row`` and ``column`` are ``None`` when the problem concerns
    the whole file or the whole header.
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    expected: str

    def __str__(self) -> str:
        where = [shortened(self.file)]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{shortened(self.column)}'")
        location = ", ".join(where)
        if self.value is None:
            return f"{location}: {shortened(self.expected, EXPECTED_CHARS)}"
        return f"{location}: {quoted(self.value)} is not valid (expected {shortened(self.expected, EXPECTED_CHARS)})"


class DataValidationError(ValueError):
    """A file failed validation; nothing was loaded."""

    def __init__(self, file: str, problems: Sequence[Problem]) -> None:
        self.file = file
        self.total = len(problems)
        self.problems = sorted(problems, key=_sort_key)[:MAX_REPORTED_PROBLEMS]
        super().__init__(self.summary())

    def summary(self) -> str:
        """Human-readable list of problems, capped at MAX_REPORTED_PROBLEMS."""
        lines = [f"{shortened(self.file)}: {self.total} problem(s) found; nothing was loaded."]
        lines += [f"  - {problem}" for problem in self.problems]
        if self.total > len(self.problems):
            lines.append(f"  ... and {self.total - len(self.problems)} more")
        return "\n".join(lines)


def _sort_key(problem: Problem) -> tuple[int, str, str]:
    return (problem.row or 0, problem.column or "", problem.expected)
