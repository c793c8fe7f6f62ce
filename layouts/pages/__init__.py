"""Page registration: each page module has ``register()`` and ``layout()``."""

from __future__ import annotations

from types import ModuleType

import dash
from dash import html

from layouts.pages import (
    deaths,
    drivers,
    flows,
    incidents,
    methodology,
    not_found_404,
    overview,
    route_profile,
    smugglers,
)
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
    not_found_404.register()


def page_paths() -> frozenset[str]:
    """Paths of the registered pages (not the not-found page)."""
    return frozenset(
        page["path"] for page in dash.page_registry.values() if page["path"] != not_found_404.PATH
    )


def all_layouts(service: ViewData) -> list[html.Div]:
    """Every page's layout, for the app's validation layout."""
    return [page.layout(service) for page in PAGES]
