"""Regional maps (one per page): geometry sent once, each filter or layer change patched in."""

from __future__ import annotations

from dash import ALL, MATCH, Dash, Input, Output, State, ctx, no_update

from core.i18n import language
from layouts import ids
from layouts.data_table import data_table, table_is_open
from layouts.filter_bar import filter_id
from layouts.map_card import map_table_label
from layouts.panel_card import map_id
from panels.filters import filters_from_state
from panels.maps import clicked_filter, initial_map, map_patch
from view_data import ViewData


def register(app: Dash, service: ViewData) -> None:
    """Register the map callbacks on ``app``."""

    @app.callback(
        Output(map_id(ids.MAP_GRAPH, MATCH), "figure"),
        Output(map_id(ids.MAP_TABLE, MATCH), "children"),
        Output(map_id(ids.MAP_CAPTION, MATCH), "children"),
        Output(map_id(ids.MAP_SLOTS, MATCH), "data"),
        Output(map_id(ids.MAP_REGION, MATCH), "data"),
        Input(ids.FILTER_STATE, "data"),
        Input(map_id(ids.MAP_LAYER, MATCH), "value"),
        Input(map_id(ids.MAP_TABLE_TOGGLE, MATCH), "n_clicks"),
        State(map_id(ids.MAP_SLOTS, MATCH), "data"),
        State(map_id(ids.MAP_REGION, MATCH), "data"),
    )
    def update_map(
        query: str | None, layer: str, table_clicks: int | None, slots: dict[str, int], shown: str | None
    ) -> tuple:
        """Recolour a page's map for the filters and layer (geometry stays in the browser); caption the layer.

        Another region redraws the whole map (its boundaries, routes, hubs and view). The table of the
        map's numbers is built only while it is open.
        """
        filters = filters_from_state(service, query)
        redraw = None
        if filters.region != shown:
            redraw, slots = initial_map(service, filters.region)
        patch, rows, columns, caption = map_patch(service, layer, filters, slots, redraw=redraw)
        table = (
            data_table(rows, columns, map_table_label(), language()) if table_is_open(table_clicks) else None
        )
        if isinstance(ctx.triggered_id, dict) and ctx.triggered_id.get("type") == ids.MAP_TABLE_TOGGLE:
            return no_update, table, no_update, no_update, no_update
        new_region = (slots, filters.region) if redraw is not None else (no_update, no_update)
        return patch, table, caption, *new_region

    @app.callback(
        Output(filter_id("admin1"), "value", allow_duplicate=True),
        Output(filter_id("route"), "value", allow_duplicate=True),
        Input(map_id(ids.MAP_GRAPH, ALL), "clickData"),
        State(filter_id("region"), "value"),
        prevent_initial_call=True,
    )
    def filter_by_clicked_place(clicks: list[dict | None], region: str | None) -> tuple:
        """Clicking a region, hub or route filters every view to it (a chip shows it; Clear filters removes it)."""
        click = ctx.triggered[0]["value"] if ctx.triggered else None
        if not click or not click.get("points"):
            return no_update, no_update
        chosen = clicked_filter(service, click["points"][0], service.profile(region))
        if chosen is None:
            return no_update, no_update
        parameter, value = chosen
        return ([value], no_update) if parameter == "admin1" else (no_update, [value])
