"""Every page with panels: the builder of its content and its own controls, with their allowed values.

The panel callbacks (``callbacks.pages``) and the exports (``dashboard.export_routes``) build a
page's panels through this one registry, so an export shows what the page shows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from indicators.filters import Filters
from panels import deaths, drivers, flows, incidents, overview, route_profile, smugglers
from panels.text import PanelContent
from view_data import ViewData

Builder = Callable[[ViewData, Filters, dict[str, object]], dict[str, PanelContent]]
#: The values a page control accepts, from the service.
Choices = Callable[[ViewData], Sequence[str]]

DRIVER_BREAKDOWNS = ("route", "admin1", "gender", "age_group", "nationality")
SMUGGLER_BREAKDOWNS = ("route", "admin1")


def _incident_places(service: ViewData) -> Sequence[str]:
    return service.categories("incident_place")


def _routes(service: ViewData) -> Sequence[str]:
    return service.route_ids()


@dataclass(frozen=True)
class PageContent:
    """How a page's panels are built: ``build(service, filters, controls)`` and its controls by name."""

    build: Builder
    controls: dict[str, Choices] = field(default_factory=dict)


PAGE_CONTENT: dict[str, PageContent] = {
    "overview": PageContent(overview.build),
    "incidents": PageContent(incidents.build, {"incident": _incident_places}),
    "drivers": PageContent(drivers.build, {"breakdown": lambda _service: DRIVER_BREAKDOWNS}),
    "smugglers": PageContent(smugglers.build, {"breakdown": lambda _service: SMUGGLER_BREAKDOWNS}),
    "flows": PageContent(flows.build),
    "deaths": PageContent(deaths.build),
    "route": PageContent(route_profile.build, {"route": _routes, "incident": _incident_places}),
}
