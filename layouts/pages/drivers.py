"""Drivers of migration by route, region, gender, age group and nationality."""

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

PAGE = "drivers"


def breakdown_options() -> list[dict[str, str]]:
    """Dimensions the drivers can be broken down by."""
    return [
        {"label": _("Route"), "value": "route"},
        {"label": _("Admin-1 region of interview"), "value": "admin1"},
        {"label": _("Gender"), "value": "gender"},
        {"label": _("Age group"), "value": "age_group"},
        {"label": _("Nationality"), "value": "nationality"},
    ]


def layout(service: ViewData, **query: str | list[str]) -> html.Div:
    """Driver shares overall and by the chosen breakdown (``page_breakdown`` of the link)."""
    breakdown, problem = linked_value(service, PAGE, "breakdown", query)
    return page_layout(
        _("Drivers of migration"),
        _("Why people left: several reasons may be given, so shares add up to more than 100 %."),
        [
            [caveat(not_representative())],
            [panel(PAGE, "drivers", lg=5), panel(PAGE, "by", lg=7)],
            [map_card(service, PAGE, query, ["drivers"])],
        ],
        controls=[
            page_dropdown(
                PAGE,
                "breakdown",
                _("Break down by"),
                breakdown_options(),
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
        path="/drivers",
        name=lazy_("Drivers"),
        title=lambda **_path: _("Drivers of migration"),
        layout=functools.partial(layout, service),
        order=2,
    )
