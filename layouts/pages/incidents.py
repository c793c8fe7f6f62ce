"""Protection incidents: what happens, where, by whom, to whom."""

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

PAGE = "incidents"


def layout(service: ViewData, **query: str | list[str]) -> html.Div:
    """Incident types, places, perpetrators, and gender and age side by side."""
    incident, problem = linked_value(service, PAGE, "incident", query)
    return page_layout(
        _("Protection incidents"),
        _("Incidents respondents reported on their journey: what happened, where, who was responsible."),
        [
            [caveat(not_representative())],
            [panel(PAGE, "types", lg=12)],
            [panel(PAGE, "by_gender"), panel(PAGE, "by_age")],
            [panel(PAGE, "places", lg=5), panel(PAGE, "perpetrators", lg=7)],
            [map_card(service, PAGE, query, ["incidents"])],
        ],
        controls=[
            page_dropdown(
                PAGE,
                "incident",
                _("Incident type for places"),
                service.labels.options("category", service.categories("incident_place"), "incident_place"),
                incident,
                problem=problem,
            )
        ],
    )


def register(service: ViewData) -> None:
    """Register the page."""
    dash.register_page(
        __name__,
        path="/incidents",
        name=lazy_("Incidents"),
        title=lambda **_path: _("Protection incidents"),
        layout=functools.partial(layout, service),
        order=1,
    )
