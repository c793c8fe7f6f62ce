"""Regional maps: the figure (built once), its geometry served apart, and the patch for a layer and filters.

The boundaries travel as GeoJSON documents of their own, at URLs that change with their
content (:func:`geometry_files`, :func:`geometry_url`): the browser keeps them, and no
page or callback answer carries them.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from urllib.parse import quote

import pandas as pd
from dash import Patch

from core.i18n import _, language
from data_access.reference import ADMIN1_SEPARATOR
from figures.maps import (
    FMP_COLOUR,
    FMP_MAX_PX,
    HUB_COLOUR,
    HUB_MAX_PX,
    GeometryUrl,
    admin1_choropleth,
    attribution,
    base_map,
    choropleth_patch,
    fmp_layer,
    geometry_documents,
    hub_bubbles,
    major_hubs,
    place_labels,
    route_lines,
    size_key,
)
from geo.regions import RegionProfile
from indicators.filters import Filters
from panels.tables import table_data
from panels.text import hidden_mark
from view_data import ViewData

SHARE_LAYERS = {
    "incidents": ("incident_type", "none", True),
    "drivers": ("driver", "violence_insecurity_conflict", False),
    "smuggling": ("smuggler_used", "yes", False),
}
SLOTS = ("choropleth", "hidden", "fmp", "hubs", "hubs_ring", "hubs_centre")
EMPTY_SHARES = {"adm1_code": [], "share": [], "ci_low": [], "ci_high": [], "base": [], "suppressed": []}
#: Where the app serves the map's GeoJSON: ``<GEOMETRY_PATH><region>/<name>.<digest>.geojson``.
GEOMETRY_PATH = "/_geometry/"
DIGEST_CHARS = 16


@dataclass(frozen=True)
class GeometryFile:
    """One GeoJSON document of a region's map as served: its bytes and their digest (part of its URL)."""

    body: bytes
    digest: str


def geometry_files(service: ViewData, region: str) -> dict[str, GeometryFile]:
    """The GeoJSON documents of the map of ``region`` (a profile id) by name, built once per process."""
    return _geometry_files(service, service.profile(region).id)


@functools.cache
def _geometry_files(service: ViewData, region: str) -> dict[str, GeometryFile]:
    geometry = service.geometry(service.profile(region))
    files = {}
    for name, document in geometry_documents(geometry.admin0, geometry.admin1, geometry.context).items():
        body = json.dumps(document, separators=(",", ":")).encode()
        files[name] = GeometryFile(body, hashlib.sha256(body).hexdigest()[:DIGEST_CHARS])
    return files


def geometry_url(service: ViewData, region: str) -> GeometryUrl:
    """The URL of each GeoJSON document of the map of ``region`` (a profile id), by name."""
    files = geometry_files(service, region)
    folder = f"{GEOMETRY_PATH}{quote(region, safe='')}/"
    return lambda name: f"{folder}{name}.{files[name].digest}.geojson"


def layer_options() -> list[dict[str, str]]:
    """The map's layers."""
    return [
        {"label": _("Incidents: share reporting any incident"), "value": "incidents"},
        {"label": _("Drivers: left because of violence, insecurity or conflict"), "value": "drivers"},
        {"label": _("Smuggling: share who used a smuggler"), "value": "smuggling"},
        {"label": _("Flows: movements counted at FMPs"), "value": "flows"},
        {"label": _("Deaths: dead and missing within 50 km of each hub"), "value": "deaths"},
    ]


def share_by_admin1(service: ViewData, layer: str, filters: Filters) -> pd.DataFrame:
    """``adm1_code`` rows of a 4Mi layer's share, interval, base; region groups spread to their units."""
    indicator, category, complement = SHARE_LAYERS[layer]
    rows = service.fourmi(indicator, filters, ("category", "admin1")).rows
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


def deaths_by_hub(service: ViewData, filters: Filters) -> pd.DataFrame:
    """Dead and missing of the incidents in the filters whose nearest hub lies within 50 km."""
    rows = service.deaths(filters, ("hub",)).rows.dropna(subset=["hub"])
    return pd.DataFrame(
        {
            "hub_id": rows["hub"].astype(str),
            "dead_and_missing": rows["dead_and_missing"].astype(float),
            "suppressed": False,
        }
    ).dropna(subset=["dead_and_missing"])


def _legend_label(layer: str) -> str:
    labels = {
        "incidents": _("Reported any incident<br>(share of respondents asked, %)"),
        "drivers": _(
            "Left because of violence,<br>insecurity or conflict<br>(share of respondents asked, %)"
        ),
        "smuggling": _("Used a smuggler<br>(share of respondents asked, %)"),
    }
    return labels.get(layer, "")


def map_caption(layer: str) -> str:
    """What the layer shown on the map is, for the line under the map."""
    captions = {
        "flows": _(
            "Circles: movements counted at flow monitoring points (IOM DTM), larger circles for more "
            "movements. Lines are schematic routes."
        ),
        "deaths": _(
            "Circles: people recorded dead and missing within 50 km of each hub (IOM Missing Migrants "
            "Project); minimum estimates. Lines are schematic routes."
        ),
    }
    return captions.get(
        layer,
        _(
            "Colours show where respondents were interviewed, in five classes of about as many regions "
            "each; grey regions are hidden for small numbers. Lines are schematic routes. Click a region "
            "to filter every view to it."
        ),
    )


def with_map_note(caption: str, profile: RegionProfile) -> str:
    """A map's caption followed by the region's own map note (e.g. how its boundaries draw a disputed area)."""
    return " ".join(text for text in (caption, profile.note(language())) if text)


def named_hubs(service: ViewData, hubs: pd.DataFrame) -> pd.DataFrame:
    """``hubs`` with each ``name`` in the interface language (the gazetteer's ``name_fr`` in French)."""
    return hubs.assign(name=hubs["hub_id"].map(service.labels.labeller("place")))


def initial_map(service: ViewData, region: str | None) -> tuple[dict, dict[str, int]]:
    """The map with empty value layers (as a figure dict), and each slot's index.

    Its boundaries are the URLs of :func:`geometry_url`. Built once per service, region and
    language: every page's map starts from the same figure.
    """
    return _initial_map(service, service.profile(region).id, language())


@functools.cache
def _initial_map(service: ViewData, region: str, _language: str) -> tuple[dict, dict[str, int]]:
    profile = service.profile(region)
    geometry = service.geometry(profile)
    urls = geometry_url(service, region)
    min_count = service.rule.min_count
    hubs = named_hubs(service, geometry.hubs)
    country = service.labels.labeller("country")
    countries = pd.concat([geometry.admin0["country"], geometry.context["country"]])
    labels = place_labels(
        geometry.admin0,
        {iso3: country(iso3) for iso3 in countries},
        hubs,
        major_hubs(geometry.segments),
        context=geometry.context,
    )
    figure = base_map(
        profile, geometry.admin0, context=geometry.context, labels=labels, height=560, geometry_url=urls
    )
    for trace in route_lines(
        geometry.segments, hub_names=dict(zip(hubs["hub_id"], hubs["name"], strict=True))
    ):
        figure.add_trace(trace)
    choropleth = admin1_choropleth(
        geometry.admin1,
        pd.DataFrame(EMPTY_SHARES),
        value_col="share",
        label="",
        base_col="base",
        min_count=min_count,
        geometry_url=urls,
    )
    bubbles = hub_bubbles(
        hubs, pd.DataFrame({"hub_id": [], "v": []}), value_col="v", label="", min_count=min_count
    )
    slots = {}
    for name, trace in zip(SLOTS, [*choropleth, fmp_layer(geometry.sites.iloc[0:0]), *bubbles], strict=True):
        slots[name] = len(figure.data)
        figure.add_trace(trace)
    return figure.to_plotly_json(), slots


def map_patch(
    service: ViewData, layer: str, filters: Filters, slots: dict[str, int], *, redraw: dict | None = None
) -> tuple[Patch, list, list, str]:
    """The changes to the map for a layer and filters, the same numbers as a table, and the caption.

    ``redraw`` (another region's :func:`initial_map` figure, whose ``slots`` are given) replaces the
    whole figure first: its boundaries, routes, hubs and view.
    """
    profile = service.profile(filters.region)
    geometry = service.geometry(profile)
    min_count = service.rule.min_count
    patch = Patch()
    if redraw is not None:
        patch["data"] = redraw["data"]
        patch["layout"] = redraw["layout"]
    shares = share_by_admin1(service, layer, filters) if layer in SHARE_LAYERS else pd.DataFrame(EMPTY_SHARES)
    fields = choropleth_patch(
        geometry.admin1,
        shares,
        value_col="share",
        base_col="base",
        min_count=min_count,
        geometry_url=geometry_url(service, profile.id),
    )
    for slot, changes in zip(("choropleth", "hidden"), fields, strict=True):
        for key, value in changes.items():
            if isinstance(value, dict):
                for part, setting in value.items():
                    patch["data"][slots[slot]][key][part] = setting
            else:
                patch["data"][slots[slot]][key] = value
    patch["data"][slots["choropleth"]]["colorbar"]["title"]["text"] = _legend_label(layer)
    patch["data"][slots["choropleth"]]["showscale"] = any(z is not None for z in fields[0]["z"])
    flows = fmp_values(service, filters) if layer == "flows" else None
    patch["data"][slots["fmp"]] = fmp_layer(
        geometry.sites if flows is not None else geometry.sites.iloc[0:0],
        flows,
        value_col="individuals" if flows is not None else None,
        label=_("Movements counted"),
    ).to_plotly_json()
    deaths = (
        deaths_by_hub(service, filters)
        if layer == "deaths"
        else pd.DataFrame({"hub_id": [], "dead_and_missing": []})
    )
    bubbles = hub_bubbles(
        named_hubs(service, service.every_hub()),
        deaths,
        value_col="dead_and_missing",
        label=_("Dead and missing (minimum)"),
        min_count=min_count,
    )
    for slot, trace in zip(("hubs", "hubs_ring", "hubs_centre"), bubbles, strict=True):
        patch["data"][slots[slot]] = trace.to_plotly_json()
    shapes, notes = _size_key(layer, flows, deaths)
    patch["layout"]["shapes"] = shapes
    patch["layout"]["annotations"] = [attribution(), *notes]
    return (
        patch,
        *map_table(service, layer, shares, flows, deaths),
        with_map_note(map_caption(layer), profile),
    )


def _size_key(layer: str, flows: pd.DataFrame | None, deaths: pd.DataFrame) -> tuple[list, list]:
    """The size key of the layer's circles (none for the coloured layers)."""
    if layer == "flows" and flows is not None and len(flows):
        return size_key(
            float(flows["individuals"].max()),
            max_px=FMP_MAX_PX,
            colour=FMP_COLOUR,
            label=_("Movements counted"),
        )
    if layer == "deaths" and len(deaths):
        return size_key(
            float(deaths["dead_and_missing"].max()),
            max_px=HUB_MAX_PX,
            colour=HUB_COLOUR,
            label=_("Dead and missing (minimum)"),
        )
    return [], []


def fmp_values(service: ViewData, filters: Filters) -> pd.DataFrame:
    """Movements per FMP, hidden ones dropped."""
    rows = service.flows(filters, ("fmp",)).rows
    return rows[~rows["suppressed"]][["fmp", "individuals"]]


def map_table(
    service: ViewData, layer: str, shares: pd.DataFrame, flows: pd.DataFrame | None, deaths: pd.DataFrame
) -> tuple[list[dict[str, object]], list[dict[str, str]]]:
    """The map's numbers as a table (the accessible alternative to the map)."""
    hidden = hidden_mark(service)
    labels = service.labels
    if layer in SHARE_LAYERS:
        return table_data(
            shares.drop_duplicates("admin1"),
            {"admin1": (_("Region of interview"), labels.labeller("admin1"))},
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
            {"fmp": (_("FMP"), labels.labeller("fmp"))},
            {"individuals": _("Movements")},
            hidden,
        )
    return table_data(
        deaths,
        {"hub_id": (_("Nearest hub"), labels.labeller("place"))},
        {"dead_and_missing": _("Dead and missing (minimum)")},
        hidden,
    )


def clicked_filter(service: ViewData, point: dict, profile: RegionProfile) -> tuple[str, str] | None:
    """The filter a click on a map point sets: ``("admin1", code)`` or ``("route", route_id)``.

    A region sets its admin-1 unit; a route line its route; a hub the admin-1 unit it lies in.
    """
    if point.get("location"):
        return "admin1", str(point["location"])
    key = point.get("customdata")
    if not isinstance(key, str):
        return None
    if key in set(service.geometry(profile).segments["route_id"]):
        return "route", key
    code = service.hub_admin1(profile).get(key)
    return ("admin1", code) if code else None
