"""Methodology & data: provenance, licences, the disclosure rule, unmatched records, caveats."""

from __future__ import annotations

import functools

import dash
import pandas as pd
from dash import html

from core.i18n import _, in_series, language, lazy_, stored_
from layouts import ids
from layouts.data_table import data_table, table_region
from layouts.how_to_read import how_to_read_section
from panels.region_sources import profile_source_rows
from panels.tables import column
from panels.text import month_text, source_name
from view_data import ViewData

KIND_NAMES = {  # each kind of dataset, in words
    "4mi": lazy_("4Mi interviews"),
    "fmp": lazy_("DTM flow monitoring"),
    "fmp-demographics": lazy_("DTM flow monitoring, by sex and age"),
    "fmp-sites": lazy_("Flow monitoring points"),
    "hubs": lazy_("Hub gazetteer"),
    "routes": lazy_("Route lines"),
    "mmp": lazy_("Missing Migrants Project"),
}


def provenance_rows(table: pd.DataFrame) -> list[dict[str, object]]:
    """One display row per active dataset (pure: provenance frame in, rows out)."""
    return [
        {
            "kind": str(KIND_NAMES.get(row.kind, row.kind)),
            "name": row.name,
            "file": row.file_name,
            "rows": int(row.rows),
            "sha256": row.sha256[:12],
            "loaded_at": f"{row.loaded_at:%Y-%m-%d %H:%M} UTC",
            "schema": row.schema_version,
            "credit": f"{stored_(row.credit)} ({stored_(row.licence)})",
            "synthetic": _("yes — synthetic") if row.synthetic else _("no"),
        }
        for row in table.itertuples(index=False)
    ]


def coverage_rows(table: pd.DataFrame) -> list[dict[str, str]]:
    """One display row per source: its name and first and last month with data (pure)."""
    return [
        {
            "source": source_name(row.source),
            "first": month_text(row.first_period) if pd.notna(row.first_period) else _("no data loaded"),
            "last": month_text(row.last_period) if pd.notna(row.last_period) else _("no data loaded"),
        }
        for row in table.itertuples(index=False)
    ]


def _table_section(
    title: str,
    table_id: str,
    columns: list[tuple[str, str]],
    rows: list[dict[str, object]],
    intro: str | None = None,
) -> list:
    """A heading, a paragraph and the table the heading names (one table for screen and print)."""
    table = data_table(rows, [column(key, header) for key, header in columns], title, language())
    return [
        html.H2(title, className="h5 mt-3"),
        *([html.P(intro)] if intro else []),
        table_region(table_id, title, table),
    ]


def _coverage_section(service: ViewData) -> list:
    return _table_section(
        _("Months covered by each source"),
        "coverage-table",
        [("source", _("Source")), ("first", _("First month")), ("last", _("Last month"))],
        coverage_rows(service.coverage()),
        intro=_(
            "Each source covers its own months. Key figures and charts name the months of their "
            "source within the chosen period, and the period lists run from the first to the last "
            "month of any source. Filters apply where a source records them: flow monitoring counts "
            "for a country or an admin-1 region are those of the flow monitoring points in it (for "
            "admin-1, the region the site list gives for each point); gender, age group and nationality "
            "filter 4Mi interviews only, and every key figure and chart of another source says so when "
            "they are set."
        ),
    )


def _region_section(service: ViewData) -> list:
    return _table_section(
        _("Region profiles and their map sources"),
        "region-sources-table",
        [
            ("region", _("Region")),
            ("countries", _("Countries")),
            ("hubs", _("Hub coordinates")),
            ("routes", _("Routes")),
            ("note", _("Boundaries")),
        ],
        profile_source_rows(service),
        intro=_(
            "Each region has its own countries, hubs, routes and boundaries. Hub coordinates come from "
            "the sources named below, with their precision in each profile's hub list; routes are "
            "schematic lines joining hubs, not roads or sea lanes."
        ),
    )


def _route_rule_section(service: ViewData) -> list:
    rule = service.route_rule()
    return _table_section(
        _("Deaths and disappearances on routes"),
        "route-rule-table",
        [
            ("mmp_routes", _("Route label (Missing Migrants Project)")),
            ("routes", _("Routes on the map")),
            ("max_distance_km", _("Within (km)")),
        ],
        rule.to_dict("records"),
        intro=_(
            "The Missing Migrants Project names a few broad routes; this dashboard draws many schematic "
            "ones. One rule decides which incidents belong to a route, on every page, in the API and "
            "on the route profile: an incident belongs to a route when the route label the Missing "
            "Migrants Project gave it is one listed below for that route, and its coordinates lie "
            "within the distance given of the route's line. An incident near two overlapping routes "
            "belongs to both; one without coordinates or without a route label belongs to none and is "
            "counted below among the records not matched. Where a record has no country, the country "
            "and the admin-1 region come from its coordinates."
        ),
    )


def _unlisted_causes_section(service: ViewData) -> list:
    categories = in_series(
        service.labels.label("cause_category", code) for code in service.dimension_codes["cause_category"]
    )
    return _table_section(
        _("Causes of death"),
        "unlisted-causes-table",
        [("cause_of_death", _("Cause of death, as recorded")), ("incidents", _("Incidents"))],
        service.unlisted_causes().to_dict("records"),
        intro=_(
            "The Missing Migrants Project describes the cause of each death in words. This dashboard "
            "groups these descriptions into the project's published categories: %(categories)s. A "
            "description naming causes of two categories counts as mixed or unknown. The descriptions "
            "below are not yet in this dashboard's list of causes: they count as mixed or unknown until "
            "they are added to it.",
            categories=categories,
        ),
    )


def layout(service: ViewData, **_query: str) -> html.Div:
    """The page, built for the current request."""
    rule = service.rule
    unmatched = [
        row | {"source": str(KIND_NAMES.get(str(row["source"]), row["source"]))}
        for row in service.unmatched_records()
    ]
    return html.Div(
        [
            html.H1(_("Methodology and data"), className="h3"),
            how_to_read_section(),
            html.H2(_("Caveats"), className="h5 mt-3"),
            html.Ul(
                [
                    html.Li(
                        _(
                            "4Mi surveys use purposive and snowball sampling and are not representative of all "
                            "refugees and migrants on the move."
                        )
                    ),
                    html.Li(
                        _(
                            "Missing Migrants Project figures are minimum estimates; locations are mostly "
                            "approximate."
                        )
                    ),
                    html.Li(
                        _(
                            "Flow monitoring counts movements at points, not people: one person may be counted "
                            "more than once."
                        )
                    ),
                    html.Li(
                        _(
                            "Boundaries are Natural Earth (circa 2014) and do not imply endorsement; route lines "
                            "are schematic lines through hubs."
                        )
                    ),
                    html.Li(
                        _(
                            "Datasets marked synthetic are generated demonstration data in the published formats; "
                            "they are not real observations."
                        )
                    ),
                ]
            ),
            html.H2(_("Protecting small numbers"), className="h5 mt-3"),
            html.Ul(
                [
                    html.Li(
                        _(
                            "Counts about people (4Mi respondents and bases; minors, unaccompanied children and "
                            "counts by sex and age at flow monitoring points) are rounded to the nearest "
                            "%(n)s; counts from 1 to %(count)s are hidden and read \u201cfewer than %(min)s\u201d.",
                            n=rule.round_to,
                            count=rule.min_count - 1,
                            min=rule.min_count,
                        )
                    ),
                    html.Li(
                        _(
                            "Shares and their 95 %% confidence intervals are computed from the rounded counts, "
                            "and shown only on a rounded base of at least %(base)s respondents asked.",
                            base=rule.min_base,
                        )
                    ),
                    html.Li(
                        _(
                            "Because every published count is rounded, subtracting one table from another "
                            "(a filter and its complement, two overlapping periods, a total and its parts) "
                            "gives a range of possible values, never a hidden value. What remains: a reader "
                            "who combines many tables can narrow such a range, and a hidden cell still says "
                            "that the count is between 1 and %(count)s.",
                            count=rule.min_count - 1,
                        )
                    ),
                    html.Li(
                        _(
                            "What you lose: rounded counts and shares do not add up exactly, and a share can "
                            "differ from the exact share by up to about %(n)s respondents on its base.",
                            n=rule.round_to,
                        )
                    ),
                    html.Li(
                        _(
                            "Movements counted at flow monitoring points and the Missing Migrants Project's "
                            "public records of deaths and disappearances are shown exactly. Each chart says "
                            "which rule its numbers follow."
                        )
                    ),
                ]
            ),
            *_region_section(service),
            *_route_rule_section(service),
            *_table_section(
                _("Loaded datasets"),
                ids.DATASETS_TABLE,
                [
                    ("kind", _("Source")),
                    ("name", _("Dataset")),
                    ("file", _("File")),
                    ("rows", _("Rows")),
                    ("sha256", _("SHA-256 (first 12)")),
                    ("loaded_at", _("Loaded")),
                    ("schema", _("Format version")),
                    ("credit", _("Credit and licence")),
                    ("synthetic", _("Synthetic")),
                ],
                provenance_rows(service.datasets()),
            ),
            *_coverage_section(service),
            *_table_section(
                _("Records not matched to the map"),
                "unmatched-table",
                [("source", _("Source")), ("what", _("What")), ("records", _("Records"))],
                unmatched,
            ),
            *_unlisted_causes_section(service),
        ]
    )


def register(service: ViewData) -> None:
    """Register the page."""
    dash.register_page(
        __name__,
        path="/methodology",
        name=lazy_("Methodology & data"),
        title=lambda **_path: _("Methodology & data"),
        layout=functools.partial(layout, service),
        order=7,
    )
