"""Every page with panels: the builder of its content and its own controls, with their allowed values.

The panel callbacks (``callbacks.pages``) and the exports (``dashboard.export_routes``) build a
page's panels through this one registry, so an export shows what the page shows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from core.i18n import _, labelled, lazy_
from core.text import quoted
from indicators.filters import Filters
from indicators.trends import COMPARISONS
from panels import deaths, drivers, flows, incidents, overview, route_profile, smugglers, trends
from panels.filters import FILTER_LABELS
from panels.text import PanelContent
from panels.view import control_parameter
from view_data import ViewData
from view_data.trends import INDICATOR_CODES

Builder = Callable[[ViewData, Filters, dict[str, object]], dict[str, PanelContent]]

DRIVER_BREAKDOWNS = ("route", "admin1", "gender", "age_group", "nationality")
SMUGGLER_BREAKDOWNS = ("route", "admin1")


@dataclass(frozen=True)
class Control:
    """A page's own control: its name in words, the values it accepts, a value in words and the value
    it shows when a link names none."""

    label: object  # a lazy string: translated when shown
    choices: Callable[[ViewData], Sequence[str]]
    value_label: Callable[[ViewData, str], str]
    initial: Callable[[ViewData], str] | None = None
    #: The value shown in a region, given the value chosen (e.g. a route the region draws); as chosen if None.
    in_region: Callable[[ViewData, str | None, str], str] | None = None

    def default(self, service: ViewData) -> str:
        """The value shown when a link names none: ``initial``'s when the control offers it, else the first
        (none when it offers nothing, e.g. a period control before any data is loaded)."""
        choices = self.choices(service)
        chosen = self.initial(service) if self.initial else None
        if chosen in choices:
            return chosen
        return choices[0] if choices else ""

    def shown(self, service: ViewData, region: str | None, value: str) -> str:
        """The value shown in ``region`` when ``value`` is chosen (another for a value the region lacks)."""
        return self.in_region(service, region, value) if self.in_region else value

    def region_choices(self, service: ViewData, region: str | None) -> list[str]:
        """The values offered in ``region``: those it shows as chosen."""
        return [value for value in self.choices(service) if self.shown(service, region, value) == value]


def _shows(value: str) -> Callable[[ViewData], str]:
    return lambda _service: value


def _breakdown(choices: Sequence[str], initial: str) -> Control:
    return Control(
        lazy_("Break down by"),
        lambda _service: choices,
        lambda _service, value: str(FILTER_LABELS[value]),
        _shows(initial),
    )


def _incident(label: object) -> Control:
    return Control(
        label,
        lambda service: service.categories("incident_place"),
        lambda service, value: service.labels.label("category", value, "incident_place"),
        _shows("physical_violence"),
    )


ROUTE = Control(
    lazy_("Route"),
    lambda service: service.route_ids(),
    lambda service, v: service.labels.label("route", v),
    lambda service: route_profile.region_routes(service, None)[0],
    route_profile.shown_route,
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
    "drivers": PageContent(
        drivers.build, ("drivers", "by"), {"breakdown": _breakdown(DRIVER_BREAKDOWNS, "gender")}
    ),
    "smugglers": PageContent(
        smugglers.build,
        ("used", "services", "as_perpetrators", "money"),
        {"breakdown": _breakdown(SMUGGLER_BREAKDOWNS, "route")},
    ),
    "flows": PageContent(flows.build, ("daily", "minors", "change", "by_fmp")),
    "deaths": PageContent(deaths.build, ("by_year", "by_cause", "by_country")),
    "trends": PageContent(
        trends.build,
        ("most", "changes", "map"),
        {
            "period": Control(lazy_("Period"), trends.period_choices, trends.period_label),
            "compare": Control(lazy_("Compared with"), lambda _service: COMPARISONS, trends.compare_label),
            "indicator": Control(
                lazy_("Indicator"), lambda _service: INDICATOR_CODES, trends.indicator_label
            ),
        },
    ),
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


def control_value(
    service: ViewData, page: str, name: str, given: object, region: str | None = None
) -> tuple[str, str | None]:
    """The value a link's ``given`` value of a page control shows in ``region``, and why it was refused if it was.

    Nothing given shows the control's default; a value the control does not offer (or several
    values) shows the default and a message naming the parameter and the values it accepts.
    """
    control = PAGE_CONTENT[page].controls[name]
    value, problem = _linked_value(service, control, name, given)
    return control.shown(service, region, value), problem


def _linked_value(service: ViewData, control: Control, name: str, given: object) -> tuple[str, str | None]:
    default = control.default(service)
    if given is None:
        return default, None
    parameter = control_parameter(name)
    if not isinstance(given, str):
        return default, labelled(parameter, _("takes one value, got %(count)d", count=len(list(given))))
    choices = control.choices(service)
    if given in choices:
        return given, None
    message = _(
        "%(value)s is not a value of %(name)s (expected one of %(allowed)s)",
        value=quoted(given),
        name=parameter,
        allowed=", ".join(choices),
    )
    return default, labelled(parameter, message)
