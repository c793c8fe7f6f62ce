"""Panels of the flows page."""

from __future__ import annotations

import pandas as pd

from core.i18n import _
from figures.charts import count_bars, time_series
from figures.palettes import CHANGE_LEVEL, DIRECTION
from figures.theme import number_text
from indicators.engine import Answer
from indicators.filters import Filters
from indicators.trends import change_table
from panels.tables import column, table_data
from panels.text import PanelContent, answer_panel, answer_sources, chart_text, hidden_mark, month_text
from panels.trends import level_name
from view_data import ViewData


def individuals_base(answer: Answer) -> str:
    """'n = … movements counted' for a flows answer."""
    total = answer.rows["individuals"].sum(min_count=1)
    return _("n = %(n)s movements counted", n=number_text(int(total))) if pd.notna(total) else _("no counts")


def _key_labels() -> dict[str, str]:
    """The header of each key column of the flows tables."""
    return {"period": _("Month"), "direction": _("Direction"), "fmp": _("FMP")}


def _table(
    service: ViewData, answer: Answer, keys: tuple[str, ...], values: dict[str, str]
) -> tuple[list, list]:
    labels = _key_labels()
    columns = {key: (labels[key], service.labels.labeller(key)) for key in keys}
    return table_data(answer.rows, columns, values, hidden_mark(service))


def daily_panel(service: ViewData, filters: Filters) -> PanelContent:
    """Daily average per month, incoming and outgoing."""
    answer = service.flows(filters, ("period", "direction"))
    text = chart_text(
        service, _("Daily average movements per month"), answer, individuals_base(answer), _("People per day")
    )
    figure = time_series(
        answer.rows,
        x="period",
        y="daily_average",
        group="direction",
        label_group=service.labels.labeller("direction"),
        text=text,
        colours=DIRECTION,
    )
    table, columns = _table(
        service,
        answer,
        ("period", "direction"),
        {"individuals": _("Movements"), "days": _("Days observed"), "daily_average": _("Per day")},
    )
    return answer_panel(service, answer, figure, table, columns)


def minors_panel(service: ViewData, filters: Filters) -> PanelContent:
    """Share of minors per month, and of unaccompanied children among minors where known."""
    answer = service.flows(filters, ("period",))
    rows = answer.rows.assign(
        minors_pct=answer.rows["share_minors"].astype(float) * 100,
        uac_pct=answer.rows["share_uac"].astype(float) * 100,
    )
    long = pd.concat(
        [
            rows[["period"]].assign(measure=_("Minors among all"), value=rows["minors_pct"]),
            rows[["period"]].assign(
                measure=_("Unaccompanied among minors (where known)"), value=rows["uac_pct"]
            ),
        ]
    )
    text = chart_text(
        service, _("Minors and unaccompanied children"), answer, individuals_base(answer), _("Share (%)")
    )
    figure = time_series(long, x="period", y="value", group="measure", label_group=str, text=text)
    table, columns = _table(
        service,
        answer,
        ("period",),
        {"minors": _("Minors"), "share_minors": _("Minors (%)"), "share_uac": _("Unaccompanied (%)")},
    )
    return answer_panel(service, answer, figure, table, columns)


def change_panel(service: ViewData, filters: Filters) -> PanelContent:
    """Change of the last month on the month before, per FMP, with its level."""
    answer = service.flows(filters, ("period", "fmp"))
    rows = answer.rows.dropna(subset=["individuals"])
    if rows.empty:
        return PanelContent(
            count_bars(
                rows,
                x="fmp",
                y="individuals",
                group=None,
                label_x=str,
                label_group=str,
                text=chart_text(service, _("Month-on-month change"), answer, "", _("Change (%)")),
                ranking=True,
            ),
            sources=answer_sources(answer),
        )
    periods = sorted(rows["period"].unique())
    last, before = periods[-1], periods[-2] if len(periods) > 1 else None
    rule = service.rule
    frame = change_table(
        _month_values(rows, last),
        _month_values(rows, before),
        ["fmp"],
        kind="count",
        min_base=rule.min_base,
        min_count=rule.min_count,
    ).dropna(subset=["current"])
    frame["change_pct"] = (frame["current"] / frame["comparison"] - 1) * 100
    frame = frame.sort_values("change_pct")
    labels = {level: level_name(level) for level in CHANGE_LEVEL}
    text = chart_text(
        service,
        _(
            "Change in daily average, %(last)s on %(before)s",
            last=month_text(last),
            before=month_text(before) if before else "—",
        ),
        answer,
        individuals_base(answer),
        _("Change (%)"),
    )
    figure = count_bars(
        frame,
        x="fmp",
        y="change_pct",
        group="level",
        label_x=service.labels.labeller("fmp"),
        label_group=lambda level: labels.get(level, level),
        text=text,
        colours=CHANGE_LEVEL,
        ranking=True,
    )
    figure.update_layout(barmode="relative")
    figure.update_xaxes(ticksuffix=" %")
    records = [
        {
            "fmp": service.labels.labeller("fmp")(r.fmp),
            "current": round(r.current, 1),
            "previous": round(r.comparison, 1) if pd.notna(r.comparison) else "—",
            "level": labels[r.level],
        }
        for r in frame.itertuples()
    ]
    columns = [
        column("fmp", _("FMP")),
        column("current", month_text(last)),
        column("previous", month_text(before) if before else "—"),
        column("level", _("Change level")),
    ]
    return answer_panel(service, answer, figure, records, columns)


def _month_values(rows: pd.DataFrame, period: str | None) -> pd.DataFrame:
    """The daily average of each FMP in ``period`` (none without a period), as :func:`change_table` reads it."""
    month = rows[rows["period"] == period]
    return pd.DataFrame(
        {"fmp": month["fmp"], "value": month["daily_average"], "suppressed": month["suppressed"]}
    )


def by_fmp_panel(service: ViewData, filters: Filters) -> PanelContent:
    """Movements per FMP and direction over the period."""
    answer = service.flows(filters, ("fmp", "direction"))
    text = chart_text(
        service,
        _("Movements counted per flow monitoring point"),
        answer,
        individuals_base(answer),
        _("Movements"),
    )
    figure = count_bars(
        answer.rows,
        x="fmp",
        y="individuals",
        group="direction",
        label_x=service.labels.labeller("fmp"),
        label_group=service.labels.labeller("direction"),
        text=text,
        colours=DIRECTION,
        ranking=True,
    )
    table, columns = _table(
        service, answer, ("fmp", "direction"), {"individuals": _("Movements"), "daily_average": _("Per day")}
    )
    return answer_panel(service, answer, figure, table, columns)


def build(service: ViewData, filters: Filters, _controls: dict[str, object]) -> dict[str, PanelContent]:
    """Every panel of the page for these filters."""
    return {
        "daily": daily_panel(service, filters),
        "minors": minors_panel(service, filters),
        "change": change_panel(service, filters),
        "by_fmp": by_fmp_panel(service, filters),
    }
