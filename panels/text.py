"""What every panel carries: its content type, and the words around its numbers (base, period, sources)."""

from __future__ import annotations

from dataclasses import dataclass, field

import plotly.graph_objects as go

from core.i18n import _
from figures.charts import ChartText
from indicators.disclosure import EXACT
from indicators.engine import Answer
from indicators.filters import Filters
from view_data import ViewData


@dataclass
class PanelContent:
    """What a panel shows: its figure, the same numbers as table rows and column definitions, and a note."""

    figure: go.Figure
    table: list[dict[str, object]] = field(default_factory=list)
    columns: list[dict[str, object]] = field(default_factory=list)
    note: str = ""


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


def hidden_mark(service: ViewData) -> str:
    """How a hidden cell reads everywhere."""
    return _("fewer than %(n)s", n=service.rule.min_count)


def not_applied_note(answer: Answer) -> str:
    """Say which chosen filters this source cannot apply."""
    if not answer.filters_not_applied:
        return ""
    names = ", ".join(_(name.replace("_", " ")) for name in answer.filters_not_applied)
    return _("Not applied to this source (it has no such breakdown): %(names)s.", names=names)


def disclosure_note(service: ViewData, answer: Answer) -> str:
    """Which disclosure rule the numbers of an answer follow, in a sentence."""
    treatments = set(answer.disclosure.get("measures", {}).values())
    rule = service.rule
    if treatments == {EXACT}:
        return _("Exact figures as published.")
    if EXACT in treatments:
        return _(
            "Movements are exact; minors and unaccompanied children are rounded to the nearest %(n)s "
            "and fewer than %(min)s are hidden.",
            n=rule.round_to,
            min=rule.min_count,
        )
    return _(
        "Counts rounded to the nearest %(n)s; fewer than %(min)s hidden; shares from the rounded counts.",
        n=rule.round_to,
        min=rule.min_count,
    )


def panel_note(service: ViewData, answer: Answer) -> str:
    """The line under a chart: its disclosure rule and any filter its source cannot apply."""
    return " ".join(part for part in (disclosure_note(service, answer), not_applied_note(answer)) if part)


def chart_text(service: ViewData, title: str, answer: Answer, base: str, value_axis: str) -> ChartText:
    """Title, subtitle with base, period and source, and the standard marks."""
    subtitle = f"{base} · {period_text(answer.filters)}\n{source_text(answer)}"
    return ChartText(
        title=title,
        subtitle=subtitle,
        value_axis=value_axis,
        hidden_mark=hidden_mark(service),
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
