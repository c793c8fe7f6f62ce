"""The indicator engine: every number shown, exported or served goes through here.

Each function runs the aggregate in the database, applies the disclosure rule (counts about
people rounded, small ones hidden, shares and Wilson intervals from the rounded counts) and
returns an :class:`Answer` that names its sources and the rule of each measure. Hidden values
are nulled here, so they can never reach JSON, CSV, figures or tooltips.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine

from data_access import queries
from data_access.loading import active_datasets
from data_access.reference import Reference
from geo.regions import RegionProfile
from indicators.coverage import Coverage
from indicators.disclosure import EXACT, SHARE_MEASURES, DisclosureRule, publish_shares, rounded_share
from indicators.filters import Filters
from indicators.regional import drawn_routes_only
from indicators.scope import not_applied, resolve_scope

SOURCE_KINDS = {"4mi": ("4mi",), "flows": ("fmp", "fmp-demographics", "fmp-sites"), "deaths": ("mmp",)}
MAX_BREAKDOWN = 3
DEMOGRAPHIC_DIMENSIONS = frozenset({"sex", "age"})
FOURMI_MEASURES = SHARE_MEASURES
FLOW_MEASURES = ("individuals", "days", "daily_average", "minors", "share_minors", "uac", "share_uac")
DEATH_MEASURES = ("incidents", "dead", "missing", "dead_and_missing")


class BreakdownError(ValueError):
    """A breakdown the engine refuses (too many dimensions)."""


@dataclass(frozen=True)
class Answer:
    """Rows of one breakdown with the filters, sources, disclosure rule and months covered behind them."""

    rows: pd.DataFrame
    by: tuple[str, ...]
    measures: tuple[str, ...]
    filters: Filters
    sources: list[dict[str, object]]
    disclosure: dict[str, object]
    filters_not_applied: tuple[str, ...] = field(default=())
    coverage: tuple[Coverage, ...] = field(default=())

    def records(self) -> list[dict[str, object]]:
        """Rows as JSON-ready dicts (nulls as None)."""
        frame = self.rows.astype(object).where(self.rows.notna(), None)
        return [{key: _plain(value) for key, value in row.items()} for row in frame.to_dict("records")]


def _plain(value: object) -> object:
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return round(float(value), 6)
    if isinstance(value, float):
        return round(value, 6)
    return value


def sources_for(bind: Engine | Connection, source: str) -> list[dict[str, object]]:
    """Provenance of the active datasets an answer about ``source`` is computed from."""
    datasets = active_datasets(bind)
    used = datasets[datasets["kind"].isin(SOURCE_KINDS[source])]
    return [
        {
            "kind": row.kind,
            "name": row.name,
            "file_name": row.file_name,
            "sha256": row.sha256,
            "loaded_at": row.loaded_at.isoformat(),
            "synthetic": bool(row.synthetic),
            "credit": row.credit,
            "licence": row.licence,
        }
        for row in used.itertuples(index=False)
    ]


def check_breakdown(by: Sequence[str]) -> None:
    """Refuse a breakdown by more than MAX_BREAKDOWN dimensions (``category`` not counted)."""
    dimensions = [d for d in dict.fromkeys(by) if d != "category"]
    if len(dimensions) > MAX_BREAKDOWN:
        raise BreakdownError(
            f"at most {MAX_BREAKDOWN} breakdown dimensions at once (besides category); got {len(dimensions)}"
        )


def fourmi_indicator(
    bind: Engine | Connection,
    indicator: str,
    filters: Filters,
    by: Sequence[str],
    profiles: Mapping[str, RegionProfile],
    rule: DisclosureRule,
    reference: Reference,
    *,
    rollups: bool = True,
) -> Answer:
    """Share of respondents choosing each category of a 4Mi indicator, per ``by`` group.

    ``category`` is always part of the breakdown: categories of a multi-select question
    overlap, so they cannot be summed into one figure. Respondents and bases are rounded,
    and shares and intervals come from the rounded counts (:mod:`indicators.disclosure`).
    The sums come from a roll-up where one can give them; ``rollups=False`` reads the cells
    (the same answer, slower: for checking).
    """
    if indicator not in set(reference.codebook["indicator"]):
        raise ValueError(f"unknown indicator {indicator!r}")
    check_breakdown(by)
    by = list(dict.fromkeys(["category", *by]))
    scope = resolve_scope(filters, profiles, "4mi")
    table = queries.fourmi_counts(
        bind, indicator, scope, by, reference.categories(indicator), rollups=rollups
    )
    table = publish_shares(drawn_routes_only(table, scope), rule)
    hidden = table["suppressed"].to_numpy()
    return Answer(
        rows=table[[*by, *FOURMI_MEASURES, "suppressed"]],
        by=tuple(by),
        measures=FOURMI_MEASURES,
        filters=filters,
        sources=sources_for(bind, "4mi"),
        disclosure=rule.describe(rounded=FOURMI_MEASURES) | {"hidden_cells": int(hidden.sum())},
        filters_not_applied=not_applied("4mi", filters),
    )


def flows(
    bind: Engine | Connection,
    filters: Filters,
    by: Sequence[str],
    profiles: Mapping[str, RegionProfile],
    rule: DisclosureRule,
    *,
    rollups: bool = True,
) -> Answer:
    """Movements through FMPs, daily averages and shares of minors and unaccompanied children.

    Movements are counted at public transit points and published exactly, unless broken down by
    sex or age: counts about people by sex and age (and minors, unaccompanied children) are rounded.
    ``rollups=False`` reads the monthly rows with their origins and destinations even where the
    summaries by direction could answer (the numbers are the same).
    """
    check_breakdown(by)
    by = list(dict.fromkeys(by))
    scope = resolve_scope(filters, profiles, "flows")
    table = queries.flow_counts(bind, scope, by, rollups=rollups)
    keys = [d for d in by if d != "age"]
    minors = queries.flow_minors(bind, scope, keys, rollups=rollups).rename(
        columns={"individuals": "_demographic_total"}
    )
    table = table.merge(minors, on=keys, how="left") if keys else table.join(minors)
    demographic = bool(DEMOGRAPHIC_DIMENSIONS & set(by))
    hidden = rule.small(table["individuals"]).to_numpy() if demographic else np.zeros(len(table), dtype=bool)
    if demographic:
        table["individuals"] = rule.rounded(table["individuals"])
        table["daily_average"] = table["individuals"].astype(float) / table["days"].where(table["days"] > 0)
    small_minors = (rule.small(table["minors"]) | rule.small(table["uac"])).to_numpy()
    table["minors"], _total, table["share_minors"] = rounded_share(
        table["minors"], table["_demographic_total"], rule
    )
    table["uac"], _known, table["share_uac"] = rounded_share(table["uac"], table["minors_uac_known"], rule)
    table.loc[hidden, list(FLOW_MEASURES)] = np.nan
    table.loc[small_minors, ["minors", "share_minors", "uac", "share_uac"]] = np.nan
    for column in ("individuals", "days", "minors", "uac"):
        table[column] = pd.to_numeric(table[column]).round().astype("Int64")
    table["suppressed"] = hidden
    rounded = ("minors", "share_minors", "uac", "share_uac")
    counted = ("individuals", "days", "daily_average")
    return Answer(
        rows=table[[*by, *FLOW_MEASURES, "suppressed"]],
        by=tuple(by),
        measures=FLOW_MEASURES,
        filters=filters,
        sources=sources_for(bind, "flows"),
        disclosure=rule.describe(
            rounded=(*counted, *rounded) if demographic else rounded, exact=() if demographic else counted
        )
        | {"hidden_cells": int(hidden.sum())},
        filters_not_applied=not_applied("flows", filters),
    )


def deaths(
    bind: Engine | Connection,
    filters: Filters,
    by: Sequence[str],
    profiles: Mapping[str, RegionProfile],
    *,
    rollups: bool = True,
) -> Answer:
    """Incidents, dead and missing (minimum estimates) from the Missing Migrants Project.

    MMP is public incident-level data published under CC BY 4.0; its counts are shown as
    published, exactly. ``rollups=False`` reads the incidents even where the deaths roll-up
    could answer (the numbers are the same).
    """
    check_breakdown(by)
    if "segment" in by and "route" not in by and len(filters.route) != 1:
        raise BreakdownError("a breakdown by segment needs the route: add route to by, or filter one route")
    by = list(dict.fromkeys(by))
    scope = resolve_scope(filters, profiles, "deaths")
    table = drawn_routes_only(queries.death_counts(bind, scope, by, rollups=rollups), scope)
    table["suppressed"] = False
    return Answer(
        rows=table[[*by, *DEATH_MEASURES, "suppressed"]],
        by=tuple(by),
        measures=DEATH_MEASURES,
        filters=filters,
        sources=sources_for(bind, "deaths"),
        disclosure={
            "rule": "Exact: public incident-level data of IOM's Missing Migrants Project (CC BY 4.0).",
            "measures": dict.fromkeys(DEATH_MEASURES, EXACT),
        },
        filters_not_applied=not_applied("deaths", filters),
    )
