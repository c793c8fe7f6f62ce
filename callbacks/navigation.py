"""Pure interface toggles, run in the browser."""

from dash import Dash, Input, Output, State

from layouts import ids
from layouts.pages import SHOWN_PAGE_PROP

PAGE_CONTENT = "_pages_content"  # Dash Pages' container of the page's content


def register(app: Dash) -> None:
    """Register the navigation toggle, and the window width that charts are wrapped for, on ``app``."""
    app.clientside_callback(
        "function (clicks, isOpen) { return clicks ? !isOpen : isOpen; }",
        Output(ids.NAVBAR_COLLAPSE, "is_open"),
        Input(ids.NAVBAR_TOGGLER, "n_clicks"),
        State(ids.NAVBAR_COLLAPSE, "is_open"),
    )

    app.clientside_callback(
        f"""function (content) {{
            const shown = content && content.props && content.props["{SHOWN_PAGE_PROP}"];
            return shown || dash_clientside.no_update;
        }}""",
        Output(ids.PAGE_SHOWN, "data"),
        Input(PAGE_CONTENT, "children"),
    )

    app.clientside_callback(
        "function () { return window.innerWidth; }",
        Output(ids.VIEWPORT_WIDTH, "data"),
        Input(ids.URL, "pathname"),
    )
