"""Every page with panels: the builder of its content and its own controls, with their allowed values.

The panel callbacks (``callbacks.pages``) and the exports (``dashboard.export_routes``) build a
page's panels through this one registry, so an export shows what the page shows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from core.i18n import lazy_
from indicators.filters import Filters
from panels import deaths, drivers, flows, incidents, overview, route_profile, smugglers
from panels.filters import FILTER_LABELS
from panels.text import PanelContent
from view_data import ViewData

Builder = Callable[[ViewData, Filters, dict[str, object]], dict[str, PanelContent]]

DRIVER_BREAKDOWNS = ("route", "admin1", "gender", "age_group", "nationality")
SMUGGLER_BREAKDOWNS = ("route", "admin1")


@dataclass(frozen=True)
class Control:
    """A page's own control: its name in words, the values it accepts and a value in words."""

    label: object  # a lazy string: translated when shown
    choices: Callable[[ViewData], Sequence[str]]
    value_label: Callable[[ViewData, str], str]


def _breakdown(choices: Sequence[str]) -> Control:
    return Control(
        lazy_("Break down by"), lambda _service: choices, lambda _service, value: str(FILTER_LABELS[value])
    )


def _incident(label: object) -> Control:
    return Control(
        label,
        lambda service: service.categories("incident_place"),
        lambda service, value: service.labels.label("category", value, "incident_place"),
    )


ROUTE = Control(
    lazy_("Route"), lambda service: service.route_ids(), lambda service, v: service.labels.label("route", v)
)


@dataclass(frozen=True)
class PageContent:
    """How a page's panels are built: ``build(service, filters, controls)``, their keys, its controls."""

    build: Builder
    panels: tuple[str, ...]
    controls: dict[str, Control] = field(default_factory=dict)


PAGE_CONTENT: dict[str, PageContent] = {
    "overview": PageContent(overview.build, ("incidents", "drivers", "flows", "deaths")),
    "incidents": PageContent(
        incidents.build,
        ("types", "by_gender", "by_age", "places", "perpetrators"),
        {"incident": _incident(lazy_("Incident type for places"))},
    ),
    "drivers": PageContent(drivers.build, ("drivers", "by"), {"breakdown": _breakdown(DRIVER_BREAKDOWNS)}),
    "smugglers": PageContent(
        smugglers.build,
        ("used", "services", "as_perpetrators", "money"),
        {"breakdown": _breakdown(SMUGGLER_BREAKDOWNS)},
    ),
    "flows": PageContent(flows.build, ("daily", "minors", "change", "by_fmp")),
    "deaths": PageContent(deaths.build, ("by_year", "by_cause", "by_country")),
    "route": PageContent(
        route_profile.build, ("profile",), {"route": ROUTE, "incident": _incident(lazy_("Incident type"))}
    ),
}


def controls_in_words(
    service: ViewData, content: PageContent, values: dict[str, object]
) -> list[tuple[str, str]]:
    """(name, value) of each of the page's controls in words, e.g. ("Break down by", "Gender")."""
    return [
        (str(control.label), control.value_label(service, str(values[name])))
        for name, control in content.controls.items()
    ]
