"""The one CSV writer of the API and the exports: ``#`` comment lines, a header row, data rows."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

from exports.cells import FORMULA_STARTS, NEUTRAL_PREFIX

COMMENT = "# "
#: RFC 4180's line end: a carriage return inside a text is then quoted, not read as a row break.
LINE_END = "\r\n"
#: Where a spreadsheet may start a cell, whichever delimiter it guesses (``,`` ``;`` tab) and however
#: it reads quotes: the text's start or a delimiter (or line break), any spaces and double quotes,
#: then a formula's first character.
_CELL_START = re.compile('((?:^|[,;\\t\\r\\n])[\\s"]*)([' + re.escape("".join(FORMULA_STARTS)) + "])")
#: Runs of white space a comment line closes up, no-break spaces aside (French puts them before ":").
_SPACES = re.compile(r"[^\S\u00a0\u2007\u202f]+")


def neutral_text(text: str) -> str:
    """``text`` with an apostrophe before every formula start a spreadsheet could find in it."""
    return _CELL_START.sub(lambda match: f"{match.group(1)}{NEUTRAL_PREFIX}{match.group(2)}", text)


def comment_line(text: str) -> str:
    """``text`` on one ``#`` line; no piece of it a spreadsheet reads as a cell can start a formula."""
    return COMMENT + neutral_text(_SPACES.sub(" ", text).strip())


def csv_cell(value: object) -> object:
    """A cell as written: empty for a missing value, ``true``/``false`` for a flag, neutral text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return neutral_text(value) if isinstance(value, str) else value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]], comments: Sequence[str] = ()) -> str:
    """CSV text: the ``comments`` as ``#`` lines (pandas: ``comment="#"``), then ``header`` and ``rows``."""
    out = io.StringIO()
    for text in comments:
        out.write(comment_line(text) + LINE_END)
    writer = csv.writer(out, lineterminator=LINE_END)
    writer.writerow([csv_cell(name) for name in header])
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return out.getvalue()
