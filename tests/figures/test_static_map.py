"""The static map: a valid SVG in whole pixels, shares in classes, hidden units grey and without values."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import geopandas as gpd
import pandas as pd
from shapely.geometry import LineString, box

from figures import palettes
from figures.maps import CLASS_COLOURS
from figures.static_map import Frame, StaticMapText, path_data, static_map_svg

SVG = "{http://www.w3.org/2000/svg}"
FRAME = Frame(0.0, 10.0, 0.0, 10.0, width=200)
TEXT = StaticMapText("What the map shows", "Share (%)", "Hidden", "No value shown", "Boundaries: sketch")


def _world() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame]:
    admin0 = gpd.GeoDataFrame({"country": ["AAA"]}, geometry=[box(1, 1, 9, 9)], crs=4326)
    admin1 = gpd.GeoDataFrame(
        {"adm1_code": ["A1", "A2", "A3"]},
        geometry=[box(1, 1, 5, 9), box(5, 1, 9, 5), box(5, 5, 9, 9)],
        crs=4326,
    )
    context = gpd.GeoDataFrame({"country": ["BBB"]}, geometry=[box(-5, -5, 1, 15)], crs=4326)
    segments = gpd.GeoDataFrame(
        {"mode": ["land", "sea"]}, geometry=[LineString([(2, 2), (8, 8)]), LineString([(8, 8), (9.5, 9.5)])]
    )
    return admin0, admin1, context, segments


def _drawn(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_hidden_units_are_grey_and_their_share_is_not_drawn():
    admin0, admin1, context, segments = _world()
    shares = pd.DataFrame(
        {"adm1_code": ["A1", "A2", "A3"], "share": [0.25, 0.75, 0.875], "suppressed": [False, False, True]}
    )
    svg = static_map_svg(
        FRAME, admin0, context, segments, {"AAA": "Aland"}, TEXT, admin1=admin1, shares=shares
    )
    root = _drawn(svg)
    fills = [path.get("fill") for path in root.iter(f"{SVG}path")]
    assert palettes.SUPPRESSED_GREY in fills
    assert sum(fill in CLASS_COLOURS for fill in fills) == 2  # one path per class: the two shown units
    texts = " ".join(text.text or "" for text in root.iter(f"{SVG}text"))
    assert "88" not in texts and "87" not in texts  # the hidden share is in no key label
    assert "Hidden" in texts and "Aland" in texts
    assert root.find(f"{SVG}title").text == "What the map shows"


def test_circles_are_drawn_for_positive_values_only_and_sized_by_area():
    admin0, _admin1, context, segments = _world()
    points = pd.DataFrame({"lon": [2.0, 5.0, 8.0], "lat": [2.0, 5.0, 8.0], "value": [100.0, 25.0, 0.0]})
    root = _drawn(static_map_svg(FRAME, admin0, context, segments, {}, TEXT, points=points))
    map_circles = [c for c in root.iter(f"{SVG}circle") if c.get("cx") != "20"]  # key circles sit at x = 20
    radii = sorted(float(c.get("r")) for c in map_circles)
    assert len(radii) == 2
    assert radii[1] / radii[0] == 2.0  # four times the value, twice the radius


def test_nothing_to_show_says_so_in_the_key():
    admin0, admin1, context, segments = _world()
    shares = pd.DataFrame({"adm1_code": ["A1"], "share": [0.5], "suppressed": [True]})
    root = _drawn(static_map_svg(FRAME, admin0, context, segments, {}, TEXT, admin1=admin1, shares=shares))
    fills = [path.get("fill") for path in root.iter(f"{SVG}path")]
    assert not any(fill in CLASS_COLOURS for fill in fills)


def test_paths_are_in_whole_pixels_inside_the_frame():
    d = path_data(box(0, 0, 10, 10), FRAME, closed=True)
    points = [tuple(map(int, pair.split(","))) for pair in re.findall(r"-?\d+,-?\d+", d)]
    assert d.startswith("M") and d.endswith("Z")
    assert not re.search(r"\d\.\d", d)
    # 10° of longitude fill the 200 px; 10° of latitude at 5° N are 1 / cos(5°) times longer
    assert {x for x, _y in points} == {0, 200}
    assert {y for _x, y in points} == {0, round(200 / math.cos(math.radians(5)))}


def test_the_frame_keeps_the_shape_of_the_region():
    frame = Frame(0.0, 20.0, 50.0, 60.0, width=400)
    # at 55° north a degree of longitude is cos(55°) of a degree of latitude
    assert abs(frame.height - 400 / (20 * 0.5736) * 10) < 1
    assert frame.xy(0.0, 60.0) == (0, 0)
    assert frame.xy(20.0, 50.0) == (400, 349)
