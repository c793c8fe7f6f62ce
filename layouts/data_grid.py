"""The sortable table behind every chart and map, and on the methodology page (AG Grid)."""

from __future__ import annotations

import dash_ag_grid as dag

PAGE_SIZE = 15


def data_grid(
    grid_id: str | dict[str, str],
    row_data: list[dict[str, object]] | None = None,
    column_defs: list[dict[str, object]] | None = None,
) -> dag.AgGrid:
    """A sortable, paged table sized to its rows; hidden cells carry the ``suppressed-cell`` class."""
    return dag.AgGrid(
        id=grid_id,
        rowData=row_data or [],
        columnDefs=column_defs or [],
        # No type inference: a measure column mixes numbers with "fewer than 5" and "—".
        defaultColDef={
            "sortable": True,
            "resizable": True,
            "wrapText": True,
            "autoHeight": True,
            "minWidth": 110,
            "cellDataType": False,
        },
        columnSize="responsiveSizeToFit",
        dashGridOptions={
            "domLayout": "autoHeight",
            "pagination": True,
            "paginationPageSize": PAGE_SIZE,
            "paginationPageSizeSelector": False,
            "suppressCellFocus": True,
        },
        className="data-grid small",
    )
