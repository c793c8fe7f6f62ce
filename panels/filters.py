"""The filters a view is for: from the URL, the filter-bar controls or the shared filter state."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date

import pandas as pd
from babel.dates import format_date

from core.i18n import _, in_series, labelled, language, lazy_
from core.text import quoted
from indicators.filters import (
    MULTI_PARAMS,
    PARAMS,
    SINGLE_PARAMS,
    FilterError,
    Filters,
    clamp_periods,
    language_of_query,
)
from panels.view import filters_part, is_view_parameter
from view_data import ViewData

FILTER_LABELS = {  # the name of each filter, on its control and on its chips
    "region": lazy_("Region"),
    "period_from": lazy_("From"),
    "period_to": lazy_("To"),
    "route": lazy_("Route"),
    "country": lazy_("Country"),
    "area": lazy_("Coordination area"),
    "admin1": lazy_("Admin-1 region"),
    "gender": lazy_("Gender"),
    "age_group": lazy_("Age group"),
    "nationality": lazy_("Nationality"),
}


def month_text(period: str) -> str:
    """A month ``YYYY-MM`` in the request's language, e.g. "Jan 2014"."""
    return format_date(date.fromisoformat(f"{period}-01"), "MMM y", locale=language())


def month_options(months: list[str]) -> list[dict[str, str]]:
    """Dropdown options of months: "Jan 2023" shown, ``2023-01`` kept as the value."""
    return [{"label": month_text(month), "value": month} for month in months]


def active_count(filters: Filters) -> int:
    """How many filters are set, the region aside (it always has one)."""
    return sum(bool(getattr(filters, parameter)) for parameter in PARAMS[1:])


def with_default_region(service: ViewData, filters: Filters) -> Filters:
    """The filters with the default region when none is chosen."""
    if filters.region:
        return filters
    return dataclasses.replace(filters, region=service.default_region)


def within_data(service: ViewData, filters: Filters) -> tuple[Filters, str | None]:
    """``filters`` with their period moved inside the months the loaded data covers, and a sentence saying
    so when it moved (a link may name any month from 1900 to 2099; no option list is longer than the data)."""
    months = service.loaded_periods()
    inside, moved = clamp_periods(filters, months)
    if not moved:
        return filters, None
    if not months:
        return inside, _("No data is loaded yet, so the period this link asks for is not applied.")
    return inside, _(
        "The period this link asks for goes beyond the loaded data; it is narrowed to the months "
        "the data covers (%(first)s to %(last)s).",
        first=month_text(months[0]),
        last=month_text(months[-1]),
    )


def _shown(service: ViewData, filters: Filters) -> Filters:
    """The filters a view shows: its region (the configured one if none), the values that region offers,
    its period within the data."""
    return within_region(service, within_data(service, with_default_region(service, filters))[0])


def filters_from_state(service: ViewData, query: object) -> Filters:
    """Filters from the canonical query string the filter bar keeps (empty filters if invalid)."""
    try:
        filters = Filters.from_query_string(query if isinstance(query, str) else "", service.vocabulary())
    except FilterError:
        filters = Filters()
    return _shown(service, filters)


def filters_from_url(service: ViewData, search: str | None) -> tuple[Filters, str | None]:
    """Filters of a link's query string, or all data and the reason the link was refused.

    The view's own parameters (page controls, presentation, briefing) are left to the view; the
    period is as the link names it (see :func:`within_data`).
    """
    try:
        filters, problem = Filters.from_query_string(filters_part(search), service.vocabulary()), None
    except FilterError as exc:
        filters, problem = Filters(), str(exc)
    return with_default_region(service, filters), problem


def filters_from_link(service: ViewData, query: Mapping[str, str | list[str]]) -> Filters:
    """Filters of a link's parameters as Dash passes them to a page layout; all data if refused.

    The filter bar says why a link was refused (:func:`filters_from_url`); a layout shows what it shows.
    """
    try:
        filters_only = {name: value for name, value in query.items() if not is_view_parameter(name)}
        filters = Filters.from_mapping(filters_only, service.vocabulary())
    except FilterError:
        filters = Filters()
    return _shown(service, filters)


def url_query(filters: Filters, search: str | None) -> str:
    """The query string of ``filters`` for the URL, keeping the interface language ``search`` asks for."""
    return filters.to_query_string(language_of_query(search or ""))


def language_link(service: ViewData, path: str | None, query: str | None, lang: str) -> str:
    """The address of the view at ``path`` with the filters of the filter state ``query``, in ``lang``."""
    return f"{path or '/'}?{filters_from_state(service, query).to_query_string(lang)}"


def filters_from_controls(service: ViewData, values: dict[str, object]) -> Filters:
    """Filters from the controls' values, checked as a link's are (a request may carry any value):
    a :class:`FilterError` names the first value refused."""
    given = {}
    for name in PARAMS:
        value = values.get(name)
        items = [value] if name in SINGLE_PARAMS or not isinstance(value, list) else value
        if any(not isinstance(item, str) for item in items if item is not None):
            raise FilterError(name, _("takes text values, got %(value)s", value=quoted(value)))
        given[name] = [item for item in items if item]
    return _shown(service, Filters.from_mapping(given, service.vocabulary()))


def outside_region(service: ViewData, filters: Filters) -> dict[str, tuple[str, ...]]:
    """The routes, countries, areas and admin-1 units of ``filters`` their region does not offer, by
    parameter (empty: every value is the region's, or no region is chosen)."""
    if filters.region is None:
        return {}
    offered = service.region_values(filters.region)
    outside = {
        name: tuple(v for v in getattr(filters, name) if v not in values) for name, values in offered.items()
    }
    return {name: values for name, values in outside.items() if values}


def within_region_noted(service: ViewData, filters: Filters) -> tuple[Filters, str | None]:
    """:func:`within_region`, and a sentence naming what a link asked for that its region lacks."""
    outside = outside_region(service, filters)
    if not outside:
        return filters, None
    return within_region(service, filters), _(
        "This link names what the region %(region)s does not have; it is left out: %(values)s.",
        region=service.labels.label("region", str(filters.region)),
        values=in_series(chip_texts(service, Filters(region=filters.region, **outside))),
    )


def within_region(service: ViewData, filters: Filters) -> Filters:
    """``filters`` without the routes, countries, areas and admin-1 units their region does not offer.

    Switching region keeps what both regions have (a shared country) and drops the rest, so the
    controls never hold a value the region's lists lack and the view never mixes two regions.
    """
    outside = outside_region(service, filters)
    return dataclasses.replace(
        filters,
        **{
            name: tuple(value for value in getattr(filters, name) if value not in values)
            for name, values in outside.items()
        },
    )


def controls_from_filters(filters: Filters) -> list[object]:
    """Control values in PARAMS order."""
    return [list(getattr(filters, p)) if p in MULTI_PARAMS else getattr(filters, p) for p in PARAMS]


def chip_texts(service: ViewData, filters: Filters) -> list[str]:
    """One text per active filter value (except the region), named as its control, e.g. "Gender: Women"."""
    admin1 = {option["value"]: option["label"] for option in service.admin1_choices(filters.region, [])}
    texts = []
    for parameter in PARAMS[1:]:
        value = getattr(filters, parameter)
        values = (value,) if isinstance(value, str) else value or ()
        for item in values:
            if parameter.startswith("period"):
                text = month_text(item)
            elif parameter == "admin1":
                text = admin1.get(item) or service.labels.label(parameter, item)
            else:
                text = service.labels.label(parameter, item)
            texts.append(labelled(FILTER_LABELS[parameter], text))
    return texts


def filters_text(service: ViewData, filters: Filters) -> str:
    """Every filter of a view in one line, the region first, as printed above the page."""
    region = labelled(FILTER_LABELS["region"], service.labels.label("region", filters.region))
    return in_series([region, *chip_texts(service, filters)])


def period_options(service: ViewData, filters: Filters) -> list[dict[str, str]]:
    """Every month from the first to the last loaded (chosen months outside them are moved inside first)."""
    shown = within_data(service, filters)[0]
    months = [m for m in (*service.loaded_periods(), shown.period_from, shown.period_to) if m]
    if not months:
        return []
    return month_options(pd.period_range(min(months), max(months), freq="M").strftime("%Y-%m").tolist())
