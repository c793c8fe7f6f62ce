"""The numbers behind every chart and map, and the methodology tables: one plain HTML table for screen and print.

On screen a table scrolls inside a labelled, focusable region (sticky header, a phone scrolls it
sideways); printed, every row is shown (assets/tables.css).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from numbers import Real

from babel.numbers import format_decimal
from dash import html

from core.i18n import _
from panels.tables import HIDDEN_TEXT, SUPPRESSED_CLASS

MISSING = "—"  # how panels write a value that does not exist (panels.tables)
MAX_DECIMALS = 3
NUMBER_CLASS = "number"
LONG_TEXT_CLASS = "long-text"  # a column of long texts is given room, so its rows stay short
LONG_TEXT_CHARS = 40
REGION_CLASS = "data-table-region"

Row = Mapping[str, object]
Column = Mapping[str, object]


def _is_number(value: object) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def is_number_column(column: Column, values: Sequence[object]) -> bool:
    """Whether every value of ``column`` is a number, a hidden cell or missing (and one is a number)."""
    blank = (column.get(HIDDEN_TEXT), MISSING, None)
    return any(_is_number(v) for v in values) and all(_is_number(v) or v in blank for v in values)


def decimals(values: Sequence[object]) -> int:
    """Decimal places that show every number of a column as precisely as the most precise one (at most 3)."""
    return max(
        (
            len(f"{round(float(value), MAX_DECIMALS):f}".rstrip("0").partition(".")[2])
            for value in values
            if _is_number(value)
        ),
        default=0,
    )


def column_format(column: Column, rows: Sequence[Row]) -> tuple[str | None, int | None]:
    """How a column reads: its class (numbers, long texts or neither) and its numbers' decimal places."""
    values = [row.get(str(column["field"])) for row in rows]
    if is_number_column(column, values):
        return NUMBER_CLASS, decimals(values)
    if any(len(str(value)) > LONG_TEXT_CHARS for value in values):
        return LONG_TEXT_CLASS, None
    return None, None


def cell_text(value: object, locale: str, places: int | None = None) -> str:
    """A cell as read: numbers with the language's separators, and ``places`` decimals if given."""
    if value is None:
        return ""
    if not _is_number(value):
        return str(value)
    if places is None:
        return format_decimal(value, locale=locale)
    return format_decimal(value, format="#,##0." + "0" * places if places else "#,##0", locale=locale)


def _cell(value: object, column: Column, kind: str | None, places: int | None, locale: str) -> html.Td:
    hidden = HIDDEN_TEXT in column and value == column[HIDDEN_TEXT]
    classes = " ".join(name for name in (kind, SUPPRESSED_CLASS if hidden else None) if name)
    return html.Td(cell_text(value, locale, places), className=classes or None)


def data_table(rows: Sequence[Row], columns: Sequence[Column], label: str, locale: str) -> html.Table:
    """``rows`` (dicts by field) under ``columns`` (``field``, ``headerName``) as a table captioned ``label``.

    Numbers are right-aligned in tabular figures, with the same decimals down a column; a cell
    reading its column's hidden text keeps that text and carries the ``suppressed-cell`` class.
    """
    formats = [column_format(column, rows) for column in columns]
    header = html.Tr(
        [
            html.Th(str(column["headerName"]), scope="col", className=kind)
            for column, (kind, _places) in zip(columns, formats, strict=True)
        ]
    )
    body = [
        html.Tr(
            [
                _cell(row.get(str(column["field"])), column, kind, places, locale)
                for column, (kind, places) in zip(columns, formats, strict=True)
            ]
        )
        for row in rows
    ] or [html.Tr([html.Td(_("None."), colSpan=max(len(columns), 1))])]
    return html.Table(
        [html.Caption(label, className="visually-hidden"), html.Thead(header), html.Tbody(body)],
        className="table table-sm data-table",
    )


def table_is_open(clicks: int | None) -> bool:
    """Whether a table's ``<details>`` is open after ``clicks`` on its summary (it starts closed)."""
    return bool(clicks) and clicks % 2 == 1


def table_region(region_id: str | dict[str, str], label: str, table: html.Table | None = None) -> html.Div:
    """The scrolling region a table sits in (filled later by a callback when ``table`` is None)."""
    return html.Div(
        table,
        id=region_id,
        role="region",
        tabIndex=0,
        className=REGION_CLASS,
        **{"aria-label": label},
    )
