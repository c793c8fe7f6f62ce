"""A panel's table as header and rows: the numbers behind its chart, hidden cells as the page shows them."""

from __future__ import annotations

from dataclasses import dataclass

from panels.text import PanelContent


@dataclass(frozen=True)
class Table:
    """Column headers and rows of values (numbers as numbers, labels and hidden cells as text)."""

    header: list[str]
    rows: list[list[object]]


def panel_table(content: PanelContent) -> Table:
    """The table of ``content``: its columns in order, headed as on the page."""
    fields = [str(column["field"]) for column in content.columns]
    header = [str(column.get("headerName") or column["field"]) for column in content.columns]
    return Table(header, [[record.get(name) for name in fields] for record in content.table])
