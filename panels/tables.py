"""The table alternative of every chart: labelled keys, rounded measures, hidden cells marked."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

PERCENT_MEASURES = frozenset({"share", "ci_low", "ci_high", "share_minors", "share_uac"})
SUPPRESSED_CLASS = "suppressed-cell"
HIDDEN_TEXT = "hiddenText"  # a column's key: the text its hidden cells read


def column(field: str, header: str, hidden_text: str | None = None) -> dict[str, object]:
    """A table column; cells reading ``hidden_text`` are hidden cells."""
    definition: dict[str, object] = {"field": field, "headerName": header}
    if hidden_text is not None:
        definition[HIDDEN_TEXT] = hidden_text
    return definition


def table_data(
    rows: pd.DataFrame,
    keys: dict[str, tuple[str, Callable[[object], str]]],
    values: dict[str, str],
    hidden_text: str,
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """Table rows and columns: labelled keys, rounded measures, ``hidden_text`` in hidden cells.

    ``keys`` maps a column to (header, labeller); ``values`` maps a measure to its header.
    Percentages are shown as 0–100 with one decimal.
    """
    hidden = (
        rows["suppressed"].fillna(True).astype(bool) if "suppressed" in rows else pd.Series(False, rows.index)
    )
    records = []
    for is_hidden, row in zip(hidden, rows.to_dict("records"), strict=True):
        record: dict[str, object] = {key: labeller(row[key]) for key, (_h, labeller) in keys.items()}
        for measure in values:
            record[measure] = hidden_text if is_hidden else _display(measure, row.get(measure))
        records.append(record)
    columns = [column(c, header) for c, (header, _l) in keys.items()]
    columns += [column(c, header, hidden_text) for c, header in values.items()]
    return records, columns


def _display(column: str, value: object) -> object:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return "—"
    if column in PERCENT_MEASURES:
        return round(float(value) * 100, 1)
    if isinstance(value, float):
        return round(value, 1)
    return value
