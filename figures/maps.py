"""Map building blocks on plotly's maplibre traces (``white-bg`` style, our own GeoJSON only).

Nothing here fetches from the internet: the basemap is blank, boundaries are our
own GeoJSON (inline, or the URL of a document the app serves, given by a
``geometry_url`` callable: see :func:`geometry_documents`), and every marker is a
plain circle (plotly.js loads any other marker symbol as an icon from a CDN, and
text layers need web fonts).

Suppressed cells never reach the figure: their values are dropped before any
trace is built, so neither the count, the base nor the share can be read from
the figure JSON.
"""

from __future__ import annotations

import gzip
import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely
from shapely.geometry import mapping
from shapely.ops import substring

from core.i18n import _, labelled
from figures import palettes
from figures.plain import plain, plain_names
from figures.theme import number_text, separators
from geo.regions import RegionProfile

COORD_DECIMALS = 3
ROUTE_WIDTHS: tuple[float, ...] = (1.5, 3.0, 4.5, 6.5, 9.0)
NO_VALUE_WIDTH = 1.0
SEA_DASH_DEG = 0.35
SEA_GAP_DEG = 0.25
ROUTE_COLOUR = palettes.OKABE_ITO["vermillion"]
SEA_COLOUR = palettes.OKABE_ITO["orange"]
HUB_COLOUR = palettes.OKABE_ITO["reddish_purple"]
FMP_COLOUR = palettes.OKABE_ITO["black"]
HIDDEN_MARK_PX = (12, 7)
MAJOR_HUB_ROUTES = 3
CONTEXT_FILL = "#f0f0f0"
CONTEXT_EDGE = "#9e9e9e"
#: ColorBrewer YlGnBu, 5 classes (colour-blind safe, light = low).
CLASS_COLOURS: tuple[str, ...] = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
SIZE_KEY_FRACTIONS: tuple[float, ...] = (1.0, 0.25, 0.05)
SIZE_KEY_MARGIN_PX = 10
HUB_MAX_PX = 40
FMP_MAX_PX = 26
SIZE_KEY_SLOT_PX = 60
#: Band below the map (px) for the colour or size key and, at its foot, the boundary caveat.
KEY_BAND_PX = 124
KEY_GAP_PX = 8
KEY_TITLE_PX = 16
ATTRIBUTION_PX = 28
#: Length (px) of the colour key: five class labels fit under it on a phone-wide map.
COLOUR_KEY_PX = 300
#: Names of the map's GeoJSON documents (:func:`geometry_documents`).
ADMIN0 = "admin0"
ADMIN1 = "admin1"
CONTEXT = "context"
#: The URL of a named GeoJSON document (plotly.js and maplibre fetch it).
GeometryUrl = Callable[[str], str]


@dataclass(frozen=True)
class MapText:
    """User-visible map strings, already translated. ``%(n)s`` is the minimum cell size."""

    attribution: str
    share: str
    interval: str
    base: str
    suppressed: str
    hidden_legend: str
    routes: str
    sea_leg: str
    no_value: str
    hubs: str
    fmps: str
    no_data: str


def map_text() -> MapText:
    """The map strings in the current interface language (English outside a request)."""
    return MapText(
        attribution=_("Boundaries: Natural Earth c. 2014, not endorsed.<br>Route lines are schematic."),
        share=_("Share"),
        interval=_("95% CI"),
        base=_("n"),
        suppressed=_("fewer than %(n)s respondents"),
        hidden_legend=_("Hidden: fewer than %(n)s respondents"),
        routes=_("Routes (schematic lines)"),
        sea_leg=_("Sea leg (dashed)"),
        no_value=_("no value shown"),
        hubs=_("Hubs"),
        fmps=_("Flow monitoring points"),
        no_data=_("No value shown"),
    )


def base_map(
    profile: RegionProfile,
    admin0: gpd.GeoDataFrame,
    *,
    context: gpd.GeoDataFrame | None = None,
    labels: Sequence[Mapping[str, object]] = (),
    height: int = 620,
    text: MapText | None = None,
    geometry_url: GeometryUrl | None = None,
) -> go.Figure:
    """Blank map centred on the region, with country outlines, the boundary caveat and room for keys.

    Nothing is drawn over the map but place names: the legend runs in rows above it
    (plotly reserves the rows it needs at any width; ``traceorder`` "normal" lets the
    items of a group share a row), and the band of :data:`KEY_BAND_PX` below it holds
    the colour or size key and the caveat. ``height`` is the map's, legend included;
    the figure is the band taller.

    The outlines are a map layer drawn above the traces; ``context`` countries (the
    shores beyond the region) are drawn first, filled light grey with a lighter
    outline. ``labels`` (see :func:`place_labels`) and the region's extent travel in
    ``layout.meta``: ``assets/map_labels.js`` draws the labels as HTML over the map
    (maplibre text would fetch glyphs from the internet) and fits a narrow map to the
    extent. ``uirevision`` keeps the view the reader chose when values change. The
    figure holds one empty map trace, without which plotly.js would draw cartesian
    axes instead of a map. With ``geometry_url`` the layers reference the
    :data:`ADMIN0` and :data:`CONTEXT` documents by URL instead of carrying them.
    """
    text = text or map_text()
    outlines = {
        "sourcetype": "geojson",
        "source": geometry_url(ADMIN0) if geometry_url else feature_collection(admin0),
        "type": "line",
        "color": palettes.BOUNDARY,
        "line": {"width": 0.8},
    }
    layers = (
        [outlines]
        if context is None or context.empty
        else [*context_layers(context, geometry_url=geometry_url), outlines]
    )
    fig = go.Figure(go.Scattermap(lat=[], lon=[], hoverinfo="skip", showlegend=False))
    fig.update_layout(
        height=height + KEY_BAND_PX,
        margin={"l": 0, "r": 0, "t": 0, "b": KEY_BAND_PX},
        separators=separators(),
        font={"color": palettes.TEXT},
        map={
            "style": "white-bg",
            "center": {"lat": profile.center_lat, "lon": profile.center_lon},
            "zoom": profile.zoom,
            "layers": layers,
        },
        showlegend=True,
        legend={
            "orientation": "h",
            "xref": "container",
            "yref": "container",
            "x": 0,
            "y": 1,
            "xanchor": "left",
            "yanchor": "top",
            "traceorder": "normal",
            "groupclick": "toggleitem",
            "font": {"size": 11},
            "title": {"text": ""},
        },
        annotations=[attribution(text)],
        meta={"labels": list(labels), "extent": _bounds(profile)},
        uirevision=profile.id,
    )
    return fig


def _bounds(profile: RegionProfile) -> list[list[float]]:
    """The region's extent as maplibre bounds, ``[[west, south], [east, north]]``."""
    e = profile.extent
    return [[e.lon_min, e.lat_min], [e.lon_max, e.lat_max]]


def place_labels(
    countries: gpd.GeoDataFrame,
    country_names: Mapping[str, str],
    hubs: pd.DataFrame,
    major_hubs: Sequence[str],
    context: gpd.GeoDataFrame | None = None,
) -> list[dict[str, object]]:
    """Map labels: each country's name at a point inside its largest part, then the major hubs' names.

    ``kind`` is ``country``, ``context`` (a country outside the region) or ``hub``. ``rank``
    is the order in which ``assets/map_labels.js`` places them, skipping any label that
    would overlap one already placed: the region's countries (largest first), then the
    hubs in the order of ``major_hubs`` (see :func:`major_hubs`: most routes first), then
    the context countries (largest first).
    """
    labels: list[dict[str, object]] = []
    labels += _country_labels(countries, country_names, "country")
    order = {hub: i for i, hub in enumerate(major_hubs)}
    major = hubs[hubs["hub_id"].isin(order)].sort_values("hub_id", key=lambda ids: ids.map(order))
    labels += [
        _label(n, x, y, "hub") for n, x, y in zip(major["name"], major["lon"], major["lat"], strict=True)
    ]
    if context is not None:
        labels += _country_labels(context, country_names, "context")
    return [label | {"rank": rank} for rank, label in enumerate(labels)]


def _country_labels(frame: gpd.GeoDataFrame, names: Mapping[str, str], kind: str) -> list[dict[str, object]]:
    """A label per country of ``frame`` inside its largest part; largest first (area in degrees, an order only)."""
    parts = sorted(
        zip(frame["country"], (_largest_part(geom) for geom in frame.geometry), strict=True),
        key=lambda item: -item[1].area,
    )
    points = [(iso3, part.point_on_surface()) for iso3, part in parts]
    return [_label(names.get(iso3, iso3), point.x, point.y, kind) for iso3, point in points]


def major_hubs(segments: pd.DataFrame, routes: int = MAJOR_HUB_ROUTES) -> list[str]:
    """Hubs on at least ``routes`` routes, those on the most routes first (ties by hub id)."""
    ends = pd.concat(
        [
            segments[["route_id", "from_hub"]].set_axis(["route_id", "hub"], axis=1),
            segments[["route_id", "to_hub"]].set_axis(["route_id", "hub"], axis=1),
        ]
    )
    counts = ends.drop_duplicates().groupby("hub")["route_id"].count()
    major = counts[counts >= routes]
    return sorted(major.index, key=lambda hub: (-major[hub], hub))


def _largest_part(geom: shapely.Geometry) -> shapely.Geometry:
    return max(shapely.get_parts(geom), key=lambda part: part.area)


def _label(text: str, lon: float, lat: float, kind: str) -> dict[str, object]:
    return {
        "text": text,
        "lon": round(float(lon), COORD_DECIMALS),
        "lat": round(float(lat), COORD_DECIMALS),
        "kind": kind,
    }


def context_layers(
    context: gpd.GeoDataFrame, *, geometry_url: GeometryUrl | None = None
) -> list[dict[str, Any]]:
    """Map layers of the context countries: a light fill below the traces and a thin outline.

    Both draw the same source: ``context`` inline, or the :data:`CONTEXT` document's URL.
    """
    source = geometry_url(CONTEXT) if geometry_url else feature_collection(context)
    fill = {
        "sourcetype": "geojson",
        "source": source,
        "type": "fill",
        "color": CONTEXT_FILL,
        "below": "traces",
    }
    line = {
        "sourcetype": "geojson",
        "source": source,
        "type": "line",
        "color": CONTEXT_EDGE,
        "line": {"width": 0.6},
    }
    return [fill, line]


def attribution(text: MapText | None = None) -> dict[str, Any]:
    """The boundary caveat at the foot of the band below the map (annotation 0 of every map)."""
    return {
        "text": (text or map_text()).attribution,
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": 0,
        "xanchor": "left",
        "yanchor": "top",
        "yshift": ATTRIBUTION_PX - KEY_BAND_PX,
        "align": "left",
        "showarrow": False,
        "font": {"size": 10, "color": palettes.TEXT_MUTED},
    }


def feature_collection(frame: gpd.GeoDataFrame, id_col: str | None = None) -> dict[str, Any]:
    """GeoJSON FeatureCollection of ``frame`` without properties, coordinates rounded to 3 decimals.

    With ``id_col`` each feature carries that column as its ``id`` (what choropleth
    ``locations`` match).
    """
    if frame.crs is not None and not frame.crs.equals("EPSG:4326"):
        raise ValueError(f"boundaries must be in EPSG:4326, not {frame.crs}")
    geoms = shapely.transform(frame.geometry.to_numpy(), lambda xy: np.round(xy, COORD_DECIMALS))
    ids = frame[id_col].tolist() if id_col else [None] * len(frame)
    features = []
    for fid, geom in zip(ids, geoms, strict=True):
        feature: dict[str, Any] = {"type": "Feature", "properties": {}, "geometry": mapping(geom)}
        if fid is not None:
            feature["id"] = fid
        features.append(feature)
    return {"type": "FeatureCollection", "features": features}


def geometry_documents(
    admin0: gpd.GeoDataFrame,
    admin1: gpd.GeoDataFrame,
    context: gpd.GeoDataFrame,
    key: str = "adm1_code",
) -> dict[str, dict[str, Any]]:
    """The GeoJSON documents a ``geometry_url`` names: exactly what the figures would carry inline.

    :data:`ADMIN1`'s features carry ``key`` as their ``id`` (what choropleth ``locations`` match).
    """
    return {
        ADMIN0: feature_collection(admin0),
        ADMIN1: feature_collection(admin1, key),
        CONTEXT: feature_collection(context),
    }


def _require_columns(frame: pd.DataFrame, columns: Sequence[str], label: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{label}: missing column(s) {missing}; it has {list(frame.columns)}")


def _keyed(values: pd.DataFrame, key: str | list[str], label: str) -> pd.DataFrame:
    """``values`` indexed by ``key``, which must be unique."""
    keys = [key] if isinstance(key, str) else key
    _require_columns(values, keys, label)
    if values.duplicated(keys).any():
        dupes = values.loc[values.duplicated(keys), keys].drop_duplicates().head(5).to_dict("records")
        raise ValueError(f"{label}: duplicate {keys} rows, e.g. {dupes}")
    return values.set_index(keys)


def _hidden_mask(values: pd.DataFrame, suppressed_col: str | None) -> pd.Series:
    if suppressed_col is None or suppressed_col not in values.columns:
        return pd.Series(False, index=values.index)
    return values[suppressed_col].fillna(False).astype(bool)


def _visible(values: pd.DataFrame, columns: Sequence[str], suppressed_col: str | None) -> pd.DataFrame:
    """``columns`` of ``values`` as floats, NaN in every hidden row."""
    numbers = values[list(columns)].astype(float)
    return numbers.mask(_hidden_mask(values, suppressed_col))


def _pct(value: float) -> float | None:
    return None if math.isnan(value) else round(100 * value, 1)


def _whole(value: float) -> int | None:
    return None if math.isnan(value) else round(value)


def class_breaks(values: pd.Series, classes: int = len(CLASS_COLOURS)) -> list[float]:
    """Quantile class breaks of the non-missing ``values``: ``classes`` + 1 edges, repeated edges dropped.

    Pandas' linear quantiles at 0, 1/classes, … 1. Empty when no value is shown.
    """
    shown = values.dropna().astype(float)
    if shown.empty:
        return []
    edges = shown.quantile(np.linspace(0, 1, classes + 1)).tolist()
    return sorted(set(edges))


def value_class(values: pd.Series, breaks: Sequence[float]) -> pd.Series:
    """Class (0 … len(breaks) - 2) of each value: upper edges included, the lowest edge too; NaN stays NaN."""
    if len(breaks) < 2:
        return values.where(values.isna(), 0.0)
    cut = pd.cut(values, list(breaks), labels=False, include_lowest=True)
    return cut.astype(float)


def break_labels(breaks: Sequence[float]) -> list[str]:
    """Key label of each class, "lo–hi" in % with the fewest decimals (0–2) that keep the labels distinct.

    The key's title says "%": without it on each label, five labels fit under a phone-wide key.
    A single class is one value, "v %".
    """
    if len(breaks) < 2:
        return [f"{number_text(100 * breaks[0])} %"] if breaks else []
    for decimals in (0, 1, 2):
        edges = [number_text(100 * b, decimals) for b in breaks]
        if len(set(edges)) == len(edges):
            break
    return [f"{lo}–{hi}" for lo, hi in itertools.pairwise(edges)]


def class_colorscale(classes: int) -> list[tuple[float, str]]:
    """A stepped colorscale of ``classes`` colours spread over :data:`CLASS_COLOURS` (light to dark)."""
    colours = [CLASS_COLOURS[round((i + 0.5) * len(CLASS_COLOURS) / classes - 0.5)] for i in range(classes)]
    scale = []
    for i, colour in enumerate(colours):
        scale += [(i / classes, colour), ((i + 1) / classes, colour)]
    return scale


def choropleth_patch(
    admin1: gpd.GeoDataFrame,
    values: pd.DataFrame,
    *,
    value_col: str,
    base_col: str | None = None,
    interval_cols: tuple[str, str] | None = ("ci_low", "ci_high"),
    suppressed_col: str = "suppressed",
    min_count: int,
    key: str = "adm1_code",
    text: MapText | None = None,
    geometry_url: GeometryUrl | None = None,
) -> list[dict[str, Any]]:
    """Fields of the two :func:`admin1_choropleth` traces that change with ``values``.

    Item 0 is for the value trace (``z`` = quantile class of each unit, ``customdata``,
    the stepped colour scale and the colour bar's class labels; its geometry never
    changes), item 1 for the overlay of hidden units (``locations``, ``geojson``,
    ``text``). The overlay's ``geojson`` is just the hidden units, or with
    ``geometry_url`` the URL of every unit (:data:`ADMIN1`; ``locations`` picks the
    hidden ones), so no geometry travels with a change. Apply with ``dash.Patch``:
    ``patch["data"][first + i][field] = value``.
    """
    text = text or map_text()
    _require_columns(admin1, [key, "name"], "admin1")
    numeric = [value_col, *(interval_cols or ()), *([base_col] if base_col else [])]
    keyed = _keyed(values, key, "choropleth values")
    _require_columns(keyed, [*numeric, suppressed_col], "choropleth values")
    unknown = sorted(set(keyed.index) - set(admin1[key]))
    if unknown:
        raise ValueError(f"choropleth values: {key} {unknown[:5]} not in the admin-1 boundaries")

    shown = _visible(keyed, numeric, suppressed_col).reindex(admin1[key])
    hidden = _hidden_mask(keyed, suppressed_col).reindex(admin1[key], fill_value=False).to_numpy()
    breaks = class_breaks(shown[value_col])
    classes = value_class(shown[value_col], breaks)
    count = max(len(breaks) - 1, 1)
    z = [None if math.isnan(v) else int(v) for v in classes]
    columns = [[_pct(v) for v in shown[c]] for c in [value_col, *(interval_cols or ())]]
    if base_col:
        columns.append([_whole(v) for v in shown[base_col]])
    customdata = [list(row) for row in zip(*columns, strict=True)]
    hidden_units = admin1.loc[hidden]
    return [
        {
            "z": z,
            "customdata": customdata,
            "zmin": -0.5,
            "zmax": count - 0.5,
            "colorscale": class_colorscale(count),
            "colorbar": {"tickvals": list(range(count)), "ticktext": break_labels(breaks)},
        },
        {
            "locations": hidden_units[key].tolist(),
            "z": [0] * len(hidden_units),
            "geojson": geometry_url(ADMIN1) if geometry_url else feature_collection(hidden_units, key),
            "text": [
                f"{plain(name)}<br>{text.suppressed % {'n': min_count}}" for name in hidden_units["name"]
            ],
            "showlegend": bool(len(hidden_units)),
        },
    ]


def admin1_choropleth(
    admin1: gpd.GeoDataFrame,
    values: pd.DataFrame,
    *,
    value_col: str,
    label: str,
    base_col: str | None = None,
    interval_cols: tuple[str, str] | None = ("ci_low", "ci_high"),
    suppressed_col: str = "suppressed",
    min_count: int,
    key: str = "adm1_code",
    text: MapText | None = None,
    geometry_url: GeometryUrl | None = None,
) -> list[go.Choroplethmap]:
    """Admin-1 units coloured by quantile class of a share (0–1), plus grey units hidden for small counts.

    Two traces: the first carries every unit's geometry once and never changes
    shape (hidden and missing units have ``z`` = None, so maplibre leaves them
    out); its colour bar lists the classes with their break values. The second
    draws only the hidden units in grey, since a choropleth cannot colour a unit
    without a value. ``label`` is the colour-bar title: say what the colour means
    and its base. ``values`` has one row per ``key``. With ``geometry_url`` both
    traces reference the :data:`ADMIN1` document by URL (features matched on their ``id``).
    """
    text = text or map_text()
    fields = choropleth_patch(
        admin1,
        values,
        value_col=value_col,
        base_col=base_col,
        interval_cols=interval_cols,
        suppressed_col=suppressed_col,
        min_count=min_count,
        key=key,
        text=text,
        geometry_url=geometry_url,
    )
    classes = fields[0].pop("colorbar")
    hover = [f"{text.share}: %{{customdata[0]:.1f}}%"]
    if interval_cols:
        hover.append(f"{text.interval}: %{{customdata[1]:.1f}}–%{{customdata[2]:.1f}}%")
    if base_col:
        base_index = 3 if interval_cols else 1
        hover.append(f"{text.base} = %{{customdata[{base_index}]:,}}")
    values_trace = go.Choroplethmap(
        geojson=geometry_url(ADMIN1) if geometry_url else feature_collection(admin1, key),
        locations=admin1[key].tolist(),
        text=[plain(name) for name in admin1["name"]],
        marker={"line": {"color": palettes.ADMIN1_EDGE, "width": 0.5}, "opacity": 0.9},
        colorbar={
            "title": {"text": label, "side": "top", "font": {"size": 11}},
            "orientation": "h",
            "len": COLOUR_KEY_PX,
            "lenmode": "pixels",
            "thickness": 12,
            "x": 0,
            "xanchor": "left",
            "xpad": 0,
            "y": 0,
            "yanchor": "top",
            "ypad": KEY_GAP_PX,
            "ticks": "",
            "tickfont": {"size": 11},
            **classes,
        },
        hovertemplate="<b>%{text}</b><br>" + "<br>".join(hover) + "<extra></extra>",
        name=label,
        showlegend=False,
        **fields[0],
    )
    hidden_trace = go.Choroplethmap(
        colorscale=[(0.0, palettes.SUPPRESSED_GREY), (1.0, palettes.SUPPRESSED_GREY)],
        showscale=False,
        marker={"line": {"color": palettes.ADMIN1_EDGE, "width": 0.5}},
        hovertemplate="<b>%{text}</b><extra></extra>",
        name=text.hidden_legend % {"n": min_count},
        **fields[1],
    )
    return [values_trace, hidden_trace]


def _lines(
    coords: Sequence[Sequence[tuple[float, float]]], hover: Sequence[str], keys: Sequence[str]
) -> dict[str, list[Any]]:
    """Scattermap lat/lon/hovertext/customdata for several polylines, separated by gaps (None).

    ``keys`` (one per polyline, e.g. its route_id) become each vertex's ``customdata``, so a
    click on a line tells which line it was.
    """
    lon: list[float | None] = []
    lat: list[float | None] = []
    hovertext: list[str | None] = []
    customdata: list[str | None] = []
    for line, label, key in zip(coords, hover, keys, strict=True):
        for x, y in line:
            lon.append(round(x, COORD_DECIMALS))
            lat.append(round(y, COORD_DECIMALS))
            hovertext.append(label)
            customdata.append(key)
        lon.append(None)
        lat.append(None)
        hovertext.append(None)
        customdata.append(None)
    return {"lon": lon, "lat": lat, "hovertext": hovertext, "customdata": customdata}


def dashed(line: shapely.LineString) -> list[list[tuple[float, float]]]:
    """``line`` cut into dashes (plotly's map line traces have no dash style)."""
    pieces = []
    start = 0.0
    while start < line.length:
        end = min(start + SEA_DASH_DEG, line.length)
        pieces.append(list(substring(line, start, end).coords))
        start = end + SEA_GAP_DEG
    return pieces


def width_class(measure: pd.Series, classes: int = len(ROUTE_WIDTHS)) -> pd.Series:
    """Equal-interval class (0 … classes-1) of non-negative values, from 0 to the maximum; NaN stays NaN."""
    top = measure.max(skipna=True)
    if pd.isna(top) or top <= 0:
        return measure.where(measure.isna(), 0.0)
    return np.minimum(np.floor(measure / top * classes), classes - 1)


def route_lines(
    segments: gpd.GeoDataFrame,
    values: pd.DataFrame | None = None,
    *,
    value_col: str | None = None,
    label: str = "",
    suppressed_col: str | None = "suppressed",
    hub_names: Mapping[str, str] | None = None,
    text: MapText | None = None,
) -> list[go.Scattermap]:
    """Schematic route segments, line width in equal-interval classes of a measure.

    ``values`` has one row per (``route_id``, ``seq``) segment. One trace per width
    class; sea legs (``mode`` = sea) are dashed in a lighter colour, in traces of
    their own. Segments without a visible value are thin lines.
    """
    text = text or map_text()
    _require_columns(segments, ["route_id", "seq", "from_hub", "to_hub", "mode"], "route segments")
    frame = segments.reset_index(drop=True)
    measure = _segment_measure(frame, values, value_col, suppressed_col)
    classes = width_class(measure)
    names = _class_names(measure, text) if value_col else {}
    hub_names = {hub: plain(name) for hub, name in (hub_names or {}).items()}
    hover = [
        _segment_hover(row, value, hub_names, label, text)
        for (_i, row), value in zip(frame.iterrows(), measure, strict=True)
    ]
    traces = []
    groups = frame.assign(cls=classes.fillna(-1), sea=frame["mode"] == "sea", hover=hover)
    # Legend order: land classes from thin to thick, then no value, then sea legs.
    order = sorted(groups.groupby(["sea", "cls"]).groups, key=lambda g: (g[0], g[1] < 0, g[1]))
    for is_sea, cls in order:
        part = groups[(groups["sea"] == is_sea) & (groups["cls"] == cls)]
        pieces = [dashed(g) if is_sea else [list(g.coords)] for g in part.geometry]
        traces.append(
            go.Scattermap(
                mode="lines",
                line={
                    "width": _route_width(int(cls), value_col is not None),
                    "color": SEA_COLOUR if is_sea else ROUTE_COLOUR,
                },
                name=text.sea_leg if is_sea else names.get(int(cls), text.routes),
                legendgroup="routes",
                legendgrouptitle={"text": labelled(text.routes, label)} if value_col else None,
                showlegend=not is_sea,
                hoverinfo="text",
                **_lines(
                    [p for ps in pieces for p in ps],
                    [h for h, ps in zip(part["hover"], pieces, strict=True) for _p in ps],
                    [r for r, ps in zip(part["route_id"], pieces, strict=True) for _p in ps],
                ),
            )
        )
    sea = [t for t in traces if t.line.color == SEA_COLOUR]
    if sea:
        sea[0].showlegend = True
    return traces


def _segment_measure(
    frame: pd.DataFrame, values: pd.DataFrame | None, value_col: str | None, suppressed_col: str | None
) -> pd.Series:
    """The visible measure of each segment of ``frame`` (NaN where missing or hidden)."""
    if values is None or value_col is None:
        return pd.Series(np.nan, index=frame.index)
    keyed = _keyed(values, ["route_id", "seq"], "route values")
    _require_columns(keyed, [value_col], "route values")
    shown = _visible(keyed, [value_col], suppressed_col)[value_col]
    index = pd.MultiIndex.from_frame(frame[["route_id", "seq"]])
    return pd.Series(shown.reindex(index).to_numpy(), index=frame.index)


def _route_width(cls: int, has_measure: bool) -> float:
    if not has_measure:
        return ROUTE_WIDTHS[1]
    return NO_VALUE_WIDTH if cls < 0 else ROUTE_WIDTHS[cls]


def _class_names(measure: pd.Series, text: MapText) -> dict[int, str]:
    """Legend name of each width class ("lo–hi"), and of segments without a value (-1)."""
    names = {-1: text.no_value}
    if measure.notna().any():
        edges = np.linspace(0, measure.max(skipna=True), len(ROUTE_WIDTHS) + 1)
        for i in range(len(ROUTE_WIDTHS)):
            names[i] = f"{number_text(edges[i])}–{number_text(edges[i + 1])}"
    return names


def _segment_hover(
    row: pd.Series, value: float, hub_names: Mapping[str, str], label: str, text: MapText
) -> str:
    ends = [hub_names.get(row[end], plain(row[end])) for end in ("from_hub", "to_hub")]
    leg = " → ".join(ends)
    if row["mode"] == "sea":
        leg += f" ({text.sea_leg})"
    if not label:
        return leg
    shown = text.no_value if pd.isna(value) else number_text(value)
    return f"{leg}<br>{labelled(label, shown)}"


def area_sizeref(maximum: float, max_px: float) -> float:
    """plotly ``sizeref`` for ``sizemode="area"`` so that ``maximum`` is ``max_px`` across."""
    return 2.0 * maximum / max_px**2 if maximum > 0 else 1.0


def hub_bubbles(
    hubs: pd.DataFrame,
    values: pd.DataFrame,
    *,
    value_col: str,
    label: str,
    suppressed_col: str = "suppressed",
    min_count: int,
    max_px: float = HUB_MAX_PX,
    text: MapText | None = None,
) -> list[go.Scattermap]:
    """Hubs as circles whose area is proportional to a measure; hidden hubs as hollow grey rings.

    ``values`` has one row per ``hub_id``; hubs without a row are not drawn.
    Returns the bubbles, then the ring (grey disc) and its white centre. Each point's
    ``customdata`` is its hub_id, so a click tells which hub it was.
    """
    text = text or map_text()
    _require_columns(hubs, ["hub_id", "name", "lat", "lon"], "hubs")
    keyed = _keyed(values, "hub_id", "hub values")
    _require_columns(keyed, [value_col], "hub values")
    unknown = sorted(set(keyed.index) - set(hubs["hub_id"]))
    if unknown:
        raise ValueError(f"hub values: hub_id {unknown[:5]} not in the hub table")
    places = plain_names(hubs).set_index("hub_id").loc[keyed.index]
    shown = _visible(keyed, [value_col], suppressed_col)[value_col]
    hidden = _hidden_mask(keyed, suppressed_col)
    visible = places.assign(value=shown)[~hidden & shown.notna()].sort_values("value", ascending=False)
    rings = places[hidden]
    bubbles = go.Scattermap(
        lat=visible["lat"].round(COORD_DECIMALS),
        lon=visible["lon"].round(COORD_DECIMALS),
        mode="markers",
        marker={
            "size": visible["value"].tolist(),
            "sizemode": "area",
            "sizeref": area_sizeref(float(visible["value"].max()) if len(visible) else 0.0, max_px),
            "sizemin": 3,
            "color": HUB_COLOUR,
            "opacity": 0.8,
        },
        hovertext=[
            f"<b>{n}</b><br>{labelled(label, number_text(v))}"
            for n, v in zip(visible["name"], visible["value"], strict=True)
        ],
        hoverinfo="text",
        customdata=visible.index.tolist(),
        name=labelled(text.hubs, label),
        showlegend=bool(len(visible)),
    )
    hidden_text = text.suppressed % {"n": min_count}
    ring_args = {
        "lat": rings["lat"].round(COORD_DECIMALS),
        "lon": rings["lon"].round(COORD_DECIMALS),
        "customdata": rings.index.tolist(),
    }
    ring = go.Scattermap(
        mode="markers",
        marker={"size": HIDDEN_MARK_PX[0], "color": palettes.SUPPRESSED_OUTLINE},
        hovertext=[f"<b>{n}</b><br>{hidden_text}" for n in rings["name"]],
        hoverinfo="text",
        name=labelled(text.hubs, text.hidden_legend % {"n": min_count}),
        legendgroup="hubs-hidden",
        showlegend=bool(len(rings)),
        **ring_args,
    )
    centre = go.Scattermap(
        mode="markers",
        marker={"size": HIDDEN_MARK_PX[1], "color": "#ffffff"},
        hoverinfo="skip",
        showlegend=False,
        legendgroup="hubs-hidden",
        **ring_args,
    )
    return [bubbles, ring, centre]


def fmp_layer(
    sites: pd.DataFrame,
    values: pd.DataFrame | None = None,
    *,
    value_col: str | None = None,
    label: str = "",
    max_px: float = FMP_MAX_PX,
    text: MapText | None = None,
) -> go.Scattermap:
    """Flow monitoring points, circle area proportional to individuals counted (fixed size without values)."""
    text = text or map_text()
    _require_columns(sites, ["fmp", "name", "lat", "lon"], "fmp sites")
    if values is None or value_col is None:
        counts = pd.Series(np.nan, index=sites.index)
    else:
        keyed = _keyed(values, "fmp", "fmp values")
        _require_columns(keyed, [value_col], "fmp values")
        counts = pd.Series(keyed[value_col].astype(float).reindex(sites["fmp"]).to_numpy(), index=sites.index)
    top = float(counts.max(skipna=True)) if counts.notna().any() else 0.0
    hover = [
        f"<b>{name}</b>" + ("" if pd.isna(v) else f"<br>{labelled(label, number_text(v))}")
        for name, v in zip(sites["name"].map(plain), counts, strict=True)
    ]
    return go.Scattermap(
        lat=sites["lat"].round(COORD_DECIMALS),
        lon=sites["lon"].round(COORD_DECIMALS),
        mode="markers",
        marker={
            "size": counts.fillna(0).tolist() if top else 7,
            "sizemode": "area",
            "sizeref": area_sizeref(top, max_px),
            "sizemin": 4,
            "color": FMP_COLOUR,
            "opacity": 0.85,
        },
        hovertext=hover,
        hoverinfo="text",
        name=f"{text.fmps}{': ' + label if label else ''}",
        showlegend=bool(len(sites)),
    )


def reference_values(maximum: float, fractions: Sequence[float] = SIZE_KEY_FRACTIONS) -> list[float]:
    """Round reference values for a size key: ``maximum`` times each fraction, rounded down to 1, 2 or 5 × 10^k.

    Largest first; repeated values and values below 1 (the key shows counts) are dropped.
    """
    if not maximum > 0:
        return []
    values = []
    for fraction in fractions:
        target = maximum * fraction
        magnitude = 10 ** math.floor(math.log10(target))
        step = max(m for m in (1, 2, 5) if m * magnitude <= target * (1 + 1e-9))
        values.append(float(step * magnitude))
    return sorted({v for v in values if v >= 1}, reverse=True)


def bubble_diameter(value: float, maximum: float, max_px: float) -> float:
    """Diameter in px of a ``sizemode="area"`` bubble with :func:`area_sizeref` (``maximum`` is ``max_px``)."""
    return max_px * math.sqrt(value / maximum)


def size_key(
    maximum: float,
    *,
    max_px: float,
    colour: str,
    label: str,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Layout shapes and annotations of a size key in the band below the map: circles in a row, values below.

    Circles are sized like the bubbles of a layer whose largest value is ``maximum``
    drawn ``max_px`` across, largest on the left; ``label`` names the measure above them.
    """
    values = reference_values(maximum)
    if not values:
        return [], []
    baseline = -(KEY_GAP_PX + KEY_TITLE_PX + max_px)
    base = {
        "xref": "paper",
        "yref": "paper",
        "xsizemode": "pixel",
        "ysizemode": "pixel",
        "xanchor": 0,
        "yanchor": 0,
    }
    slot = max(max_px, SIZE_KEY_SLOT_PX)
    shapes, annotations = [], []
    for position, value in enumerate(values):
        diameter = bubble_diameter(value, maximum, max_px)
        centre = SIZE_KEY_MARGIN_PX + slot * (position + 0.5)
        shapes.append(
            base
            | {
                "type": "circle",
                "x0": centre - diameter / 2,
                "x1": centre + diameter / 2,
                "y0": baseline,
                "y1": baseline + diameter,
                "fillcolor": colour,
                "opacity": 0.8,
                "line": {"color": "#ffffff", "width": 1},
            }
        )
        annotations.append(_key_text(number_text(value), centre, baseline - 2, "center"))
    title = _key_text(label, SIZE_KEY_MARGIN_PX, -KEY_GAP_PX, "left")
    return shapes, [*annotations, title]


def _key_text(text: str, xshift: float, yshift: float, xanchor: str) -> dict[str, Any]:
    """A line of the size key, its top ``yshift`` px from the map's foot."""
    return {
        "text": text,
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": 0,
        "xanchor": xanchor,
        "yanchor": "top",
        "xshift": xshift,
        "yshift": yshift,
        "showarrow": False,
        "font": {"size": 11, "color": palettes.TEXT},
    }


def map_payload_bytes(fig: go.Figure) -> tuple[int, int]:
    """Size of the figure JSON as sent to the browser: raw bytes and gzip (level 6) bytes."""
    raw = fig.to_json().encode("utf-8")
    return len(raw), len(gzip.compress(raw, compresslevel=6))
