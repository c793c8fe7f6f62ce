"""The indicator engine: every number shown, exported or served goes through here.

Each function runs the aggregate in the database, computes shares and Wilson intervals,
applies small-cell suppression, and returns an :class:`Answer` that names its sources.
Hidden values are nulled here, so they can never reach JSON, CSV, figures or tooltips.
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
from indicators.filters import Filters
from indicators.scope import not_applied, resolve_scope
from indicators.stats import wilson_interval
from indicators.suppression import suppress

SOURCE_KINDS = {"4mi": ("4mi",), "flows": ("fmp", "fmp-demographics", "fmp-sites"), "deaths": ("mmp",)}
ADDITIVE_4MI = set(queries.FOURMI_CELL_DIMENSIONS)
FOURMI_MEASURES = ("respondents", "base", "share", "ci_low", "ci_high")
FLOW_MEASURES = ("individuals", "days", "daily_average", "minors", "share_minors", "uac", "share_uac")
DEATH_MEASURES = ("incidents", "dead", "missing", "dead_and_missing")
NO_VALUE = "__none__"


@dataclass(frozen=True)
class SuppressionRule:
    """Small-cell thresholds: no share on a base under ``min_base``; counts 1..min_count-1 hidden."""

    min_base: int = 20
    min_count: int = 5

    def describe(self) -> dict[str, object]:
        """The rule as stated in every answer."""
        return {
            "min_base": self.min_base,
            "min_count": self.min_count,
            "rule": (
                f"Shares on fewer than {self.min_base} respondents and counts from 1 to "
                f"{self.min_count - 1} are hidden, with enough other cells that no hidden value "
                "can be recovered from totals."
            ),
        }


@dataclass(frozen=True)
class Answer:
    """Rows of one breakdown with the filters, sources and suppression behind them."""

    rows: pd.DataFrame
    by: tuple[str, ...]
    measures: tuple[str, ...]
    filters: Filters
    sources: list[dict[str, object]]
    suppression: dict[str, object]
    filters_not_applied: tuple[str, ...] = field(default=())

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


def _hidden(
    table: pd.DataFrame,
    dims: list[str],
    count_col: str,
    base_col: str | None,
    additive: list[str],
    rule: SuppressionRule,
) -> np.ndarray:
    if table.empty:
        return np.zeros(0, dtype=bool)
    # A missing dimension value (a 4Mi cell without a route) is a group of its own.
    table = table.assign(**{dim: table[dim].fillna(NO_VALUE) for dim in dims})
    result = suppress(
        table, count_col=count_col, dims=dims, base_col=base_col, min_count=rule.min_count,
        min_base=rule.min_base, totals_published=True, additive_dims=additive,
    )  # fmt: skip
    cells = result[~result["is_total"]]
    return cells["suppressed"].to_numpy(dtype=bool)


def complete_lines(
    table: pd.DataFrame, dims: list[str], additive: list[str], hidden: np.ndarray, count_col: str
) -> np.ndarray:
    """Hide more cells until no line along an additive dimension has exactly one hidden cell.

    :func:`suppress` may protect a cell by hiding its line total instead of a second cell; this
    answer does not show that total, but a coarser answer does, so the protection has to come
    from cells. The smallest visible non-zero cell of the line is hidden (a zero if none is left).
    """
    hidden = hidden.copy()
    counts = table[count_col].to_numpy(dtype=float)
    keyed = table.assign(**{dim: table[dim].fillna(NO_VALUE) for dim in dims})
    changed = True
    while changed:
        changed = False
        for dim in additive:
            others = [d for d in dims if d != dim]
            groups = keyed.groupby(others, sort=False).indices.values() if others else [np.arange(len(table))]
            for positions in groups:
                line = np.asarray(positions)
                if hidden[line].sum() != 1 or len(line) < 2:
                    continue
                visible = line[~hidden[line]]
                nonzero = visible[counts[visible] > 0]
                pool = nonzero if len(nonzero) else visible
                hidden[pool[np.argmin(counts[pool])]] = True
                changed = True
    return hidden


def fourmi_indicator(
    bind: Engine | Connection,
    indicator: str,
    filters: Filters,
    by: Sequence[str],
    profiles: Mapping[str, RegionProfile],
    rule: SuppressionRule,
    reference: Reference,
) -> Answer:
    """Share of respondents choosing each category of a 4Mi indicator, per ``by`` group, suppressed.

    ``category`` is always part of the breakdown: categories of a multi-select question
    overlap, so they cannot be summed into one figure.
    """
    if indicator not in set(reference.codebook["indicator"]):
        raise ValueError(f"unknown indicator {indicator!r}")
    by = list(dict.fromkeys(["category", *by]))
    scope = resolve_scope(filters, profiles, "4mi")
    table = queries.fourmi_counts(bind, indicator, scope, by, reference.categories(indicator))
    single_select = indicator in reference.single_select_indicators()
    additive = [d for d in by if d in ADDITIVE_4MI or (d == "category" and single_select)]
    hidden = _hidden(table, by, "respondents", "base", additive, rule) | _hidden(
        table.assign(_people=table["base"]),
        by,
        "_people",
        None,
        [d for d in by if d in ADDITIVE_4MI],
        rule,
    )
    hidden = complete_lines(table, by, additive, hidden, "respondents")
    table = table.copy()
    table["share"] = table["respondents"] / table["base"]
    low, high = wilson_interval(table["respondents"], table["base"])
    table["ci_low"], table["ci_high"] = low, high
    table["suppressed"] = hidden
    table.loc[hidden, list(FOURMI_MEASURES)] = np.nan
    for column in ("respondents", "base"):
        table[column] = table[column].astype("Int64")
    return Answer(
        rows=table[[*by, *FOURMI_MEASURES, "suppressed"]],
        by=tuple(by),
        measures=FOURMI_MEASURES,
        filters=filters,
        sources=sources_for(bind, "4mi"),
        suppression=rule.describe() | {"hidden_cells": int(hidden.sum())},
        filters_not_applied=not_applied("4mi", filters),
    )


def flows(
    bind: Engine | Connection,
    filters: Filters,
    by: Sequence[str],
    profiles: Mapping[str, RegionProfile],
    rule: SuppressionRule,
) -> Answer:
    """Individuals through FMPs, daily averages and shares of minors and unaccompanied children."""
    by = list(dict.fromkeys(by))
    scope = resolve_scope(filters, profiles, "flows")
    table = queries.flow_counts(bind, scope, by)
    keys = [d for d in by if d != "age"]
    minors = queries.flow_minors(bind, scope, keys).rename(columns={"individuals": "_demographic_total"})
    table = table.merge(minors, on=keys, how="left") if keys else table.join(minors)
    table["share_minors"] = table["minors"] / table["_demographic_total"].where(
        table["_demographic_total"] > 0
    )
    table["share_uac"] = table["uac"] / table["minors_uac_known"].where(table["minors_uac_known"] > 0)
    dims = by or ["_all"]
    cells = table.assign(_all="all") if not by else table
    hidden = _hidden(cells.assign(_n=cells["individuals"].astype("int64")), dims, "_n", None, dims, rule)
    hidden = complete_lines(cells, dims, dims, hidden, "individuals")
    small_minors = table["minors"].between(1, rule.min_count - 1) | table["uac"].between(
        1, rule.min_count - 1
    )
    table.loc[hidden, list(FLOW_MEASURES)] = np.nan
    table.loc[small_minors.to_numpy(), ["minors", "share_minors", "uac", "share_uac"]] = np.nan
    for column in ("individuals", "days", "minors", "uac"):
        table[column] = pd.to_numeric(table[column]).round().astype("Int64")
    table["suppressed"] = hidden
    return Answer(
        rows=table[[*by, *FLOW_MEASURES, "suppressed"]],
        by=tuple(by),
        measures=FLOW_MEASURES,
        filters=filters,
        sources=sources_for(bind, "flows"),
        suppression=rule.describe() | {"hidden_cells": int(hidden.sum())},
        filters_not_applied=not_applied("flows", filters),
    )


def deaths(
    bind: Engine | Connection,
    filters: Filters,
    by: Sequence[str],
    profiles: Mapping[str, RegionProfile],
) -> Answer:
    """Incidents, dead and missing (minimum estimates) from the Missing Migrants Project.

    MMP is public incident-level data published under CC BY 4.0; its counts are shown as
    published, not suppressed.
    """
    by = list(dict.fromkeys(by))
    table = queries.death_counts(bind, resolve_scope(filters, profiles, "deaths"), by)
    table["suppressed"] = False
    return Answer(
        rows=table[[*by, *DEATH_MEASURES, "suppressed"]],
        by=tuple(by),
        measures=DEATH_MEASURES,
        filters=filters,
        sources=sources_for(bind, "deaths"),
        suppression={"applied": False, "reason": "public incident-level data (CC BY 4.0)"},
        filters_not_applied=not_applied("deaths", filters),
    )
