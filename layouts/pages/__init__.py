"""Page registration: each page module has ``register()`` and ``layout()``."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import dash
from dash import html
from dash.development.base_component import Component

from core.i18n import language
from layouts.pages import (
    deaths,
    drivers,
    flows,
    incidents,
    methodology,
    not_found_404,
    overview,
    route_profile,
    saved_briefing,
    smugglers,
    trends,
)
from view_data import ViewData

PAGES: tuple[ModuleType, ...] = (
    overview,
    incidents,
    drivers,
    smugglers,
    flows,
    deaths,
    trends,
    route_profile,
    methodology,
    saved_briefing,
)


#: The router's argument naming the page on screen (``dashboard.app`` passes it as a State).
SHOWN_PAGE_ARG = "shown_page"
SHOWN_PAGE_PROP = "data-page"


def register_all(service: ViewData) -> None:
    """Register every page with Dash Pages, in navigation order; each is built once per visit."""
    for page in PAGES:
        page.register(service)
    not_found_404.register()
    for page in dash.page_registry.values():
        page["layout"] = shown_once(page["path"], page["layout"])


def shown_once(path: str, build: Callable[..., Component]) -> Callable[..., object]:
    """``build`` for a visit of ``path``, but nothing when that page is on screen in this language.

    Dash Pages' router runs on every change of the address, query string included, so each
    filter change would rebuild the whole page before its panels are answered again. The page
    on screen is named by its content's ``data-page`` (copied to ``ids.PAGE_SHOWN`` in the
    browser): when it is this page in this language, the filters' callbacks update it instead.
    """

    def layout(shown_page: str | None = None, **query: str | list[str]) -> object:
        shown = f"{path}|{language()}"
        if shown_page == shown:
            return dash.no_update
        return html.Div(build(**query), **{SHOWN_PAGE_PROP: shown})

    return layout


def page_paths() -> frozenset[str]:
    """Paths of the registered pages (not the not-found page)."""
    return frozenset(
        page["path"] for page in dash.page_registry.values() if page["path"] != not_found_404.PATH
    )


def all_layouts(service: ViewData) -> list[html.Div]:
    """Every page's layout, for the app's validation layout."""
    return [page.layout(service) for page in PAGES]


def page_paths_by_key() -> dict[str, str]:
    """The address of each page with panels, by its key (``PAGE``: ``{"route": "/route", ...}``)."""
    return {
        page.PAGE: dash.page_registry[page.__name__]["path"]
        for page in PAGES
        if hasattr(page, "PAGE") and page.__name__ in dash.page_registry
    }
