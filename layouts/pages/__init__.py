"""Page registration: each page module has ``register()`` and ``layout()``."""

from __future__ import annotations

from types import ModuleType

from layouts.pages import deaths, drivers, flows, incidents, methodology, overview, route_profile, smugglers

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


def register_all() -> None:
    """Register every page with Dash Pages, in navigation order."""
    for page in PAGES:
        page.register()


def all_layouts() -> list[object]:
    """Every page's layout, for the app's validation layout."""
    return [page.layout() for page in PAGES]
