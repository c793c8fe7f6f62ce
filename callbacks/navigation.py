"""Pure interface toggles, run in the browser."""

from dash import Dash, Input, Output, State

from layouts import ids


def register(app: Dash) -> None:
    """Register the navigation toggle, and the window width that charts are wrapped for, on ``app``."""
    app.clientside_callback(
        "function (clicks, isOpen) { return clicks ? !isOpen : isOpen; }",
        Output(ids.NAVBAR_COLLAPSE, "is_open"),
        Input(ids.NAVBAR_TOGGLER, "n_clicks"),
        State(ids.NAVBAR_COLLAPSE, "is_open"),
    )

    app.clientside_callback(
        "function () { return window.innerWidth; }",
        Output(ids.VIEWPORT_WIDTH, "data"),
        Input(ids.URL, "pathname"),
    )
