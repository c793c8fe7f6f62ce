"""A map of change levels: countries filled and routes drawn in the colour of their level of change."""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import pandas as pd
import plotly.graph_objects as go

from figures import palettes
from figures.maps import KEY_BAND_PX, base_map, feature_collection
from figures.theme import TITLE_TOP_PX, title_block
from geo.regions import RegionProfile

ROUTE_WIDTH = 4.0
FILL_OPACITY = 0.75


def change_map(
    profile: RegionProfile,
    admin0: gpd.GeoDataFrame,
    segments: gpd.GeoDataFrame,
    countries: pd.DataFrame,
    routes: pd.DataFrame,
    *,
    title: str,
    subtitle: str,
    level_names: Mapping[str, str],
    context: gpd.GeoDataFrame | None = None,
    height: int = 520,
) -> go.Figure:
    """Countries and routes coloured by their level of change (:data:`palettes.CHANGE_LEVEL`).

    ``countries`` has ``country``, ``level`` and ``hover`` (the text shown on hover); ``routes``
    has ``route_id``, ``level`` and ``hover``. The figure carries its geometry (no URL), so it can
    be drawn as a picture too: pass boundaries simplified to the map's scale. One legend item per
    level shown, in ``level_names`` order; routes and countries of one level
    share it. Places without a row are left as they are. The title and subtitle are wrapped to
    the chart's width above the legend.
    """
    figure = base_map(profile, admin0, context=context, height=height)
    text, top = title_block(title, subtitle)
    total = height + KEY_BAND_PX + top
    figure.update_layout(
        height=total,
        title={"text": text, "x": 0.02, "xanchor": "left", "y": 1 - TITLE_TOP_PX / total},
        legend={"y": 1 - top / total},
    )
    units = admin0.merge(countries, on="country")
    lines = segments[["route_id", "geometry"]].merge(routes, on="route_id")
    for level, name in level_names.items():
        colour = palettes.CHANGE_LEVEL[level]
        filled = units[units["level"] == level]
        drawn = lines[lines["level"] == level]
        legend = {"legendgroup": level, "name": name}
        if len(filled):
            figure.add_trace(
                go.Choroplethmap(
                    geojson=feature_collection(filled, "country"),
                    locations=filled["country"].tolist(),
                    z=[1] * len(filled),
                    text=filled["hover"].tolist(),
                    colorscale=[(0.0, colour), (1.0, colour)],
                    showscale=False,
                    marker={"line": {"width": 0.5, "color": palettes.ADMIN1_EDGE}, "opacity": FILL_OPACITY},
                    hovertemplate="%{text}<extra></extra>",
                    showlegend=True,
                    **legend,
                )
            )
        if len(drawn):
            figure.add_trace(_route_trace(drawn, colour, legend, show=not len(filled)))
    return figure


def _route_trace(
    lines: gpd.GeoDataFrame, colour: str, legend: dict[str, str], *, show: bool
) -> go.Scattermap:
    lon: list[float | None] = []
    lat: list[float | None] = []
    text: list[str | None] = []
    for geometry, hover in zip(lines.geometry, lines["hover"], strict=True):
        for x, y in geometry.coords:
            lon.append(round(x, 3))
            lat.append(round(y, 3))
            text.append(hover)
        lon.append(None)
        lat.append(None)
        text.append(None)
    return go.Scattermap(
        lon=lon,
        lat=lat,
        text=text,
        mode="lines",
        line={"width": ROUTE_WIDTH, "color": colour},
        hoverinfo="text",
        showlegend=show,
        **legend,
    )
