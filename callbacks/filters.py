"""Keep the filter bar, the URL query string and the navigation links in step."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import ALL, Input, Output, State, callback, ctx, no_update

from callbacks.common import current_profile, default_region
from dashboard.cached_data import loaded_nationalities, loaded_periods, profiles, vocabulary
from dashboard.filter_options import admin1_choices, filter_choices
from dashboard.i18n import _
from dashboard.labels import label
from dashboard.reference_codes import dimension_codes
from indicators.filters import PARAMS, FilterError, Filters
from layouts import ids
from layouts.filter_bar import filter_id

CONTROL_OUTPUTS = [Output(filter_id(p), "value") for p in PARAMS]
CONTROL_INPUTS = [Input(filter_id(p), "value") for p in PARAMS]


def filters_from_controls(values: dict[str, object]) -> Filters:
    """Filters from the controls' values (no validation: the options come from the vocabulary)."""
    return Filters(
        region=values.get("region") or None,
        period_from=values.get("period_from") or None,
        period_to=values.get("period_to") or None,
        **{
            p: tuple(values.get(p) or ())
            for p in ("route", "country", "admin1", "gender", "age_group", "nationality")
        },
    )


def controls_from_filters(filters: Filters) -> list[object]:
    """Control values in PARAMS order."""
    return [
        getattr(filters, p) if p in ("region", "period_from", "period_to") else list(getattr(filters, p))
        for p in PARAMS
    ]


def with_default_region(filters: Filters) -> Filters:
    """The filters with the configured region when none is chosen."""
    if filters.region:
        return filters
    return Filters(**{**filters.__dict__, "region": default_region()})


def chips(filters: Filters) -> list[dbc.Badge]:
    """One visible chip per active filter value (except the region)."""
    badges = []
    for parameter in PARAMS[1:]:
        value = getattr(filters, parameter)
        values = (value,) if isinstance(value, str) else value or ()
        dimension = "place" if parameter == "location" else parameter
        for item in values:
            text = item if parameter.startswith("period") else label(dimension, item)
            badges.append(
                dbc.Badge(
                    f"{_(parameter.replace('_', ' ').capitalize())}: {text}",
                    color="light",
                    text_color="dark",
                    className="border",
                )
            )
    return badges


@callback(
    Output(ids.URL, "search"),
    *CONTROL_OUTPUTS,
    Output(ids.FILTER_STATE, "data"),
    Output(ids.FILTER_CHIPS, "children"),
    Output(ids.FILTER_ERROR, "children"),
    Output(filter_id("period_from"), "options"),
    Output(filter_id("period_to"), "options"),
    Input(ids.URL, "search"),
    Input(ids.CLEAR_FILTERS, "n_clicks"),
    *CONTROL_INPUTS,
)
def sync_filters(search: str | None, _clear: int | None, *values: object):  # noqa: ANN201
    """URL → controls on load and back/forward; controls → URL on every change.

    The URL is only written when a control changed, so opening a link or pressing back never
    rewrites the address the user came from.
    """
    trigger = ctx.triggered_id
    error = None
    if trigger == ids.CLEAR_FILTERS:
        filters = with_default_region(Filters())
    elif trigger is None or trigger == ids.URL:
        try:
            filters = Filters.from_query_string(search or "", vocabulary())
        except FilterError as exc:
            filters = Filters()
            error = dbc.Alert(
                _(
                    "This link has a filter the dashboard does not know (%(problem)s); showing all data instead.",
                    problem=str(exc),
                ),
                color="danger",
                className="mt-2 mb-0",
            )
        filters = with_default_region(filters)
    else:
        filters = with_default_region(filters_from_controls(dict(zip(PARAMS, values, strict=True))))
    query = filters.to_query_string()
    from_url = trigger is None or trigger == ids.URL
    new_search = f"?{query}" if query else ""
    return (
        no_update if from_url or new_search == (search or "") else new_search,
        *controls_from_filters(filters),
        query,
        chips(filters),
        error,
        *[period_options(filters)] * 2,
    )


def period_options(filters: Filters) -> list[dict[str, str]]:
    """Every month from the first to the last loaded, widened to include the chosen months."""
    months = [m for m in (*loaded_periods(), filters.period_from, filters.period_to) if m]
    if not months:
        return []
    span = pd.period_range(min(months), max(months), freq="M").strftime("%Y-%m")
    return [{"label": month, "value": month} for month in span]


@callback(
    Output(filter_id("region"), "options"),
    Output(filter_id("route"), "options"),
    Output(filter_id("country"), "options"),
    Output(filter_id("gender"), "options"),
    Output(filter_id("age_group"), "options"),
    Output(filter_id("nationality"), "options"),
    Input(filter_id("region"), "value"),
    prevent_initial_call=True,
)
def filter_options(region: str | None):  # noqa: ANN201
    """Options of every control for the chosen region."""
    choices = filter_choices(
        profiles(), current_profile(region), dimension_codes(), loaded_periods(), loaded_nationalities()
    )
    return (
        choices.region,
        choices.route,
        choices.country,
        choices.gender,
        choices.age_group,
        choices.nationality,
    )


@callback(
    Output(filter_id("admin1"), "options"),
    Input(filter_id("country"), "value"),
    State(filter_id("region"), "value"),
    prevent_initial_call=True,
)
def admin1_options(countries: list[str] | None, region: str | None) -> list[dict[str, str]]:
    """Admin-1 units of the chosen countries."""
    return admin1_choices(current_profile(region), list(countries or []))


@callback(
    Output({"type": ids.NAV_LINK, "path": ALL}, "href"),
    Input(ids.FILTER_STATE, "data"),
    State({"type": ids.NAV_LINK, "path": ALL}, "id"),
)
def nav_links_keep_filters(query: str | None, link_ids: list[dict[str, str]]) -> list[str]:
    """Navigation links carry the current filters to the next page."""
    return [f"{link['path']}?{query}" if query else link["path"] for link in link_ids]
