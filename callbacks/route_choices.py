"""The route profile's route picker offers the routes of the chosen region.

Switching region in the filter bar does not rebuild the page, so this callback gives the picker
the new region's routes and, when the route shown is not one of them, the region's first route
(``callbacks.page_controls`` then writes it into the address).
"""

from __future__ import annotations

from dash import ALL, Dash, Input, Output, State, ctx, no_update

from layouts import ids
from layouts.pages.route_profile import PAGE
from layouts.panel_card import control_id
from panels.filters import filters_from_state
from panels.route_profile import region_routes, shown_route
from view_data import ViewData


def register(app: Dash, service: ViewData) -> None:
    """Register the callback keeping the route picker on the region's routes."""

    @app.callback(
        Output(control_id(PAGE, ALL), "options"),
        Output(control_id(PAGE, ALL), "value", allow_duplicate=True),
        Input(ids.FILTER_STATE, "data"),
        State(control_id(PAGE, ALL), "value"),
        prevent_initial_call=True,
    )
    def route_choices(query: str | None, values: list[str]) -> tuple[list, list]:
        """Options and value of the route picker for the filter state's region; other controls unchanged."""
        names = [item["id"]["name"] for item in ctx.states_list[0]]
        region = filters_from_state(service, query).region
        options, new_values = [], []
        for name, value in zip(names, values, strict=True):
            if name != "route":
                options.append(no_update)
                new_values.append(no_update)
                continue
            options.append(service.labels.options("route", region_routes(service, region)))
            shown = shown_route(service, region, str(value))
            new_values.append(shown if shown != value else no_update)
        return options, new_values
