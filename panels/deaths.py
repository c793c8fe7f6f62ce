"""Panels of the deaths and missing page."""

from __future__ import annotations

from collections.abc import Callable
from textwrap import shorten

import pandas as pd

from core.i18n import _
from figures.charts import count_bars
from figures.palettes import ROUTE_FAMILY
from figures.theme import number_text
from indicators.engine import Answer
from indicators.filters import Filters
from panels.tables import table_data
from panels.text import PanelContent, answer_panel, chart_text, hidden_mark
from view_data import ViewData


def deaths_base(answer: Answer) -> str:
    """'… incidents recorded' for a deaths answer."""
    return _("%(n)s incidents recorded", n=number_text(int(answer.rows["incidents"].sum())))


def deaths_panel(service: ViewData, filters: Filters, title: str, x: str, group: str | None) -> PanelContent:
    """Dead and missing per ``x`` (stacked by ``group``); unknown totals stay gaps."""
    by = (x, group) if group else (x,)
    answer = service.deaths(filters, by)
    rows = answer.rows
    if group is None:
        rows = rows.sort_values("dead_and_missing", ascending=False, na_position="last").head(12)
    text = chart_text(service, title, answer, deaths_base(answer), _("Dead and missing (minimum)"))
    figure = count_bars(
        rows,
        x=x,
        y="dead_and_missing",
        group=group,
        label_x=_label(service, x),
        label_group=_label(service, group),
        text=text,
        colours=ROUTE_FAMILY if group == "route_family" else None,
        ranking=group is None,
    )
    keys = {key: (_header(key), _label(service, key)) for key in by}
    values = {
        "incidents": _("Incidents"),
        "dead": _("Dead"),
        "missing": _("Missing"),
        "dead_and_missing": _("Dead and missing"),
    }
    table, columns = table_data(rows, keys, values, hidden_mark(service))
    return answer_panel(service, answer, figure, table, columns)


def _header(dimension: str) -> str:
    return {
        "year": _("Year"),
        "route_family": _("Route (Missing Migrants Project)"),
        "cause": _("Cause"),
        "country": _("Country"),
    }[dimension]


def _label(service: ViewData, dimension: str | None) -> Callable[[object], str]:
    if dimension == "route_family":
        names = service.route_family_names()
        return lambda code: _("no route given") if code is None or pd.isna(code) else names.get(code, code)
    if dimension == "country":
        country = service.labels.labeller("country")
        return lambda code: (
            _("no country (at sea or not placed)") if code is None or pd.isna(code) else country(code)
        )
    if dimension == "cause":
        return service.labels.labeller("cause_category")
    return lambda code: (
        "—" if code is None or pd.isna(code) else shorten(str(code), width=32, placeholder="…")
    )


def build(service: ViewData, filters: Filters, _controls: dict[str, object]) -> dict[str, PanelContent]:
    """Every panel of the page for these filters."""
    return {
        "by_year": deaths_panel(
            service,
            filters,
            _("Dead and missing by year and route (as the Missing Migrants Project names it)"),
            "year",
            "route_family",
        ),
        "by_cause": deaths_panel(service, filters, _("Dead and missing by cause"), "cause", None),
        "by_country": deaths_panel(
            service, filters, _("Dead and missing by country of incident"), "country", None
        ),
    }
