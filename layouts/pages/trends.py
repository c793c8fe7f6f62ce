"""Trends: a month or quarter against the period before or a year before, and what changed most."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from core.i18n import _, lazy_
from exports.links import control_parameter, export_href
from indicators.filters import Filters
from indicators.trends import COMPARISONS, TrendPeriod
from layouts import ids
from layouts.page import linked_value, page_dropdown, page_layout
from layouts.panel_card import panel
from panels.trends import PAGE, compare_label, indicator_label, period_choices, period_label
from view_data import ViewData
from view_data.trends import INDICATOR_CODES


def period_options(service: ViewData) -> list[dict[str, str]]:
    """Complete months and quarters with data, newest first."""
    return [{"label": period_label(service, value), "value": value} for value in period_choices(service)]


def compare_options(service: ViewData) -> list[dict[str, str]]:
    """What the period is compared with."""
    return [{"label": compare_label(service, value), "value": value} for value in COMPARISONS]


def indicator_options(service: ViewData) -> list[dict[str, str]]:
    """The indicators the chart and the map show."""
    return [{"label": indicator_label(service, code), "value": code} for code in INDICATOR_CODES]


def list_export_link(filters: Filters, period: TrendPeriod, compare: str, indicator: str, lang: str) -> str:
    """The CSV of what changed most (the ``most`` panel's export) for these filters and page controls."""
    controls = {"period": period.text, "compare": compare, "indicator": indicator}
    extra = urlencode({control_parameter(name): value for name, value in controls.items()})
    return export_href(
        PAGE, "most", "csv", "&".join(part for part in (filters.to_query_string(lang), extra) if part)
    )


def changes_list(title: str, rows: Sequence[dict[str, object]], empty: str) -> html.Div:
    """One column of "What changed most": each change in words, linked to the view that shows it."""
    items = [
        html.Li(
            [
                dcc.Link(
                    " · ".join(str(part) for part in (row["place_label"], row["category_label"]) if part),
                    href=str(row["link"]),
                    className="fw-semibold",
                ),
                html.Div(str(row["indicator_label"]), className="small text-body-secondary"),
                html.Div(
                    f"{row['comparison_text']} → {row['current_text']} ({row['change_text']}), {row['level_label']}",
                    className="small",
                ),
            ],
            className="list-group-item",
        )
        for row in rows
    ]
    return html.Div(
        [
            html.H3(title, className="h6"),
            html.Ol(items, className="list-group list-group-numbered changes-list")
            if items
            else html.P(empty, className="small text-body-secondary"),
        ]
    )


def most_changed_card() -> dbc.Col:
    """The card "What changed most", filled by ``callbacks.trends``."""
    return dbc.Col(
        dbc.Card(
            dbc.CardBody(
                [
                    html.H2(_("What changed most"), className="h5"),
                    dcc.Loading(html.Div(id=ids.TRENDS_MOST, **{"aria-live": "polite"}), type="dot"),
                ]
            ),
            className="shadow-sm",
        ),
        xs=12,
        className="mb-3",
    )


def layout(service: ViewData, **query: str | list[str]) -> html.Div:
    """The controls (``page_period``, ``page_compare``, ``page_indicator`` of the link), what changed most,
    the change of one indicator and its map."""
    labels = {
        "period": (_("Period"), period_options(service)),
        "compare": (_("Compared with"), compare_options(service)),
        "indicator": (_("Indicator (chart and map)"), indicator_options(service)),
    }
    controls = []
    for name, (label, options) in labels.items():
        value, problem = linked_value(service, PAGE, name, query) if options else ("", None)
        controls.append(page_dropdown(PAGE, name, label, options, value, problem=problem))
    return page_layout(
        _("Trends"),
        _(
            "A month or a quarter compared with the period before or the same period a year earlier, by route "
            "and country; the levels of change follow the methodology's thresholds. Choose the period here: "
            "the filter bar's months do not apply to this page."
        ),
        [
            [most_changed_card()],
            [panel(PAGE, "most", lg=12)],
            [panel(PAGE, "changes", lg=12)],
            [
                html.Div(
                    panel(PAGE, "map", lg=12, map_panel=True),
                    className="col-12",
                    **{"data-map-label": _("Map")},
                )
            ],
        ],
        controls=controls,
    )


def register(service: ViewData) -> None:
    """Register the page."""
    dash.register_page(
        __name__,
        path="/trends",
        name=lazy_("Trends"),
        title=lambda **_path: _("Trends"),
        layout=functools.partial(layout, service),
        order=5.5,  # after Deaths & missing (5), before Route profile (6)
    )
