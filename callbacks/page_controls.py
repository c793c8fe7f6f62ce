"""A page's own controls follow the address (``page_<control>=``) and write their value back to it.

Opening a link builds the page with the link's values (``layouts.page.linked_value``). A change of
the query string alone does not rebuild the page (``layouts.pages.shown_once``), so back, forward
and a briefing's next view reach the controls through this callback; a control changed by hand
writes its value into the address, which adds a step to the browser's history.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from dash import ALL, Dash, Input, Output, State, ctx, no_update

from layouts import ids
from layouts.pages import page_paths_by_key
from layouts.panel_card import control_error_id, control_id
from panels.filters import filters_from_url
from panels.pages import control_value
from panels.view import control_parameter, with_controls
from view_data import ViewData


def register(app: Dash, service: ViewData) -> None:
    """Register the callback keeping the controls on screen and the address in step."""

    @app.callback(
        Output(ids.URL, "search", allow_duplicate=True),
        Output(control_id(ALL, ALL), "value"),
        Output(control_error_id(ALL, ALL), "children"),
        Input(ids.URL, "search"),
        Input(control_id(ALL, ALL), "value"),
        State(ids.URL, "pathname"),
        prevent_initial_call=True,
    )
    def sync_page_controls(search: str | None, values: list[str], path: str | None) -> tuple:
        """Address → controls on back, forward and in-page links; a control → the address."""
        keys = [(item["id"]["page"], item["id"]["name"]) for item in ctx.inputs_list[1]]
        unchanged = (no_update, [no_update] * len(keys), [no_update] * len(keys))
        if not keys or page_paths_by_key().get(keys[0][0]) != path:
            return unchanged  # the page is being replaced: its own callbacks start from the link
        given = parse_qs((search or "").removeprefix("?"), keep_blank_values=True)
        region = filters_from_url(service, search)[0].region
        linked = [
            control_value(service, page, name, _one_or_all(given.get(control_parameter(name))), region)
            for page, name in keys
        ]
        problems = [problem for _value, problem in linked]
        if ctx.triggered_id == ids.URL:
            new_values = [
                value if value != old else no_update for (value, _), old in zip(linked, values, strict=True)
            ]
            return no_update, new_values, problems
        if values == [value for value, _problem in linked]:  # the controls have just appeared
            return no_update, unchanged[1], problems
        new_search = with_controls(
            search, {name: value for (_, name), value in zip(keys, values, strict=True)}
        )
        return new_search, unchanged[1], [None] * len(keys)


def _one_or_all(values: list[str] | None) -> str | list[str] | None:
    """A parameter's one value, its several values, or None when it is absent."""
    if not values:
        return None
    return values[0] if len(values) == 1 else values
