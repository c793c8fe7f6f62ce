"""The frame around every page: navigation, synthetic-data banner, page content."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard.cached_data import has_synthetic_data
from dashboard.i18n import _
from layouts import ids


def synthetic_banner() -> html.Div | None:
    """A banner shown while any synthetic dataset is loaded."""
    if not has_synthetic_data():
        return None
    return dbc.Alert(
        [
            html.Strong(_("Synthetic demonstration data. ")),
            _(
                "Some figures on this site come from generated data in the published formats; "
                "they are not real observations and must not be quoted."
            ),
        ],
        id=ids.SYNTHETIC_BANNER,
        color="warning",
        className="mb-0 rounded-0 text-dark",
        role="status",
    )


def navbar() -> dbc.Navbar:
    """Top navigation listing every registered page."""
    links = [
        dbc.NavItem(dbc.NavLink(str(page["name"]), href=page["relative_path"], active="exact"))
        for page in dash.page_registry.values()
    ]
    return dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand(_("Mixed migration protection monitor"), href="/"),
                dbc.Nav(links, navbar=True, className="flex-wrap"),
            ],
            fluid=True,
        ),
        id=ids.NAVBAR,
        color="dark",
        dark=True,
        className="mb-3",
    )


def app_shell() -> html.Div:
    """The layout of every request (a function, so each request reads current data)."""
    return html.Div(
        [
            html.A(
                _("Skip to content"), href=f"#{ids.PAGE_CONTAINER}", className="visually-hidden-focusable"
            ),
            synthetic_banner(),
            navbar(),
            html.Main(dbc.Container(dash.page_container, fluid=True), id=ids.PAGE_CONTAINER),
        ]
    )
