"""CSV and XLSX of a panel's table with its metadata: a ``#`` header block, or an "About" sheet."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.i18n import _
from exports.about import labelled
from exports.cells import neutral
from exports.csv_text import csv_text
from exports.table import Table

#: Widest column of the XLSX sheets, in characters.
MAX_COLUMN_CHARS = 80


def csv_export(table: Table, lines: list[tuple[str, str]]) -> str:
    """The table as CSV, after a ``#`` line per metadata line."""
    return csv_text(table.header, table.rows, [labelled(label, text) for label, text in lines])


def xlsx_export(table: Table, lines: list[tuple[str, str]]) -> bytes:
    """A workbook: the table on a "Data" sheet (numbers typed), the metadata on an "About" sheet."""
    book = Workbook()
    data = book.active
    data.title = _("Data")
    _append(data, [table.header, *table.rows])
    about = book.create_sheet(_("About"))
    _append(about, [list(line) for line in lines])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _append(sheet: Worksheet, rows: list[list[object]]) -> None:
    widths: dict[int, int] = {}
    for row in rows:
        sheet.append([neutral(value) for value in row])
        for index, value in enumerate(row, start=1):
            widths[index] = max(widths.get(index, 0), len(str(value)))
    for index, width in widths.items():
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, MAX_COLUMN_CHARS)
