"""Methodology & data: every loaded dataset with its provenance, licence and credit."""

from __future__ import annotations

import dash
import pandas as pd
from dash import dash_table, html

from dashboard.cached_data import datasets
from dashboard.i18n import _, lazy_
from layouts import ids


def provenance_rows(table: pd.DataFrame) -> list[dict[str, object]]:
    """One display row per active dataset (pure: provenance frame in, rows out)."""
    return [
        {
            "kind": row.kind,
            "name": row.name,
            "file": row.file_name,
            "rows": int(row.rows),
            "sha256": row.sha256[:12],
            "loaded_at": f"{row.loaded_at:%Y-%m-%d %H:%M} UTC",
            "schema": row.schema_version,
            "credit": f"{row.credit} ({row.licence})",
            "synthetic": _("yes — synthetic") if row.synthetic else _("no"),
        }
        for row in table.itertuples(index=False)
    ]


def layout(**_query: str) -> html.Div:
    """The page, built for the current request."""
    columns = [
        ("kind", _("Source")),
        ("name", _("Dataset")),
        ("file", _("File")),
        ("rows", _("Rows")),
        ("sha256", _("SHA-256 (first 12)")),
        ("loaded_at", _("Loaded")),
        ("schema", _("Format version")),
        ("credit", _("Credit and licence")),
        ("synthetic", _("Synthetic")),
    ]
    return html.Div(
        [
            html.H1(_("Methodology and data")),
            html.P(
                _(
                    "Every figure in this dashboard is computed from the datasets below. "
                    "4Mi surveys are not representative of all people on the move; "
                    "Missing Migrants Project figures are minimum estimates."
                )
            ),
            html.H2(_("Loaded datasets"), className="h4"),
            dash_table.DataTable(
                id=ids.DATASETS_TABLE,
                columns=[{"id": key, "name": label} for key, label in columns],
                data=provenance_rows(datasets()),
                style_table={"overflowX": "auto"},
                style_cell={"textAlign": "left", "whiteSpace": "normal", "height": "auto"},
            ),
        ]
    )


def register() -> None:
    """Register the page."""
    dash.register_page(
        __name__, path="/", name=lazy_("Methodology & data"), title=lazy_("Methodology & data"), layout=layout
    )
