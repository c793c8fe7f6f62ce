"""One thin callback per page: filters and page controls in, every panel's content out."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from dash import ALL, Input, Output, callback, ctx

from callbacks.common import PanelContent, filters_from_state
from indicators.filters import Filters
from layouts import ids
from layouts.panels import control_id, panel_id

Builder = Callable[[Filters, dict[str, object]], dict[str, PanelContent]]


def register_page_panels(page: str, build: Builder, controls: Sequence[str] = ()) -> None:
    """Register the callback that fills the panels of ``page`` from ``build``.

    ``controls`` are ids of the page's own controls (``{"type": PAGE_CONTROL, "page": page,
    "name": name}``); their values reach ``build`` by name.
    """

    @callback(
        Output(panel_id(ids.PANEL_GRAPH, page, ALL), "figure"),
        Output(panel_id(ids.PANEL_TABLE, page, ALL), "data"),
        Output(panel_id(ids.PANEL_TABLE, page, ALL), "columns"),
        Output(panel_id(ids.PANEL_NOTE, page, ALL), "children"),
        Input(ids.FILTER_STATE, "data"),
        *(Input(control_id(page, name), "value") for name in controls),
    )
    def fill_panels(query: str | None, *control_values: object) -> tuple[list, list, list, list]:
        contents = build(filters_from_state(query), dict(zip(controls, control_values, strict=True)))
        keys = [output["id"]["panel"] for output in ctx.outputs_list[0]]
        shown = [contents[key] for key in keys]
        return (
            [c.figure for c in shown],
            [c.table for c in shown],
            [c.columns for c in shown],
            [c.note for c in shown],
        )

    fill_panels.__name__ = f"fill_{page}_panels"
