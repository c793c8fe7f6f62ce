"""The presentation layout and the saved briefing's steps: browser-side callbacks (``assets/briefing.js``).

Only the count of views in this browser's briefing is written on the server (it is translated).
"""

from __future__ import annotations

from dash import ALL, ClientsideFunction, Dash, Input, Output, State

from core.i18n import n_
from layouts import ids


def _browser(name: str) -> ClientsideFunction:
    return ClientsideFunction(namespace="briefing", function_name=name)


def register(app: Dash) -> None:
    """Register the presentation switch, the briefing's steps and the editing of the saved briefing."""
    app.clientside_callback(
        _browser("presenting"),
        Output(ids.SHELL, "className"),
        Output(ids.PRESENTING, "data"),
        Input(ids.URL, "search"),
        State(ids.PRESENTING, "data"),
    )
    app.clientside_callback(
        _browser("togglePresent"),
        Output(ids.URL, "search", allow_duplicate=True),
        Input(ids.PRESENT, "n_clicks"),
        Input(ids.PRESENT_EXIT, "n_clicks"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        _browser("addView"),
        Output(ids.SAVED_BRIEFING, "data"),
        Input(ids.ADD_VIEW, "n_clicks"),
        State(ids.URL, "pathname"),
        State(ids.URL, "search"),
        State(ids.SAVED_BRIEFING, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        _browser("edit"),
        Output(ids.SAVED_BRIEFING, "data", allow_duplicate=True),
        Input({"type": ids.BRIEFING_EDIT, "index": ALL, "move": ALL}, "n_clicks"),
        State(ids.SAVED_BRIEFING, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        _browser("start"),
        Output(ids.SHOWN_BRIEFING, "data"),
        Output(ids.URL, "href"),
        Input(ids.BRIEFING_START, "n_clicks"),
        State(ids.BRIEFING_VIEWS, "data"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        _browser("step"),
        Output(ids.URL, "href", allow_duplicate=True),
        Input(ids.VIEW_PREVIOUS, "n_clicks"),
        Input(ids.VIEW_NEXT, "n_clicks"),
        State(ids.URL, "search"),
        State(ids.SHOWN_BRIEFING, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        _browser("position"),
        Output(ids.VIEW_POSITION, "children"),
        Output(ids.VIEW_STEPS, "hidden"),
        Output(ids.VIEW_NEXT, "disabled"),
        Input(ids.URL, "search"),
        Input(ids.SHOWN_BRIEFING, "data"),
    )

    @app.callback(
        Output(ids.SAVED_BRIEFING_LINK, "children"),
        Input(ids.SAVED_BRIEFING, "data"),
        State(ids.URL, "search"),  # names the interface language (see callbacks.language)
    )
    def saved_briefing_link(views: list[str] | None, _search: str | None) -> str:
        """The link to this browser's briefing, saying how many views it holds."""
        count = len(views or [])
        return n_("Briefing: %(num)d view", "Briefing: %(num)d views", count)
