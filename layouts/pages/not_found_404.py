"""The page shown for an address the dashboard does not have (served with HTTP status 404)."""

from __future__ import annotations

import dash
from dash import dcc, html

from core.i18n import _, with_language

PATH = "/404"


def layout(**_query: str) -> html.Div:
    """Say the page does not exist and lead back to the overview."""
    return html.Div(
        [
            html.H1(_("Page not found"), className="h3"),
            html.P(_("This dashboard has no page at this address."), className="text-body-secondary"),
            dcc.Link(_("Go to the overview"), href=with_language("/")),
        ]
    )


def register() -> None:
    """Register the page (Dash shows it for every unknown path)."""
    dash.register_page(
        __name__,
        path=PATH,
        name=_("Page not found"),
        title=lambda **_path: _("Page not found"),
        layout=layout,
    )
