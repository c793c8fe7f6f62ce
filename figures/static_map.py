"""A small static map as SVG text: countries, admin-1 shares in classes or circles at points, routes.

For pages that must weigh little and run without JavaScript (the low-bandwidth view): no plotly.js,
no browser to draw it. Lon/lat are drawn in a plain equirectangular projection (longitudes scaled by
the cosine of the middle latitude), geometry clipped to the region's extent, simplified to about a
pixel and written with whole-pixel coordinates, so the picture stays a few kilobytes. Hidden cells
never reach it: their values are dropped before anything is drawn.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

import geopandas as gpd
import pandas as pd
import shapely

from figures import palettes
from figures.maps import (
    CONTEXT_EDGE,
    CONTEXT_FILL,
    ROUTE_COLOUR,
    SEA_COLOUR,
    break_labels,
    bubble_diameter,
    class_breaks,
    class_colorscale,
    reference_values,
    value_class,
)
from figures.theme import FONT_FAMILY, number_text, wrap

WIDTH_PX = 640
SIMPLIFY_PX = 1.2
MAX_CIRCLE_PX = 24
#: The key and the note under the map: font sizes, line heights and the width of a character (px), read
#: on a phone where the picture is drawn at about half its size.
KEY_FONT_PX = 15
KEY_LINE_PX = 20
KEY_TITLE_CHAR_PX = 8.6
KEY_ROW_PX = 22
KEY_SWATCH_PX = 16
NOTE_FONT_PX = 13
NOTE_LINE_PX = 17
NOTE_CHAR_PX = 6.8
LABEL_PX = 11
#: Countries smaller than this on the picture (square pixels) are not named: their names would overlap.
MIN_LABEL_AREA_PX = 1800
CIRCLE_ROW_PX = MAX_CIRCLE_PX + 6


@dataclass(frozen=True)
class Frame:
    """The extent drawn (degrees) and its projection to pixels of a ``width``-wide picture."""

    lon_min: float
    lon_max: float
    lat_min: float
    lat_max: float
    width: int = WIDTH_PX

    @property
    def scale(self) -> float:
        """Pixels per degree of latitude."""
        return self.width / ((self.lon_max - self.lon_min) * self.stretch)

    @property
    def stretch(self) -> float:
        """How much a degree of longitude is shorter than one of latitude at the middle latitude."""
        return math.cos(math.radians((self.lat_min + self.lat_max) / 2))

    @property
    def height(self) -> int:
        """Height of the map in pixels (the key below it not included)."""
        return math.ceil((self.lat_max - self.lat_min) * self.scale)

    def xy(self, lon: float, lat: float) -> tuple[int, int]:
        """The pixel of a point (whole pixels)."""
        return (
            round((lon - self.lon_min) * self.stretch * self.scale),
            round((self.lat_max - lat) * self.scale),
        )


@dataclass(frozen=True)
class StaticMapText:
    """The picture's words, already translated."""

    title: str  # what the map shows, read by screen readers (the SVG's <title>)
    key_title: str  # the colour or circle key's heading
    hidden: str  # the key's entry for hidden regions
    no_value: str  # the key's words when nothing is shown
    attribution: str  # boundaries and route lines caveat (a line break starts a line)


def _rings(geometry: shapely.Geometry) -> list[list[tuple[float, float]]]:
    """Every outer and inner ring of a polygonal geometry, or every line of a linear one."""
    parts = getattr(geometry, "geoms", [geometry])
    rings = []
    for part in parts:
        if isinstance(part, shapely.Polygon):
            rings += [list(part.exterior.coords), *(list(ring.coords) for ring in part.interiors)]
        elif isinstance(part, shapely.LineString):
            rings.append(list(part.coords))
    return rings


def path_data(geometry: shapely.Geometry, frame: Frame, *, closed: bool) -> str:
    """SVG path data of ``geometry`` in whole pixels, repeated points dropped; closed rings end with Z."""
    pieces = []
    for ring in _rings(geometry):
        points = list(dict.fromkeys(frame.xy(lon, lat) for lon, lat in ring))
        if len(points) < (3 if closed else 2):
            continue
        coordinates = " ".join(f"{x},{y}" for x, y in points)
        pieces.append(f"M{coordinates}{'Z' if closed else ''}")
    return "".join(pieces)


def _shapes(frame: Frame, geometries: gpd.GeoSeries) -> gpd.GeoSeries:
    """``geometries`` clipped to the frame and simplified to about a pixel."""
    tolerance = SIMPLIFY_PX / frame.scale
    clipped = geometries.clip_by_rect(frame.lon_min, frame.lat_min, frame.lon_max, frame.lat_max)
    return clipped.simplify(tolerance, preserve_topology=False)


def _path(d: str, **style: object) -> str:
    attributes = "".join(f' {name.replace("_", "-")}="{value}"' for name, value in style.items())
    return f'<path d="{d}"{attributes}/>' if d else ""


def _text(x: float, y: float, text: str, **style: object) -> str:
    attributes = "".join(f' {name.replace("_", "-")}="{value}"' for name, value in style.items())
    return f'<text x="{round(x)}" y="{round(y)}"{attributes}>{escape(text)}</text>'


def _outlines(frame: Frame, geometries: gpd.GeoSeries, fill: str, stroke: str) -> str:
    d = "".join(path_data(shape, frame, closed=True) for shape in _shapes(frame, geometries))
    return _path(d, fill=fill, stroke=stroke, stroke_width="0.6", stroke_linejoin="round")


def _routes(frame: Frame, segments: gpd.GeoDataFrame) -> str:
    shapes = _shapes(frame, segments.geometry)
    sea = segments["mode"].eq("sea").to_numpy()
    land = "".join(
        path_data(s, frame, closed=False) for s, at_sea in zip(shapes, sea, strict=True) if not at_sea
    )
    water = "".join(
        path_data(s, frame, closed=False) for s, at_sea in zip(shapes, sea, strict=True) if at_sea
    )
    common = {"fill": "none", "stroke_width": "1.6", "stroke_linecap": "round"}
    return _path(land, stroke=ROUTE_COLOUR, **common) + _path(
        water, stroke=SEA_COLOUR, stroke_dasharray="5 4", **common
    )


def _country_labels(frame: Frame, admin0: gpd.GeoDataFrame, names: Mapping[str, str]) -> str:
    labels = []
    for country, geometry in zip(admin0["country"], admin0.geometry, strict=True):
        largest = max(getattr(geometry, "geoms", [geometry]), key=lambda part: part.area)
        point = largest.representative_point()
        x, y = frame.xy(point.x, point.y)
        big = largest.area * frame.scale**2 * frame.stretch >= MIN_LABEL_AREA_PX
        if big and 0 <= x <= frame.width and 0 <= y <= frame.height and country in names:
            labels.append(_text(x, y, names[country], text_anchor="middle"))
    return f'<g font-size="{LABEL_PX}" fill="{palettes.TEXT_MUTED}">{"".join(labels)}</g>'


def _key_row(row: int, top: int, swatch: str, label: str) -> str:
    y = top + row * KEY_ROW_PX
    return swatch.format(x=8, y=y) + _text(8 + KEY_SWATCH_PX + 6, y + KEY_SWATCH_PX - 2, label)


def _choropleth(
    frame: Frame, admin1: gpd.GeoDataFrame, shares: pd.DataFrame, text: StaticMapText, top: int
) -> tuple[str, list[str]]:
    """The admin-1 units with a share, coloured in classes, and hidden ones in grey; their key rows."""
    hidden = shares["suppressed"].fillna(True).astype(bool)
    shown = shares[~hidden].dropna(subset=["share"]).drop_duplicates("adm1_code")
    hidden_codes = set(shares.loc[hidden, "adm1_code"]) - set(shown["adm1_code"])
    breaks = class_breaks(shown["share"])
    classes = value_class(shown["share"].astype(float), breaks)
    colours = [colour for _edge, colour in class_colorscale(max(len(breaks) - 1, 1))[::2]]
    geometry = dict(zip(admin1["adm1_code"], _shapes(frame, admin1.geometry), strict=True))
    by_colour: dict[str, list[str]] = {}
    for code, cls in zip(shown["adm1_code"], classes, strict=True):
        if code in geometry:
            by_colour.setdefault(colours[int(cls)], []).append(path_data(geometry[code], frame, closed=True))
    grey = [
        path_data(geometry[code], frame, closed=True) for code in sorted(hidden_codes) if code in geometry
    ]
    drawn = "".join(
        _path("".join(parts), fill=colour, stroke=palettes.BOUNDARY, stroke_width="0.3")
        for colour, parts in by_colour.items()
    ) + _path(
        "".join(grey), fill=palettes.SUPPRESSED_GREY, stroke=palettes.SUPPRESSED_OUTLINE, stroke_width="0.3"
    )
    swatch = '<rect x="{x}" y="{y}" width="%d" height="%d" fill="%s" stroke="#6e6e6e" stroke-width="0.5"/>'
    rows = [
        _key_row(i, top, swatch % (KEY_SWATCH_PX, KEY_SWATCH_PX, colours[i]), label)
        for i, label in enumerate(break_labels(breaks))
    ]
    if hidden_codes:
        rows.append(
            _key_row(
                len(rows), top, swatch % (KEY_SWATCH_PX, KEY_SWATCH_PX, palettes.SUPPRESSED_GREY), text.hidden
            )
        )
    return drawn, rows


def _circles(frame: Frame, points: pd.DataFrame, colour: str, top: int) -> tuple[str, list[str]]:
    """Circles at ``points`` (``lon``, ``lat``, ``value``), area for value, largest first; their key rows."""
    shown = points.dropna(subset=["value"])
    shown = shown[shown["value"] > 0].sort_values("value", ascending=False)
    if shown.empty:
        return "", []
    maximum = float(shown["value"].max())
    circles = []
    for lon, lat, value in zip(shown["lon"], shown["lat"], shown["value"], strict=True):
        x, y = frame.xy(lon, lat)
        radius = bubble_diameter(float(value), maximum, MAX_CIRCLE_PX) / 2
        circles.append(f'<circle cx="{x}" cy="{y}" r="{radius:.1f}"/>')
    drawn = f'<g fill="{colour}" fill-opacity="0.55" stroke="{colour}">{"".join(circles)}</g>'
    rows = []
    for i, value in enumerate(reference_values(maximum)):
        radius = bubble_diameter(value, maximum, MAX_CIRCLE_PX) / 2
        centre = top + i * CIRCLE_ROW_PX + MAX_CIRCLE_PX / 2
        rows.append(
            f'<circle cx="{8 + MAX_CIRCLE_PX // 2}" cy="{centre:.0f}" r="{radius:.1f}" fill="{colour}" '
            f'fill-opacity="0.55" stroke="{colour}"/>'
            + _text(8 + MAX_CIRCLE_PX + 8, centre + 4, number_text(value))
        )
    return drawn, rows


def static_map_svg(
    frame: Frame,
    admin0: gpd.GeoDataFrame,
    context: gpd.GeoDataFrame,
    segments: gpd.GeoDataFrame,
    country_names: Mapping[str, str],
    text: StaticMapText,
    *,
    admin1: gpd.GeoDataFrame | None = None,
    shares: pd.DataFrame | None = None,
    points: pd.DataFrame | None = None,
    point_colour: str = palettes.TEXT,
) -> str:
    """The map as an SVG document: context countries, the region's countries, admin-1 ``shares``
    (``adm1_code``, ``share``, ``suppressed``) in classes or circles at ``points`` (``lon``, ``lat``,
    ``value``), routes (sea legs dashed), country names, and a key and caveat below."""
    title_lines = wrap(text.key_title, int(frame.width / KEY_TITLE_CHAR_PX))
    top = frame.height + KEY_LINE_PX * len(title_lines) + 12
    if shares is not None and admin1 is not None:
        layer, rows = _choropleth(frame, admin1, shares, text, top)
    elif points is not None:
        layer, rows = _circles(frame, points, point_colour, top)
    else:
        layer, rows = "", []
    if not rows:
        rows = [_text(8, top + KEY_SWATCH_PX - 2, text.no_value)]
    notes = wrap(text.attribution, int(frame.width / NOTE_CHAR_PX))
    below = top + _key_height(rows, points is not None and layer != "") + 8
    height = below + NOTE_LINE_PX * len(notes) + 6
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {frame.width} {height}" '
        f'width="{frame.width}" height="{height}" font-family="{escape(FONT_FAMILY, quote=True)}" '
        f'font-size="{KEY_FONT_PX}" fill="{palettes.TEXT}" role="img">',
        f"<title>{escape(text.title)}</title>",
        f'<rect width="{frame.width}" height="{frame.height}" fill="#ffffff"/>',
        _outlines(frame, context.geometry, CONTEXT_FILL, CONTEXT_EDGE),
        _outlines(frame, admin0.geometry, "#fafafa", palettes.BOUNDARY),
        layer,
        _routes(frame, segments),
        _country_labels(frame, admin0, country_names),
        f'<rect width="{frame.width}" height="{frame.height}" fill="none" stroke="{CONTEXT_EDGE}"/>',
        *(
            _text(8, frame.height + KEY_LINE_PX * (i + 1), line, font_weight="600")
            for i, line in enumerate(title_lines)
        ),
        *rows,
        *(
            _text(8, below + NOTE_LINE_PX * (i + 1), line, font_size=NOTE_FONT_PX, fill=palettes.TEXT_MUTED)
            for i, line in enumerate(notes)
        ),
        "</svg>",
    ]
    return "".join(part for part in parts if part)


def _key_height(rows: Sequence[str], circles: bool) -> int:
    if circles:
        return len(rows) * CIRCLE_ROW_PX
    return len(rows) * KEY_ROW_PX
