"""Smugglers: use, services, smugglers as perpetrators, money running out."""

from __future__ import annotations

import functools

import dash
from dash import html

from core.i18n import _, lazy_
from layouts.map_card import map_card
from layouts.page import caveat, linked_value, page_dropdown, page_layout
from layouts.panel_card import panel
from panels.text import not_representative
from view_data import ViewData

PAGE = "smugglers"


def layout(service: ViewData, **query: str | list[str]) -> html.Div:
    """Use of smugglers and interactions with them, by route or region (``page_breakdown`` of the link)."""
    breakdown, problem = linked_value(service, PAGE, "breakdown", query)
    return page_layout(
        _("Smugglers"),
        _("Whether people used smugglers, what they paid them for, and harm done by smugglers."),
        [
            [caveat(not_representative())],
            [panel(PAGE, "used"), panel(PAGE, "services")],
            [panel(PAGE, "as_perpetrators"), panel(PAGE, "money")],
            [map_card(service, PAGE, query, ["smuggling"])],
        ],
        controls=[
            page_dropdown(
                PAGE,
                "breakdown",
                _("Break down by"),
                [
                    {"label": _("Route"), "value": "route"},
                    {"label": _("Admin-1 region of interview"), "value": "admin1"},
                ],
                breakdown,
                printed_label=_("Broken down by"),
                problem=problem,
            )
        ],
    )


def register(service: ViewData) -> None:
    """Register the page."""
    dash.register_page(
        __name__,
        path="/smugglers",
        name=lazy_("Smugglers"),
        title=lambda **_path: _("Smugglers"),
        layout=functools.partial(layout, service),
        order=3,
    )
