"""Helpers shared by the page callbacks: filters, chart text, engine panels."""

from __future__ import annotations

from dataclasses import dataclass, field

import plotly.graph_objects as go
from flask import current_app

from dashboard import cached_data
from dashboard.i18n import _
from dashboard.labels import label
from figures.charts import ChartText
from geo.regions import RegionProfile
from indicators.engine import Answer
from indicators.filters import FilterError, Filters


@dataclass
class PanelContent:
    """What a panel shows: its figure, the same numbers as a table, and a note."""

    figure: go.Figure
    table: list[dict[str, object]] = field(default_factory=list)
    columns: list[dict[str, str]] = field(default_factory=list)
    note: str = ""


def default_region() -> str:
    """The configured default region profile id."""
    return current_app.config["DASHBOARD"].default_region


def current_profile(region: str | None) -> RegionProfile:
    """The profile of ``region``, or the default one."""
    return cached_data.profiles()[region or default_region()]


def filters_from_state(query: str | None) -> Filters:
    """Filters from the canonical query string the filter bar keeps (empty filters if invalid)."""
    try:
        filters = Filters.from_query_string(query or "", cached_data.vocabulary())
    except FilterError:
        filters = Filters()
    return filters if filters.region else Filters(**{**filters.__dict__, "region": default_region()})


def period_text(filters: Filters) -> str:
    """The period a view covers, in words."""
    if filters.period_from and filters.period_to:
        return _("%(start)s to %(end)s", start=filters.period_from, end=filters.period_to)
    if filters.period_from:
        return _("from %(start)s", start=filters.period_from)
    if filters.period_to:
        return _("until %(end)s", end=filters.period_to)
    return _("all months loaded")


def source_text(answer: Answer) -> str:
    """Credits of the datasets behind an answer, flagging synthetic ones."""
    parts = []
    for source in answer.sources:
        flag = f" — {_('synthetic')}" if source["synthetic"] else ""
        parts.append(f"{source['credit']}{flag}")
    return "; ".join(dict.fromkeys(parts)) or _("no data loaded")


def hidden_mark() -> str:
    """How a hidden cell reads everywhere."""
    return _("fewer than %(n)s", n=cached_data.suppression_rule().min_count)


def not_applied_note(answer: Answer) -> str:
    """Say which chosen filters this source cannot apply."""
    if not answer.filters_not_applied:
        return ""
    names = ", ".join(_(name.replace("_", " ")) for name in answer.filters_not_applied)
    return _("Not applied to this source (it has no such breakdown): %(names)s.", names=names)


def chart_text(title: str, answer: Answer, base: str, value_axis: str) -> ChartText:
    """Title, subtitle with base, period and source, and the standard marks."""
    subtitle = f"{base} · {period_text(answer.filters)}\n{source_text(answer)}"
    return ChartText(
        title=title,
        subtitle=subtitle,
        value_axis=value_axis,
        hidden_mark=hidden_mark(),
        empty=_("No data for these filters."),
    )


def respondents_base(answer: Answer) -> str:
    """'n = …' for a 4Mi answer: respondents asked, summed over visible distinct groups."""
    rows = answer.rows
    keys = [d for d in answer.by if d not in ("category", "place", "perpetrator")]
    visible = rows[~rows["suppressed"].astype(bool)]
    if visible.empty:
        return _("n too small to show")
    total = int(visible.drop_duplicates(keys)["base"].sum()) if keys else int(visible["base"].max())
    return _("n = %(n)s respondents asked", n=f"{total:,}")


def labeller(dimension: str, indicator: str | None = None):  # noqa: ANN201
    """A function giving the display label of a code."""
    return lambda code: label(dimension, code, indicator)
