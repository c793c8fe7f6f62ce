"""The one CSV writer of the API and the exports: ``#`` comment lines, a header row, data rows."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

from exports.cells import FORMULA_STARTS, NEUTRAL_PREFIX, neutral

COMMENT = "# "
#: RFC 4180's line end: a carriage return inside a text is then quoted, not read as a row break.
LINE_END = "\r\n"
#: A comma (a cell break for a spreadsheet opening the file) followed by a formula's first character.
_CELL_START = re.compile("(,\\s*)([" + re.escape("".join(FORMULA_STARTS)) + "])")


def comment_line(text: str) -> str:
    """``text`` on one ``#`` line; no piece between its commas can start a spreadsheet formula."""
    line = COMMENT + " ".join(text.split())
    return _CELL_START.sub(lambda match: f"{match.group(1)}{NEUTRAL_PREFIX}{match.group(2)}", line)


def cell_text(value: object) -> object:
    """A cell as written: empty for a missing value, ``true``/``false`` for a flag, neutral text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return neutral(value)


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]], comments: Sequence[str] = ()) -> str:
    """CSV text: the ``comments`` as ``#`` lines (pandas: ``comment="#"``), then ``header`` and ``rows``."""
    out = io.StringIO()
    for text in comments:
        out.write(comment_line(text) + LINE_END)
    writer = csv.writer(out, lineterminator=LINE_END)
    writer.writerow([cell_text(name) for name in header])
    writer.writerows([cell_text(value) for value in row] for row in rows)
    return out.getvalue()
