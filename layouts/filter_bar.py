"""The filter bar shown on every page; its values live in the URL query string."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from core.i18n import _
from layouts import ids
from view_data import FilterChoices

MULTI = ("route", "country", "admin1", "gender", "age_group", "nationality")


def filter_id(parameter: str) -> dict[str, str]:
    """Pattern-matching id of the control of one filter parameter."""
    return {"type": ids.FILTER, "parameter": parameter}


def _control(
    parameter: str,
    label: str,
    options: list[dict[str, str]],
    *,
    multi: bool,
    clearable: bool = True,
    placeholder: str | None = None,
) -> dbc.Col:
    return dbc.Col(
        [
            dbc.Label(label, html_for=f"filter-{parameter}", className="small fw-semibold mb-0"),
            dcc.Dropdown(
                id=filter_id(parameter),
                options=options,
                multi=multi,
                clearable=clearable,
                placeholder=placeholder or (_("All") if multi else None),
                optionHeight=40,
                searchable=True,
                className="filter-dropdown",
            ),
        ],
        xs=12,
        sm=6,
        lg=3 if parameter in ("route", "admin1", "nationality") else 2,
        className="mb-2",
    )


def filter_bar(choices: FilterChoices, admin1: list[dict[str, str]]) -> html.Section:
    """Region, period, route, country → admin-1, gender, age group and nationality.

    Options are in the layout from the start, so values from a shared link are never
    dropped for arriving before their options.
    """
    return html.Section(
        dbc.Card(
            dbc.CardBody(
                [
                    dbc.Row(
                        [
                            _control("region", _("Region"), choices.region, multi=False, clearable=False),
                            _control(
                                "period_from",
                                _("From"),
                                choices.period,
                                multi=False,
                                placeholder=_("Earliest"),
                            ),
                            _control(
                                "period_to", _("To"), choices.period, multi=False, placeholder=_("Latest")
                            ),
                            _control("route", _("Route"), choices.route, multi=True),
                            _control("country", _("Country"), choices.country, multi=True),
                        ],
                        className="g-2",
                    ),
                    dbc.Row(
                        [
                            _control("admin1", _("Admin-1 region"), admin1, multi=True),
                            _control("gender", _("Gender"), choices.gender, multi=True),
                            _control("age_group", _("Age group"), choices.age_group, multi=True),
                            _control("nationality", _("Nationality"), choices.nationality, multi=True),
                            dbc.Col(
                                dbc.Button(
                                    _("Clear filters"),
                                    id=ids.CLEAR_FILTERS,
                                    color="secondary",
                                    outline=True,
                                    size="sm",
                                ),
                                xs=12,
                                lg=2,
                                className="d-flex align-items-end mb-2",
                            ),
                        ],
                        className="g-2",
                    ),
                    html.Div(
                        id=ids.FILTER_CHIPS, className="d-flex flex-wrap gap-1", **{"aria-live": "polite"}
                    ),
                    html.Div(id=ids.FILTER_ERROR, role="alert"),
                ],
                className="py-2",
            ),
            className="mb-3 shadow-sm",
        ),
        **{"aria-label": _("Filters")},
    )


def filter_chip(text: str) -> dbc.Badge:
    """A visible chip for one active filter value."""
    return dbc.Badge(text, color="light", text_color="dark", className="border")


def link_error(problem: str) -> dbc.Alert:
    """Why the filters of a link were refused."""
    return dbc.Alert(
        _(
            "This link has a filter the dashboard does not know (%(problem)s); showing all data instead.",
            problem=problem,
        ),
        color="danger",
        className="mt-2 mb-0",
    )
