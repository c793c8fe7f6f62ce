"""One thin callback per page: filters and page controls in, every panel's content out."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from dash import ALL, Dash, Input, Output, State, ctx, no_update

from core.i18n import language
from figures.theme import PHONE_CHART_PX, chart_width, presentation
from indicators.filters import Filters
from layouts import ids
from layouts.data_table import data_table, table_is_open
from layouts.panel_card import chart_px, control_id, panel_id, table_label
from panels.filters import filters_from_state
from panels.text import PanelContent
from view_data import ViewData

Builder = Callable[[ViewData, Filters, dict[str, object]], dict[str, PanelContent]]


def register_page_panels(
    app: Dash, service: ViewData, page: str, build: Builder, controls: Sequence[str] = ()
) -> None:
    """Register the callback that fills the panels of ``page`` from ``build``.

    ``controls`` are ids of the page's own controls (``{"type": PAGE_CONTROL, "page": page,
    "name": name}``); their values reach ``build`` by name. Titles and legends are wrapped for
    the narrowest chart at the window's width when the filters last changed; in the presentation
    layout each chart is the window's width and its type larger.
    """

    def fill_panels(query: str | None, *values: object) -> tuple[list, list, list]:
        *control_values, presenting, table_clicks, window_px = values
        filters = filters_from_state(service, query)
        width = chart_px(window_px, whole_width=bool(presenting)) or PHONE_CHART_PX
        with chart_width(width), presentation(bool(presenting)):
            contents = build(service, filters, dict(zip(controls, control_values, strict=True)))
        keys = [output["id"]["panel"] for output in ctx.outputs_list[0]]
        shown = [contents[key] for key in keys]
        opened = dict(
            zip([toggle["id"]["panel"] for toggle in ctx.inputs_list[-1]], table_clicks, strict=True)
        )
        label, locale = table_label(), language()
        tables = [
            data_table(c.table, c.columns, label, locale) if table_is_open(opened.get(key)) else None
            for key, c in zip(keys, shown, strict=True)
        ]
        if isinstance(ctx.triggered_id, dict) and ctx.triggered_id.get("type") == ids.PANEL_TABLE_TOGGLE:
            return [no_update] * len(shown), tables, [no_update] * len(shown)
        return [c.figure for c in shown], tables, [c.note for c in shown]

    fill_panels.__name__ = f"fill_{page}_panels"
    app.callback(
        Output(panel_id(ids.PANEL_GRAPH, page, ALL), "figure"),
        Output(panel_id(ids.PANEL_TABLE, page, ALL), "children"),
        Output(panel_id(ids.PANEL_NOTE, page, ALL), "children"),
        Input(ids.FILTER_STATE, "data"),
        *(Input(control_id(page, name), "value") for name in controls),
        Input(ids.PRESENTING, "data"),
        Input(panel_id(ids.PANEL_TABLE_TOGGLE, page, ALL), "n_clicks"),
        State(ids.VIEWPORT_WIDTH, "data"),
    )(fill_panels)
