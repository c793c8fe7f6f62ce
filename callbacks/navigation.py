"""Pure interface toggles, run in the browser."""

from dash import Input, Output, State, clientside_callback

from layouts import ids

clientside_callback(
    "function (clicks, isOpen) { return clicks ? !isOpen : isOpen; }",
    Output(ids.NAVBAR_COLLAPSE, "is_open"),
    Input(ids.NAVBAR_TOGGLER, "n_clicks"),
    State(ids.NAVBAR_COLLAPSE, "is_open"),
)
