"""The filter bar shown on every page; its values live in the URL query string."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from core.i18n import _, n_
from layouts import ids
from layouts.labelled import dropdown_labels, labelled_control
from panels.filters import FILTER_LABELS, month_options, month_text
from view_data import FilterChoices

MULTI = ("route", "country", "area", "admin1", "gender", "age_group", "nationality")
AREA_COLUMN = "filter-area-column"
FILTERS_TOGGLE = "filters-toggle"
FILTERS_COLLAPSE = "filters-collapse"
FILTERS_PRINTED = "filters-printed"


def filter_id(parameter: str) -> dict[str, str]:
    """Pattern-matching id of the control of one filter parameter."""
    return {"type": ids.FILTER, "parameter": parameter}


def toggle_text(active: int) -> str:
    """The phone's fold button, e.g. "Filters (2 active)"."""
    return n_("Filters (%(num)d active)", "Filters (%(num)d active)", active)


def area_column_class(options: list[dict[str, str]]) -> str:
    """Classes of the area control's column: hidden unless the region's profile defines areas."""
    return "mb-2" if options else "mb-2 d-none"


def _control(
    parameter: str,
    options: list[dict[str, str]],
    *,
    multi: bool,
    clearable: bool = True,
    placeholder: str | None = None,
    **column: str,
) -> dbc.Col:
    return dbc.Col(
        labelled_control(
            str(FILTER_LABELS[parameter]),
            f"filter-label-{parameter}",
            dcc.Dropdown(
                id=filter_id(parameter),
                options=options,
                multi=multi,
                clearable=clearable,
                placeholder=placeholder or (_("All") if multi else None),
                optionHeight=40,
                searchable=True,
                className="filter-dropdown",
                labels=dropdown_labels(),
            ),
        ),
        xs=12,
        sm=6,
        lg=3 if parameter in ("region", "route", "admin1", "nationality") else 2,
        **({"className": "mb-2"} | column),
    )


def filter_bar(
    choices: FilterChoices, admin1: list[dict[str, str]], areas: list[dict[str, str]] | None = None
) -> html.Section:
    """Region, period, route, country → area → admin-1, gender, age group and nationality.

    Options are in the layout from the start, so values from a shared link are never dropped
    for arriving before their options. The area control (named groups of admin-1 units) shows
    only for a region whose profile defines them; it starts with ``areas`` (every profile's), so
    a link's areas are kept until its region's arrive. On phones the controls fold behind one
    "Filters (n active)" button; wider screens always show them. Empty period boxes show
    the loaded range as their hint.
    """
    months = [option["value"] for option in choices.period]
    periods = month_options(months)
    first, last = (month_text(months[0]), month_text(months[-1])) if months else (_("Earliest"), _("Latest"))
    controls = [
        dbc.Row(
            [
                _control("region", choices.region, multi=False, clearable=False),
                _control("period_from", periods, multi=False, placeholder=first),
                _control("period_to", periods, multi=False, placeholder=last),
                _control("route", choices.route, multi=True),
                _control("country", choices.country, multi=True),
            ],
            className="g-2",
        ),
        dbc.Row(
            [
                _control(
                    "area",
                    choices.area if areas is None else areas,
                    multi=True,
                    id=AREA_COLUMN,
                    className=area_column_class(choices.area),
                ),
                _control("admin1", admin1, multi=True),
                _control("gender", choices.gender, multi=True),
                _control("age_group", choices.age_group, multi=True),
                _control("nationality", choices.nationality, multi=True),
                dbc.Col(
                    dbc.Button(
                        _("Clear filters"), id=ids.CLEAR_FILTERS, color="secondary", outline=True, size="sm"
                    ),
                    xs=12,
                    lg=2,
                    className="d-flex align-items-end mb-2",
                ),
            ],
            className="g-2",
        ),
    ]
    return html.Section(
        dbc.Card(
            dbc.CardBody(
                [
                    dbc.Button(
                        toggle_text(0),
                        id=FILTERS_TOGGLE,
                        color="secondary",
                        outline=True,
                        size="sm",
                        className="filters-toggle w-100 mb-2",
                        n_clicks=0,
                    ),
                    dbc.Collapse(controls, id=FILTERS_COLLAPSE, is_open=False, className="filters-collapse"),
                    html.P(id=FILTERS_PRINTED, className="filters-printed small mb-1"),
                    html.Div(
                        id=ids.FILTER_CHIPS, className="d-flex flex-wrap gap-1", **{"aria-live": "polite"}
                    ),
                    html.Div(id=ids.FILTER_ERROR, role="alert"),
                ],
                className="py-2",
            ),
            className="mb-3 shadow-sm",
        ),
        className="filter-bar",
        **{"aria-label": _("Filters")},
    )


def filter_chip(text: str) -> dbc.Badge:
    """A visible chip for one active filter value."""
    return dbc.Badge(text, color="light", text_color="dark", className="border")


def period_note(note: str) -> dbc.Alert:
    """That the period of a link was narrowed to the months of the loaded data (the view is shown)."""
    return dbc.Alert(note, color="warning", className="mt-2 mb-0")


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
