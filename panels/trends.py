"""The Trends page: a month or quarter against the period before or a year before, and what changed most.

Every row is a change the service computed from the engine's published values
(:meth:`view_data.ViewData.changes`); here it is put into words, linked to the page that shows it,
drawn as bars and on a map.
"""

from __future__ import annotations

import dataclasses
import functools

import geopandas as gpd
import pandas as pd

from core.i18n import _, language
from core.text import shortened
from figures.change_map import change_map
from figures.charts import ChartText, count_bars, empty_figure
from figures.palettes import CHANGE_LEVEL
from figures.plain import plain
from figures.theme import number_text
from indicators.change import INSUFFICIENT_DATA
from indicators.engine import SOURCE_KINDS, Answer
from indicators.filters import Filters
from indicators.trends import (
    COMPARISONS,
    GRANULARITIES,
    TrendPeriod,
    change_table,
    comparison_period,
    complete_periods,
    latest_period,
    most_changed,
    parse_period,
)
from panels.filters import month_text
from panels.tables import column
from panels.text import PanelContent, answer_sources, nothing_shown_text, source_text
from view_data import ViewData
from view_data.trends import INDICATOR_CODES, INDICATORS

PAGE = "trends"
DEFAULT_LIMIT = 10
MAX_LIMIT = 50
CHART_ROWS = 20
SIMPLIFY_DEGREES = 0.05
#: The page showing each indicator, as the links of "What changed most" open it.
INDICATOR_PAGES = {
    "flows": "/flows",
    "deaths": "/deaths",
    "incident_type": "/incidents",
    "driver": "/drivers",
}
#: The category each share indicator is mapped by, and whether the map shows its complement.
MAP_CATEGORY = {"incident_type": ("none", True), "driver": ("violence_insecurity_conflict", False)}


def indicator_name(code: str) -> str:
    """What an indicator measures, in words."""
    return {
        "flows": _("Movements per day at flow monitoring points"),
        "deaths": _("Dead and missing (minimum estimates)"),
        "incident_type": _("Incidents reported (share of respondents)"),
        "driver": _("Reasons for leaving (share of respondents)"),
    }[code]


def indicator_short(code: str) -> str:
    """An indicator as its page is named in the navigation."""
    return {
        "flows": _("Flows"),
        "deaths": _("Deaths & missing"),
        "incident_type": _("Incidents"),
        "driver": _("Drivers"),
    }[code]


def comparison_name(compare: str) -> str:
    """What a period is compared with, in words."""
    return {"previous": _("the period before"), "year": _("the same period a year earlier")}[compare]


def dimension_name(dimension: str) -> str:
    """Where a value is compared, in words."""
    return {"region": _("Whole region"), "route": _("Route"), "country": _("Country")}[dimension]


def level_kind(level: str) -> str:
    """A change level in words without its thresholds (they differ for counts and shares)."""
    return {
        "large_increase": _("large increase"),
        "moderate_increase": _("moderate increase"),
        "limited": _("limited change"),
        "large_decrease": _("large decrease"),
        "insufficient_data": _("insufficient data"),
    }[level]


def level_name(level: str, unit: str = "pct") -> str:
    """A change level in words, with its thresholds (% for counts, percentage points for shares)."""
    if unit == "pp":
        return {
            "large_increase": _("large increase (> +10 points)"),
            "moderate_increase": _("moderate increase (+5 to +10 points)"),
            "limited": _("limited change (−10 to +5 points)"),
            "large_decrease": _("large decrease (< −10 points)"),
            "insufficient_data": _("insufficient data"),
        }[level]
    return {
        "large_increase": _("large increase (> +25 %)"),
        "moderate_increase": _("moderate increase (+10 to +25 %)"),
        "limited": _("limited change (−25 to +10 %)"),
        "large_decrease": _("large decrease (< −25 %)"),
        "insufficient_data": _("insufficient data"),
    }[level]


def period_name(period: TrendPeriod) -> str:
    """A month ("Mar 2019") or a quarter ("Q1 2019") in words."""
    if period.granularity == "month":
        return month_text(period.first)
    year, quarter = period.text.split("-Q")
    return _("Q%(quarter)s %(year)s", quarter=quarter, year=year)


def period_choices(service: ViewData) -> list[str]:
    """Every complete month and quarter with data, newest first (months, then quarters)."""
    months = service.loaded_periods()
    return [p.text for granularity in GRANULARITIES for p in complete_periods(months, granularity)]


def period_label(_service: ViewData, value: str) -> str:
    """A period control's value in words."""
    return period_name(parse_period("period", value))


def compare_label(_service: ViewData, value: str) -> str:
    """A comparison control's value in words."""
    return {"previous": _("Previous period"), "year": _("Same period a year earlier")}[value]


def indicator_label(_service: ViewData, value: str) -> str:
    """An indicator control's value in words."""
    return indicator_name(value)


def default_period(service: ViewData) -> str | None:
    """The latest complete month with data."""
    latest = latest_period(service.loaded_periods(), "month")
    return latest.text if latest else None


def place_name(service: ViewData, filters: Filters, dimension: str, place: object) -> str:
    """A route, a country or the whole region, in words."""
    if dimension == "region":
        return service.profile(filters.region).label(language())
    return service.labels.label(dimension, place)


def category_name(service: ViewData, indicator: str, category: object) -> str:
    """A category of a share indicator in words; empty for counts."""
    return "" if category == "all" else service.labels.label("category", category, indicator)


def value_text(value: float, indicator: str) -> str:
    """A published value in words: a share in %, a daily average to one decimal, a count."""
    if pd.isna(value):
        return "—"
    if indicator in MAP_CATEGORY:
        return f"{number_text(100 * value)} %"
    return number_text(value, 1 if indicator == "flows" else 0)


def change_text(change: float, unit: str) -> str:
    """A change in words: "+71 %" for counts, "+12 points" for shares, "—" when there is none."""
    if pd.isna(change):
        return "—"
    sign = "+" if change > 0 else "−" if change < 0 else ""
    amount = number_text(abs(change))
    return f"{sign}{amount} %" if unit == "pct" else _("%(change)s points", change=f"{sign}{amount}")


def view_link(filters: Filters, row: pd.Series | dict, lang: str) -> str:
    """The page showing a change, with the filters set to its place and period (relative to the site).

    Flows and deaths are shown over both periods (their pages draw months and years); 4Mi shares
    over the current period (their pages pool the months chosen).
    """
    current = parse_period("period", str(row["period"]))
    before = parse_period("period", str(row["comparison_period"]))
    first = current.first if row["indicator"] in MAP_CATEGORY else min(before.first, current.first)
    view = dataclasses.replace(filters, period_from=first, period_to=current.last)
    if row["dimension"] != "region":
        view = dataclasses.replace(view, **{str(row["dimension"]): (str(row["place"]),)})
    query = view.to_query_string(lang)
    return f"{INDICATOR_PAGES[str(row['indicator'])]}?{query}"


def change_records(service: ViewData, filters: Filters, rows: pd.DataFrame) -> list[dict[str, object]]:
    """Rows of changes with their codes, the same in words in the request's language, and a link."""
    lang = language()
    records = []
    for row in rows.to_dict("records"):
        record = {key: _plain(value) for key, value in row.items()}
        record |= {
            "indicator_label": indicator_name(row["indicator"]),
            "category_label": category_name(service, row["indicator"], row["category"]),
            "dimension_label": dimension_name(row["dimension"]),
            "place_label": place_name(service, filters, row["dimension"], row["place"]),
            "current_text": value_text(row["current"], row["indicator"]),
            "comparison_text": value_text(row["comparison"], row["indicator"]),
            "change_text": change_text(row["change"], row["unit"]),
            "level_label": level_name(row["level"], row["unit"]),
            "link": view_link(filters, row, lang),
        }
        records.append(record)
    return records


def _plain(value: object) -> object:
    if isinstance(value, float) and pd.isna(value):
        return None
    if hasattr(value, "item"):
        return _plain(value.item())
    return round(value, 6) if isinstance(value, float) else value


def most_changed_records(
    service: ViewData, filters: Filters, period: TrendPeriod, compare: str, limit: int = DEFAULT_LIMIT
) -> tuple[list[dict[str, object]], Answer]:
    """The largest increases and decreases (``direction``), in words with links, and the answer behind them."""
    answer = service.changes(filters, period, compare)
    return change_records(service, filters, most_changed(answer.rows, limit)), answer


def most_panel(service: ViewData, filters: Filters, period: TrendPeriod, compare: str) -> PanelContent:
    """What changed most across indicators, routes and countries, ranked by the size of the change measured in
    large changes (25 % for counts, 10 points for shares); its table holds each change in its own unit and
    the link to the view showing it."""
    records, answer = most_changed_records(service, filters, period, compare, MAX_LIMIT)
    for record in records:
        parts = (record["place_label"], record["category_label"], indicator_short(str(record["indicator"])))
        record["label"] = " · ".join(str(part) for part in parts if part)
    text = _text(
        service,
        _("What changed most"),
        answer,
        period,
        compare,
        _("Change, in large changes (counts: 25 %; shares: 10 points)"),
    )
    frame = pd.DataFrame(records, columns=["label", "score", "level"])
    if frame.empty:
        figure = empty_figure(dataclasses.replace(text, empty=_("No change large enough to list.")))
    else:
        half = CHART_ROWS // 2
        figure = count_bars(
            pd.concat([frame[frame["score"] > 0].head(half), frame[frame["score"] < 0].head(half)]),
            x="label",
            y="score",
            group="level",
            label_x=str,
            label_group=level_kind,
            text=text,
            colours=CHANGE_LEVEL,
            ranking=True,
        )
        figure.update_layout(barmode="relative")
    table = [
        {
            "indicator": r["indicator_label"],
            "category": r["category_label"],
            "dimension": r["dimension_label"],
            "place": r["place_label"],
            "comparison": _number(r["comparison"], r["indicator"]),
            "current": _number(r["current"], r["indicator"]),
            "change_pct": round(float(r["change"]), 1) if r["unit"] == "pct" else "—",
            "change_pp": round(float(r["change"]), 1) if r["unit"] == "pp" else "—",
            "level": r["level_label"],
            "link": r["link"],
        }
        for r in records
    ]
    columns = [
        column("indicator", _("Indicator")),
        column("category", _("Category")),
        column("dimension", _("Compared over")),
        column("place", _("Place")),
        column("comparison", period_name(comparison_period(period, compare))),
        column("current", period_name(period)),
        column("change_pct", _("Change (%)")),
        column("change_pp", _("Change (points)")),
        column("level", _("Change level")),
        column("link", _("Link")),
    ]
    return PanelContent(figure, table, columns, trend_note(service), answer_sources(answer))


def _number(value: object, indicator: object) -> object:
    """A published value as a table shows it: shares in %, counts as they are, one decimal."""
    if value is None:
        return "—"
    return round(float(value) * (100 if indicator in MAP_CATEGORY else 1), 1)


def headline_changes(service: ViewData, rows: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """One change per place of ``indicator``: counts as they are, shares for their map category.

    The share reporting any incident is the complement of the share reporting none, compared
    again from the published values with the same guard.
    """
    rows = rows[rows["indicator"] == indicator]
    if indicator not in MAP_CATEGORY:
        return rows
    category, complement = MAP_CATEGORY[indicator]
    rows = rows[rows["category"] == category]
    if not complement:
        return rows
    rule = service.rule
    frames = [
        pd.DataFrame(
            {
                "dimension": rows["dimension"],
                "place": rows["place"],
                "value": 1 - rows[value],
                "base": rows[base],
                "suppressed": rows[value].isna(),
            }
        )
        for value, base in (("current", "current_base"), ("comparison", "comparison_base"))
    ]
    table = change_table(*frames, ("dimension", "place"), kind="share", min_base=rule.min_base, min_count=1)
    first = rows.iloc[0] if len(rows) else {}
    return table.assign(
        indicator=indicator,
        category="any_incident",
        period=first.get("period"),
        comparison_period=first.get("comparison_period"),
    )


def indicator_answer(answer: Answer, indicator: str) -> Answer:
    """``answer`` naming only the datasets ``indicator`` is computed from."""
    sources = [spec.source for spec in INDICATORS if spec.code == indicator]
    if not sources:
        raise ValueError(f"unknown trend indicator {shortened(indicator)}")
    kinds = SOURCE_KINDS[sources[0]]
    return dataclasses.replace(answer, sources=[s for s in answer.sources if s["kind"] in kinds])


def _text(
    service: ViewData, title: str, answer: Answer, period: TrendPeriod, compare: str, axis: str
) -> ChartText:
    before = comparison_period(period, compare)
    subtitle = _(
        "%(period)s compared with %(before)s (%(comparison)s)",
        period=period_name(period),
        before=period_name(before),
        comparison=comparison_name(compare),
    )
    return ChartText(
        title=title,
        subtitle=f"{subtitle}\n{source_text(answer)}",
        value_axis=axis,
        hidden_mark="",
        empty=nothing_shown_text(service, answer),
    )


def trend_note(service: ViewData) -> str:
    """How changes are computed and classed, under each chart."""
    rule = service.rule
    return _(
        "Each period is compared as published: counts rounded to the nearest %(n)s and fewer than %(min)s "
        "hidden (movements and deaths exact), shares from the rounded counts. A hidden value, a share on "
        "fewer than %(base)s respondents or a count below %(min)s in either period gives insufficient data.",
        n=rule.round_to,
        min=rule.min_count,
        base=rule.min_base,
    )


def changes_panel(
    service: ViewData, filters: Filters, period: TrendPeriod, compare: str, indicator: str
) -> PanelContent:
    """The change of one indicator by region, route and country, largest first, coloured by level."""
    answer = indicator_answer(service.changes(filters, period, compare), indicator)
    rows = answer.rows[answer.rows["indicator"] == indicator]
    unit = "pp" if indicator in MAP_CATEGORY else "pct"
    records = change_records(service, filters, rows)
    for record in records:
        parts = (record["category_label"], record["place_label"])
        record["label"] = " · ".join(part for part in parts if part)
    shown = pd.DataFrame(records)
    text = _text(
        service,
        _("Change: %(indicator)s", indicator=indicator_name(indicator)),
        answer,
        period,
        compare,
        _("Change (points)") if unit == "pp" else _("Change (%)"),
    )
    sufficient = shown[shown["level"] != INSUFFICIENT_DATA] if len(shown) else shown
    if sufficient.empty:
        figure = empty_figure(dataclasses.replace(text, empty=_("Too little data to compare these periods.")))
    else:
        chart = sufficient.assign(size=sufficient["change"].abs()).nlargest(CHART_ROWS, "size")
        figure = count_bars(
            chart,
            x="label",
            y="change",
            group="level",
            label_x=str,
            label_group=lambda level: level_name(level, unit),
            text=text,
            colours=CHANGE_LEVEL,
            ranking=True,
        )
        figure.update_layout(barmode="relative")
        figure.update_xaxes(ticksuffix=" %" if unit == "pct" else "")
    table, columns = _table(records, period, compare, indicator, with_category=indicator in MAP_CATEGORY)
    return PanelContent(figure, table, columns, trend_note(service), answer_sources(answer))


def _table(
    records: list[dict[str, object]],
    period: TrendPeriod,
    compare: str,
    indicator: str,
    *,
    with_category: bool,
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """The changes as table rows (numbers: shares in %, changes in % or points) and their columns."""
    share = indicator in MAP_CATEGORY
    rows = [
        {
            "category": r["category_label"],
            "dimension": r["dimension_label"],
            "place": r["place_label"],
            "current": _number(r["current"], indicator),
            "comparison": _number(r["comparison"], indicator),
            "change": "—" if r["change"] is None else round(float(r["change"]), 1),
            "level": r["level_label"],
        }
        for r in records
    ]
    unit = "%s (%%)" if share else "%s"
    columns = [
        *([column("category", _("Category"))] if with_category else []),
        column("dimension", _("Compared over")),
        column("place", _("Place")),
        column("current", unit % period_name(period)),
        column("comparison", unit % period_name(comparison_period(period, compare))),
        column("change", _("Change (points)") if share else _("Change (%)")),
        column("level", _("Change level")),
    ]
    return rows, columns


def map_panel(
    service: ViewData, filters: Filters, period: TrendPeriod, compare: str, indicator: str
) -> PanelContent:
    """Countries and routes coloured by the level of change of one indicator (shares: its map category)."""
    answer = indicator_answer(service.changes(filters, period, compare), indicator)
    rows = headline_changes(service, answer.rows, indicator)
    unit = "pp" if indicator in MAP_CATEGORY else "pct"
    records = change_records(service, filters, rows[rows["dimension"] != "region"]) if len(rows) else []
    for record in records:
        record["hover"] = (
            f"<b>{plain(record['place_label'])}</b><br>{record['level_label']}<br>"
            f"{record['comparison_text']} → {record['current_text']} ({record['change_text']})"
        )
    frame = pd.DataFrame(records, columns=["dimension", "place", "level", "hover"])
    profile = service.profile(filters.region)
    admin0, context = light_boundaries(service, profile.id)
    figure = change_map(
        profile,
        admin0,
        service.geometry(profile).segments,
        frame[frame["dimension"] == "country"].rename(columns={"place": "country"}),
        frame[frame["dimension"] == "route"].rename(columns={"place": "route_id"}),
        title=_map_title(indicator),
        subtitle=_text(service, "", answer, period, compare, "").subtitle,
        level_names={level: level_name(level, unit) for level in CHANGE_LEVEL},
        context=context,
    )
    table, columns = _table(records, period, compare, indicator, with_category=False)
    return PanelContent(figure, table, columns, trend_note(service), answer_sources(answer))


@functools.cache
def light_boundaries(service: ViewData, region: str) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The countries and context countries of ``region``'s map simplified to about 5 km, once per process:
    light enough for the change map to carry them (and be drawn as a picture)."""
    geometry = service.geometry(service.profile(region))
    return tuple(
        frame.assign(geometry=frame.geometry.simplify(SIMPLIFY_DEGREES))
        for frame in (geometry.admin0, geometry.context)
    )


def _map_title(indicator: str) -> str:
    return {
        "flows": _("Change in movements per day, by country and route"),
        "deaths": _("Change in dead and missing, by country and route"),
        "incident_type": _("Change in the share reporting any incident, by country and route"),
        "driver": _(
            "Change in the share who left because of violence, insecurity or conflict, by country and route"
        ),
    }[indicator]


def controls_of(service: ViewData, controls: dict[str, object]) -> tuple[TrendPeriod | None, str, str]:
    """The period, comparison and indicator the page's controls name (the period: the latest by default)."""
    chosen = controls.get("period") or default_period(service)
    period = parse_period("period", str(chosen)) if chosen else None
    compare = str(controls.get("compare") or COMPARISONS[0])
    indicator = str(controls.get("indicator") or INDICATOR_CODES[0])
    return period, compare, indicator


def build(service: ViewData, filters: Filters, controls: dict[str, object]) -> dict[str, PanelContent]:
    """Every panel of the page for these filters and controls."""
    period, compare, indicator = controls_of(service, controls)
    if period is None:
        empty = PanelContent(
            empty_figure(ChartText(_("Trends"), "", "", "", _("No data loaded for this chart.")))
        )
        return {"most": empty, "changes": empty, "map": empty}
    return {
        "most": most_panel(service, filters, period, compare),
        "changes": changes_panel(service, filters, period, compare, indicator),
        "map": map_panel(service, filters, period, compare, indicator),
    }
