"""Regional maps (one per page): geometry sent once, each filter or layer change patched in."""

from __future__ import annotations

import functools
from pathlib import Path

import geopandas as gpd
import pandas as pd
from dash import ALL, MATCH, Input, Output, Patch, State, callback, ctx, no_update
from flask_babel import get_locale

from callbacks.common import current_profile, filters_from_state, hidden_mark, labeller
from dashboard.cached_data import flows_answer, fourmi_answer, suppression_rule
from dashboard.extensions import database
from dashboard.i18n import _
from data_access.queries import death_locations
from data_access.reference import ADMIN1_SEPARATOR
from figures.maps import admin1_choropleth, base_map, choropleth_patch, fmp_layer, hub_bubbles, route_lines
from geo.boundaries import load_admin0, load_admin1
from geo.joins import assign_admin1
from geo.nearest import nearest_hub
from geo.regions import RegionProfile
from indicators.filters import Filters
from indicators.scope import resolve_scope
from layouts import ids
from layouts.filter_bar import filter_id
from layouts.panels import map_id, table_data

SHARE_LAYERS = {
    "incidents": ("incident_type", "none", True),
    "drivers": ("driver", "violence_insecurity_conflict", False),
    "smuggling": ("smuggler_used", "yes", False),
}
DEATH_TO_HUB_KM = 50.0
SLOTS = ("choropleth", "hidden", "fmp", "hubs", "hubs_ring", "hubs_centre")


def layer_options() -> list[dict[str, str]]:
    """The map's layers."""
    return [
        {"label": _("Incidents: share reporting any incident"), "value": "incidents"},
        {"label": _("Drivers: left because of violence, insecurity or conflict"), "value": "drivers"},
        {"label": _("Smuggling: share who used a smuggler"), "value": "smuggling"},
        {"label": _("Flows: movements counted at FMPs"), "value": "flows"},
        {"label": _("Deaths: dead and missing within 50 km of each hub"), "value": "deaths"},
    ]


@functools.cache
def _geometry(directory: Path, segments_path: Path, hubs_path: Path, sites_path: Path) -> tuple:
    return (
        load_admin0(directory),
        load_admin1(directory),
        gpd.read_file(segments_path),
        pd.read_csv(hubs_path, dtype={"hub_id": str}),
        pd.read_csv(sites_path, dtype={"fmp": str}),
    )


def geometry(profile: RegionProfile) -> tuple:
    """Admin-0, admin-1, route segments, hubs and FMP sites of a profile (read once per process)."""
    paths = (profile.path("route_segments"), profile.path("hubs"), profile.path("fmp_sites"))
    return _geometry(profile.directory, *paths)


def share_by_admin1(layer: str, filters: Filters) -> pd.DataFrame:
    """``adm1_code`` rows of a 4Mi layer's share, interval, base; region groups spread to their units."""
    indicator, category, complement = SHARE_LAYERS[layer]
    rows = fourmi_answer(indicator, filters, ("category", "admin1")).rows
    rows = rows[rows["category"] == category].copy()
    if complement:
        rows["share"], rows["ci_low"], rows["ci_high"] = (
            1 - rows["share"],
            1 - rows["ci_high"],
            1 - rows["ci_low"],
        )
    rows["adm1_code"] = rows["admin1"].str.split(ADMIN1_SEPARATOR)
    return rows.explode("adm1_code")[
        ["adm1_code", "admin1", "share", "ci_low", "ci_high", "base", "suppressed"]
    ]


def deaths_by_hub(filters: Filters, hubs: pd.DataFrame) -> pd.DataFrame:
    """Dead and missing recorded within DEATH_TO_HUB_KM of each hub, summed on the server."""
    profile = current_profile(filters.region)
    locations = death_locations(database.engine, resolve_scope(filters, {profile.id: profile}, "deaths"))
    if locations.empty:
        return pd.DataFrame({"hub_id": [], "dead_and_missing": [], "suppressed": []})
    points = gpd.GeoDataFrame(
        locations, geometry=gpd.points_from_xy(locations["lon"], locations["lat"]), crs=4326
    )
    hub_points = gpd.GeoDataFrame(hubs, geometry=gpd.points_from_xy(hubs["lon"], hubs["lat"]), crs=4326)
    matched = nearest_hub(points, hub_points, DEATH_TO_HUB_KM).dropna(subset=["hub_id"])
    totals = matched.groupby("hub_id")["dead_and_missing"].sum(min_count=1).dropna()
    return totals.reset_index().assign(suppressed=False)


def _legend_label(layer: str) -> str:
    labels = {
        "incidents": _("Share reporting any incident (% of respondents asked, by region of interview)"),
        "drivers": _("Left because of violence, insecurity or conflict (% of respondents asked)"),
        "smuggling": _("Used a smuggler (% of respondents asked)"),
    }
    return labels.get(layer, "")


def initial_map(region: str | None) -> tuple[dict, dict[str, int]]:
    """The map with every unit's geometry and empty value layers (as a figure dict), and each slot's index.

    Built once per region and language: every page's map starts from the same figure.
    """
    profile = current_profile(region)
    return _initial_map(profile.id, profile.directory, str(get_locale()))


@functools.cache
def _initial_map(region: str, _directory: Path, _language: str) -> tuple[dict, dict[str, int]]:
    profile = current_profile(region)
    admin0, admin1, segments, hubs, sites = geometry(profile)
    rule = suppression_rule()
    figure = base_map(profile, admin0, height=560)
    empty = pd.DataFrame(
        {"adm1_code": [], "share": [], "ci_low": [], "ci_high": [], "base": [], "suppressed": []}
    )
    for trace in route_lines(segments, hub_names=dict(zip(hubs["hub_id"], hubs["name"], strict=True))):
        figure.add_trace(trace)
    slots = {}
    choropleth = admin1_choropleth(
        admin1, empty, value_col="share", label="", base_col="base", min_count=rule.min_count
    )
    bubbles = hub_bubbles(
        hubs, pd.DataFrame({"hub_id": [], "v": []}), value_col="v", label="", min_count=rule.min_count
    )
    for name, trace in zip(SLOTS, [*choropleth, fmp_layer(sites.iloc[0:0]), *bubbles], strict=True):
        slots[name] = len(figure.data)
        figure.add_trace(trace)
    return figure.to_plotly_json(), slots


def map_patch(layer: str, filters: Filters, slots: dict[str, int]) -> tuple[Patch, list, list]:
    """The changes to the map for a layer and filters, and the same numbers as a table."""
    profile = current_profile(filters.region)
    _admin0, admin1, _segments, hubs, sites = geometry(profile)
    rule = suppression_rule()
    patch = Patch()
    empty_shares = pd.DataFrame(
        {"adm1_code": [], "share": [], "ci_low": [], "ci_high": [], "base": [], "suppressed": []}
    )
    shares = share_by_admin1(layer, filters) if layer in SHARE_LAYERS else empty_shares
    fields = choropleth_patch(admin1, shares, value_col="share", base_col="base", min_count=rule.min_count)
    for slot, changes in zip(("choropleth", "hidden"), fields, strict=True):
        for key, value in changes.items():
            patch["data"][slots[slot]][key] = value
    patch["data"][slots["choropleth"]]["colorbar"]["title"]["text"] = _legend_label(layer)
    patch["data"][slots["choropleth"]]["showscale"] = layer in SHARE_LAYERS
    flows = fmp_values(filters) if layer == "flows" else None
    patch["data"][slots["fmp"]] = fmp_layer(
        sites if flows is not None else sites.iloc[0:0],
        flows,
        value_col="individuals" if flows is not None else None,
        label=_("Movements counted"),
    ).to_plotly_json()
    deaths = (
        deaths_by_hub(filters, hubs)
        if layer == "deaths"
        else pd.DataFrame({"hub_id": [], "dead_and_missing": []})
    )
    bubbles = hub_bubbles(
        hubs,
        deaths,
        value_col="dead_and_missing",
        label=_("Dead and missing (minimum)"),
        min_count=rule.min_count,
    )
    for slot, trace in zip(("hubs", "hubs_ring", "hubs_centre"), bubbles, strict=True):
        patch["data"][slots[slot]] = trace.to_plotly_json()
    return patch, *map_table(layer, shares, flows, deaths)


def fmp_values(filters: Filters) -> pd.DataFrame:
    """Movements per FMP, hidden ones dropped."""
    rows = flows_answer(filters, ("fmp",)).rows
    return rows[~rows["suppressed"]][["fmp", "individuals"]]


def map_table(layer: str, shares: pd.DataFrame, flows: pd.DataFrame | None, deaths: pd.DataFrame):  # noqa: ANN201
    """The map's numbers as a table (the accessible alternative to the map)."""
    hidden = hidden_mark()
    if layer in SHARE_LAYERS:
        rows = shares.drop_duplicates("admin1")
        return table_data(
            rows,
            {"admin1": (_("Region of interview"), labeller("admin1"))},
            {
                "share": _("Share (%)"),
                "ci_low": _("95 % CI low"),
                "ci_high": _("95 % CI high"),
                "base": _("n asked"),
            },
            hidden,
        )
    if layer == "flows" and flows is not None:
        return table_data(
            flows.assign(suppressed=False),
            {"fmp": (_("FMP"), labeller("fmp"))},
            {"individuals": _("Movements")},
            hidden,
        )
    return table_data(
        deaths,
        {"hub_id": (_("Nearest hub"), labeller("place"))},
        {"dead_and_missing": _("Dead and missing (minimum)")},
        hidden,
    )


@callback(
    Output(map_id(ids.MAP_GRAPH, MATCH), "figure"),
    Output(map_id(ids.MAP_TABLE, MATCH), "data"),
    Output(map_id(ids.MAP_TABLE, MATCH), "columns"),
    Input(ids.FILTER_STATE, "data"),
    Input(map_id(ids.MAP_LAYER, MATCH), "value"),
    State(map_id(ids.MAP_SLOTS, MATCH), "data"),
)
def update_map(query: str | None, layer: str, slots: dict[str, int]):  # noqa: ANN201
    """Recolour a page's map for the filters and layer (geometry stays in the browser)."""
    return map_patch(layer, filters_from_state(query), slots)


def clicked_filter(point: dict, profile: RegionProfile) -> tuple[str, str] | None:
    """The filter a click on a map point sets: ``("admin1", code)`` or ``("route", route_id)``.

    A region sets its admin-1 unit; a route line its route; a hub the admin-1 unit it lies in.
    """
    if point.get("location"):
        return "admin1", str(point["location"])
    key = point.get("customdata")
    if not isinstance(key, str):
        return None
    _admin0, _admin1, segments, _hubs, _sites = geometry(profile)
    if key in set(segments["route_id"]):
        return "route", key
    code = hub_admin1(profile).get(key)
    return ("admin1", code) if code else None


def hub_admin1(profile: RegionProfile) -> dict[str, str]:
    """Admin-1 unit of each hub of a profile."""
    return _hub_admin1(profile.directory, profile.path("hubs"))


@functools.cache
def _hub_admin1(directory: Path, hubs_path: Path) -> dict[str, str]:
    hubs = pd.read_csv(hubs_path, dtype={"hub_id": str})
    points = gpd.GeoDataFrame(
        hubs[["hub_id"]], geometry=gpd.points_from_xy(hubs["lon"], hubs["lat"]), crs=4326
    )
    assigned = assign_admin1(points, load_admin1(directory))
    return dict(assigned.dropna(subset=["adm1_code"])[["hub_id", "adm1_code"]].itertuples(index=False))


@callback(
    Output(filter_id("admin1"), "value", allow_duplicate=True),
    Output(filter_id("route"), "value", allow_duplicate=True),
    Input(map_id(ids.MAP_GRAPH, ALL), "clickData"),
    State(filter_id("region"), "value"),
    prevent_initial_call=True,
)
def filter_by_clicked_place(clicks: list[dict | None], region: str | None):  # noqa: ANN201
    """Clicking a region, hub or route filters every view to it (a chip shows it; Clear filters removes it)."""
    click = ctx.triggered[0]["value"] if ctx.triggered else None
    if not click or not click.get("points"):
        return no_update, no_update
    chosen = clicked_filter(click["points"][0], current_profile(region))
    if chosen is None:
        return no_update, no_update
    parameter, value = chosen
    return ([value], no_update) if parameter == "admin1" else (no_update, [value])
