"""Flows through flow monitoring points (IOM DTM): volumes, direction, minors, change."""

from __future__ import annotations

import functools

import dash
from dash import html

from core.i18n import _, lazy_
from layouts.map_card import map_card
from layouts.page import caveat, page_layout
from layouts.panel_card import panel
from view_data import ViewData

PAGE = "flows"


def layout(service: ViewData, **query: str | list[str]) -> html.Div:
    """Daily averages per month by direction, minors, volumes per FMP and the latest change."""
    return page_layout(
        _("Flows through flow monitoring points"),
        _("People counted at transit points by IOM's Displacement Tracking Matrix, by month and direction."),
        [
            [caveat(_("FMP counts are movements, not people: one person may be counted at several points."))],
            [panel(PAGE, "daily", lg=12)],
            [panel(PAGE, "minors"), panel(PAGE, "change")],
            [panel(PAGE, "by_fmp", lg=12)],
            [map_card(service, PAGE, query, ["flows"])],
        ],
    )


def register(service: ViewData) -> None:
    """Register the page."""
    dash.register_page(
        __name__,
        path="/flows",
        name=lazy_("Flows"),
        title=lambda **_path: _("Flows through FMPs"),
        layout=functools.partial(layout, service),
        order=4,
    )
