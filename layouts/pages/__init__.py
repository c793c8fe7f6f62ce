"""Page registration: each page module has ``register()`` and ``layout()``."""

from __future__ import annotations

from types import ModuleType

from dash import html

from layouts.pages import deaths, drivers, flows, incidents, methodology, overview, route_profile, smugglers
from view_data import ViewData

PAGES: tuple[ModuleType, ...] = (
    overview,
    incidents,
    drivers,
    smugglers,
    flows,
    deaths,
    route_profile,
    methodology,
)


def register_all(service: ViewData) -> None:
    """Register every page with Dash Pages, in navigation order."""
    for page in PAGES:
        page.register(service)


def all_layouts(service: ViewData) -> list[html.Div]:
    """Every page's layout, for the app's validation layout."""
    return [page.layout(service) for page in PAGES]
