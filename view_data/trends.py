"""Changes between two periods of every trend indicator, by route and by country, from the engine's answers.

Each value is one published answer of the engine for the whole period (never a sum of months, never
raw rows): the flows' daily average movements, the Missing Migrants Project's dead and missing, and the
shares of 4Mi respondents naming each incident type and each reason for leaving.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import pandas as pd

from indicators.change import Kind
from indicators.disclosure import DisclosureRule
from indicators.engine import Answer
from indicators.filters import Filters
from indicators.trends import TrendPeriod, change_table, comparison_period

#: Where the values are compared: the whole region, each route, each country.
DIMENSIONS = ("region", "route", "country")
KEYS = ("indicator", "category", "dimension", "place")
MEASURES = ("current", "comparison", "change")
COLUMNS = (
    "period", "comparison_period", *KEYS, "current", "comparison", "current_base", "comparison_base",
    "change", "unit", "level", "score",
)  # fmt: skip


class Answers(Protocol):
    """The engine's answers through the service layer (``view_data.ViewData``)."""

    def fourmi(self, indicator: str, filters: Filters, by: tuple[str, ...]) -> Answer: ...
    def flows(self, filters: Filters, by: tuple[str, ...]) -> Answer: ...
    def deaths(self, filters: Filters, by: tuple[str, ...]) -> Answer: ...


@dataclass(frozen=True)
class TrendIndicator:
    """One indicator compared over time: its source, its kind (count or share) and the value compared."""

    code: str
    source: str
    kind: Kind
    value: str


INDICATORS = (
    TrendIndicator("flows", "flows", "count", "daily_average"),
    TrendIndicator("incident_type", "4mi", "share", "share"),
    TrendIndicator("driver", "4mi", "share", "share"),
    TrendIndicator("deaths", "deaths", "count", "dead_and_missing"),
)
INDICATOR_CODES = tuple(indicator.code for indicator in INDICATORS)


def in_period(filters: Filters, period: TrendPeriod) -> Filters:
    """``filters`` with their period replaced by ``period``'s months."""
    return dataclasses.replace(filters, period_from=period.first, period_to=period.last)


def values(
    answers: Answers, indicator: TrendIndicator, dimension: str, filters: Filters, flow_routes: Sequence[str]
) -> tuple[pd.DataFrame, list[Answer]]:
    """``category``, ``place``, ``value``, ``base``, ``suppressed`` of one indicator by one dimension.

    Counts have the category ``all``; the whole region is the place ``all``. Flows are filtered
    one route at a time (the FMPs near it), since their records do not carry the route ids.
    """
    if indicator.source == "4mi":
        by = ("category",) if dimension == "region" else ("category", dimension)
        answer = answers.fourmi(indicator.code, filters, by)
        rows = answer.rows.assign(place=answer.rows[dimension] if dimension != "region" else "all")
        return _frame(rows, indicator, "base"), [answer]
    ask: Callable[[Filters, tuple[str, ...]], Answer] = (
        answers.flows if indicator.source == "flows" else answers.deaths
    )
    if dimension == "route" and indicator.source == "flows":
        routes = [r for r in flow_routes if not filters.route or r in filters.route]
        found = [(route, ask(dataclasses.replace(filters, route=(route,)), ())) for route in routes]
        frames = [_frame(a.rows.assign(place=route, category="all"), indicator, None) for route, a in found]
        return _concat(frames), [a for _route, a in found]
    answer = ask(filters, () if dimension == "region" else (dimension,))
    rows = answer.rows.assign(
        place=answer.rows[dimension] if dimension != "region" else "all", category="all"
    )
    return _frame(rows, indicator, None), [answer]


def _frame(rows: pd.DataFrame, indicator: TrendIndicator, base: str | None) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "category": rows["category"].astype(object),
            "place": rows["place"].astype(object),
            "value": pd.to_numeric(rows[indicator.value], errors="coerce").astype(float),
            "base": pd.to_numeric(rows[base], errors="coerce").astype(float) if base else float("nan"),
            "suppressed": rows["suppressed"].astype(bool),
        }
    )


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    empty = pd.DataFrame({"category": [], "place": [], "value": [], "base": [], "suppressed": []})
    return pd.concat([empty, *frames], ignore_index=True) if frames else empty


def changes(
    answers: Answers,
    filters: Filters,
    period: TrendPeriod,
    compare: str,
    rule: DisclosureRule,
    flow_routes: Sequence[str],
) -> tuple[pd.DataFrame, list[Answer]]:
    """Every indicator's change by region, route and country, ``period`` on its comparison period.

    Returns the tidy table (:data:`COLUMNS`) and the answers it was computed from (their sources
    name the datasets behind it).
    """
    before = comparison_period(period, compare)
    tables, used = [], []
    for indicator in INDICATORS:
        for dimension in DIMENSIONS:
            now, now_answers = values(answers, indicator, dimension, in_period(filters, period), flow_routes)
            then, then_answers = values(
                answers, indicator, dimension, in_period(filters, before), flow_routes
            )
            table = change_table(
                now,
                then,
                ("category", "place"),
                kind=indicator.kind,
                min_base=rule.min_base,
                min_count=rule.min_count,
            )
            tables.append(table.assign(indicator=indicator.code, dimension=dimension))
            used += [*now_answers, *then_answers]
    table = pd.concat(tables, ignore_index=True).assign(period=period.text, comparison_period=before.text)
    return table[list(COLUMNS)], used
