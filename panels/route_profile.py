"""Panels of the route profile page: three sources on one distance axis."""

from __future__ import annotations

import dataclasses

import geopandas as gpd
import pandas as pd

from core.i18n import _
from figures.route_profile import RouteProfileText, route_profile_figure
from geo.route_axis import hub_positions, positions_along, route_segments_of
from indicators.filters import Filters
from panels.tables import column
from panels.text import (
    PanelContent,
    answer_sources,
    covered_period_text,
    hidden_mark,
    panel_note,
    source_text,
)
from view_data import ViewData

FMP_TOLERANCE_KM = 25.0


def _points(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs="EPSG:4326")


def route_data(service: ViewData, filters: Filters, route_id: str, incident: str) -> dict[str, pd.DataFrame]:
    """Hubs, incidents, flows and deaths positioned along ``route_id`` (aggregates only)."""
    geometry = service.geometry(service.profile(filters.region))
    route = route_segments_of(geometry.segments, route_id)
    hubs = hub_positions(route)
    hubs["name"] = hubs["hub_id"].map(service.labels.labeller("place"))
    answer = service.fourmi("incident_place", filters, ("category", "place"))
    places = answer.rows[answer.rows["category"] == incident]
    incidents = hubs.merge(places, left_on="hub_id", right_on="place", how="inner")
    without_route = dataclasses.replace(filters, route=())
    flows_answer = service.flows(without_route, ("fmp",))
    flows = flows_answer.rows
    sites = geometry.sites.copy()
    sites["km"] = positions_along(_points(sites), route, FMP_TOLERANCE_KM)
    flows = sites.dropna(subset=["km"]).merge(flows, on="fmp")[["km", "name", "individuals"]]
    deaths_answer = service.deaths(dataclasses.replace(filters, route=(route_id,)), ("segment",))
    deaths = route[["seq", "km_start", "length_km"]].merge(
        deaths_answer.rows[["segment", "dead_and_missing"]], left_on="seq", right_on="segment", how="left"
    )
    deaths["dead_and_missing"] = deaths["dead_and_missing"].astype(float)
    deaths = deaths.assign(km_from=deaths["km_start"], km_to=deaths["km_start"] + deaths["length_km"])
    deaths["km_mid"] = (deaths["km_from"] + deaths["km_to"]) / 2
    return {
        "hubs": hubs,
        "incidents": incidents,
        "flows": flows,
        "deaths": deaths,
        "answer": answer,
        "answers": [answer, flows_answer, deaths_answer],
    }


def region_routes(service: ViewData, region: str | None) -> list[str]:
    """Ids of the routes ``region``'s profile draws (the default region's if None), in its file's order."""
    return service.geometry(service.profile(region)).segments["route_id"].drop_duplicates().tolist()


def shown_route(service: ViewData, region: str | None, route_id: str) -> str:
    """``route_id`` when ``region`` draws it, else the region's first route (a link may name another
    region's route, and switching region keeps the route chosen before)."""
    routes = region_routes(service, region)
    return route_id if route_id in routes or not routes else routes[0]


def build(service: ViewData, filters: Filters, controls: dict[str, object]) -> dict[str, PanelContent]:
    """The profile figure and the table of hubs with their numbers, for a route of the filters' region."""
    route_id = shown_route(service, filters.region, str(controls["route"]))
    incident = str(controls["incident"])
    data = route_data(service, filters, route_id, incident)
    answers = data["answers"]
    sources = "\n".join(dict.fromkeys(source_text(answer) for answer in answers))
    text = RouteProfileText(
        title=_(
            "%(route)s: %(incident)s, movements and deaths along the route",
            route=service.labels.label("route", route_id),
            incident=service.labels.label("category", incident, "incident_place"),
        ),
        subtitle=f"{covered_period_text(*answers)} · {sources}",
        incidents=_("Respondents reporting this incident at the place (share of respondents asked, %)"),
        flows=_("Movements counted at flow monitoring points within 25 km of the route"),
        deaths=_(
            "Dead and missing placed on each leg by the route rule (see Methodology; minimum estimates)"
        ),
        distance=_("Kilometres from the route's origin (schematic)"),
        hidden_mark=hidden_mark(service),
        schematic=_("Route lines are schematic: distances follow straight legs between hubs."),
    )
    figure = route_profile_figure(data["hubs"], data["incidents"], data["flows"], data["deaths"], text)
    hidden = hidden_mark(service)
    table = _hub_table(data, hidden)
    columns = [
        column("km", _("km from origin")),
        column("name", _("Hub")),
        column("incidents", _("Reporting this incident (%)"), hidden),
        column("n", _("n asked"), hidden),
        column("movements", _("Movements at nearby FMPs")),
    ]
    note = " ".join(dict.fromkeys(panel_note(service, answer) for answer in answers))
    return {"profile": PanelContent(figure, table, columns, note, answer_sources(*answers))}


def _hub_table(data: dict[str, pd.DataFrame], hidden: str) -> list[dict[str, object]]:
    incidents = data["incidents"].set_index("hub_id") if not data["incidents"].empty else pd.DataFrame()
    rows = []
    for hub in data["hubs"].itertuples():
        row = incidents.loc[hub.hub_id] if hub.hub_id in incidents.index else None
        is_hidden = row is not None and bool(row["suppressed"])
        movements = data["flows"].loc[(data["flows"]["km"] - hub.km).abs() < 1, "individuals"].sum()
        rows.append(
            {
                "km": round(hub.km),
                "name": hub.name,
                "incidents": hidden
                if is_hidden
                else (round(float(row["share"]) * 100, 1) if row is not None else "—"),
                "n": hidden if is_hidden else (int(row["base"]) if row is not None else "—"),
                "movements": int(movements) if movements else "—",
            }
        )
    return rows
