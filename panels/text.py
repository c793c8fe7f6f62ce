"""What every panel carries: its content type, and the words around its numbers (base, period, sources)."""

from __future__ import annotations

from dataclasses import dataclass, field

import plotly.graph_objects as go

from core.i18n import _, in_series, n_, stored_
from figures.charts import ChartText
from figures.theme import number_text
from indicators.coverage import Coverage
from indicators.disclosure import EXACT
from indicators.engine import Answer
from indicators.filters import Filters
from panels.filters import chip_texts, month_text
from view_data import ViewData


@dataclass
class PanelContent:
    """What a panel shows: its figure, the same numbers as table rows and column definitions, and a note."""

    figure: go.Figure
    table: list[dict[str, object]] = field(default_factory=list)
    columns: list[dict[str, object]] = field(default_factory=list)
    note: str = ""
    sources: tuple[dict[str, object], ...] = ()  # the datasets of the answers the panel was built from


def period_text(filters: Filters) -> str:
    """The period a view covers, in words."""
    if filters.period_from and filters.period_to:
        return _(
            "%(start)s to %(end)s", start=month_text(filters.period_from), end=month_text(filters.period_to)
        )
    if filters.period_from:
        return _("from %(start)s", start=month_text(filters.period_from))
    if filters.period_to:
        return _("until %(end)s", end=month_text(filters.period_to))
    return _("all months loaded")


def span_text(first: str, last: str) -> str:
    """Months from ``first`` to ``last`` (``YYYY-MM``) in words, e.g. "Jan 2014 – Dec 2019"."""
    if first == last:
        return month_text(first)
    return _("%(first)s – %(last)s", first=month_text(first), last=month_text(last))


def source_name(source: str) -> str:
    """The name of a source of answers (``4mi``, ``flows``, ``deaths``)."""
    return {
        "4mi": _("4Mi interviews"),
        "flows": _("DTM flow monitoring"),
        "deaths": _("Missing Migrants Project"),
    }[source]


def coverage_text(coverage: Coverage) -> str:
    """The months a source has data for within the chosen period, and those loaded."""
    source = source_name(coverage.source)
    if coverage.first_period is None or coverage.last_period is None:
        return _("%(source)s: no data loaded", source=source)
    loaded = span_text(coverage.first_period, coverage.last_period)
    if coverage.first_in_filters is None or coverage.last_in_filters is None:
        return _(
            "%(source)s: no data in the chosen period (loaded: %(loaded)s)", source=source, loaded=loaded
        )
    within = (coverage.first_in_filters, coverage.last_in_filters)
    if within == (coverage.first_period, coverage.last_period):
        return _("%(source)s: %(loaded)s loaded", source=source, loaded=loaded)
    return _(
        "%(source)s: %(within)s in the chosen period (loaded: %(loaded)s)",
        source=source,
        within=span_text(*within),
        loaded=loaded,
    )


def coverage_note(answer: Answer) -> str:
    """One sentence per source of an answer naming the months it covers."""
    return " ".join(f"{coverage_text(coverage)}." for coverage in answer.coverage)


def covered_period_text(*answers: Answer) -> str:
    """The months the answers' numbers come from: their sources' data within the chosen period."""
    spans = [
        (c.first_in_filters, c.last_in_filters)
        for answer in answers
        for c in answer.coverage
        if c.first_in_filters
    ]
    if not spans:
        return period_text(answers[0].filters)
    return span_text(min(first for first, _last in spans), max(last for _first, last in spans))


def answer_sources(*answers: Answer) -> tuple[dict[str, object], ...]:
    """The datasets behind the answers, each once (by kind, name and file digest), in their order."""
    found = {
        (source["kind"], source["name"], source["sha256"]): source for a in answers for source in a.sources
    }
    return tuple(found.values())


def source_text(answer: Answer) -> str:
    """Credits of the datasets behind an answer, flagging synthetic ones."""
    parts = []
    for source in answer_sources(answer):
        flag = " — " + _("synthetic") if source["synthetic"] else ""
        parts.append(f"{stored_(str(source['credit']))}{flag}")
    return in_series(dict.fromkeys(parts)) or _("no data loaded")


def hidden_mark(service: ViewData) -> str:
    """How a hidden cell reads everywhere."""
    return _("fewer than %(n)s", n=service.rule.min_count)


def filter_name(name: str) -> str:
    """A filter a source may not apply, in words."""
    return {
        "admin1": _("admin-1 region"),
        "gender": _("gender"),
        "age_group": _("age group"),
        "nationality": _("nationality"),
    }[name]


def not_applied_note(answer: Answer) -> str:
    """Say which chosen filters this source cannot apply, and why."""
    names = [filter_name(name) for name in answer.filters_not_applied]
    if not names:
        return ""
    return n_(
        "Not filtered by %(names)s: only 4Mi interviews can be filtered by it.",
        "Not filtered by %(names)s: only 4Mi interviews can be filtered by them.",
        len(names),
        names=", ".join(names),
    )


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
    """The line under a chart: its disclosure rule, the months its source covers, any filter it cannot apply."""
    parts = (disclosure_note(service, answer), coverage_note(answer), not_applied_note(answer))
    return " ".join(part for part in parts if part)


def answer_panel(
    service: ViewData,
    answer: Answer,
    figure: go.Figure,
    table: list[dict[str, object]],
    columns: list[dict[str, object]],
) -> PanelContent:
    """A panel built from one answer: its note and its sources are the answer's."""
    return PanelContent(figure, table, columns, panel_note(service, answer), answer_sources(answer))


def all_hidden(answer: Answer) -> bool:
    """True when an answer has rows but every one is hidden as a small count."""
    rows = answer.rows
    return (
        not rows.empty and "suppressed" in rows and bool(rows["suppressed"].fillna(True).astype(bool).all())
    )


def nothing_shown_text(service: ViewData, answer: Answer) -> str:
    """The one sentence a chart shows instead of its marks: every cell hidden, or nothing matches, and the filters."""
    chosen = in_series(chip_texts(service, answer.filters))
    if all_hidden(answer):
        if chosen:
            return _(
                "Nothing shown: with these filters (%(filters)s) every number counts fewer than %(n)s "
                "people, too few to show without risk of identifying them.",
                filters=chosen,
                n=service.rule.min_count,
            )
        return _(
            "Nothing shown: every number counts fewer than %(n)s people, too few to show without risk "
            "of identifying them.",
            n=service.rule.min_count,
        )
    if chosen:
        return _("No data matches these filters (%(filters)s).", filters=chosen)
    return _("No data loaded for this chart.")


def chart_text(service: ViewData, title: str, answer: Answer, base: str, value_axis: str) -> ChartText:
    """Title, subtitle with base, period and source, the standard marks and the sentence when nothing is shown."""
    subtitle = f"{base} · {covered_period_text(answer)}\n{source_text(answer)}"
    return ChartText(
        title=title,
        subtitle=subtitle,
        value_axis=value_axis,
        hidden_mark=hidden_mark(service),
        empty=nothing_shown_text(service, answer),
    )


def respondents_base(answer: Answer) -> str:
    """'n = …' for a 4Mi answer: respondents asked, summed over visible distinct groups."""
    rows = answer.rows
    keys = [d for d in answer.by if d not in ("category", "place", "perpetrator")]
    visible = rows[~rows["suppressed"].astype(bool)]
    if visible.empty:
        return _("n too small to show")
    total = int(visible.drop_duplicates(keys)["base"].sum()) if keys else int(visible["base"].max())
    return _("n = %(n)s respondents asked", n=number_text(total))


def not_representative() -> str:
    """The caveat every 4Mi view carries."""
    return _(
        "4Mi interviews use purposive and snowball sampling: they describe the people interviewed, "
        "not all people on the move."
    )
