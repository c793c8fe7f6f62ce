"""Map building blocks: hidden cells leave no trace, encodings follow the measure, payload stays small."""

from __future__ import annotations

import itertools
import json
import re

import geopandas as gpd
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
import shapely
from shapely.geometry import box

from figures import palettes
from figures.maps import (
    ADMIN0,
    ADMIN1,
    CLASS_COLOURS,
    CONTEXT,
    HUB_COLOUR,
    KEY_BAND_PX,
    ROUTE_COLOUR,
    SEA_COLOUR,
    admin1_choropleth,
    attribution,
    base_map,
    break_labels,
    choropleth_patch,
    class_breaks,
    feature_collection,
    fmp_layer,
    geometry_documents,
    hub_bubbles,
    major_hubs,
    map_payload_bytes,
    map_text,
    place_labels,
    reference_values,
    route_lines,
    size_key,
    value_class,
)
from geo.boundaries import load_admin0_context
from tests.figures.synthetic import (
    MIN_COUNT,
    Region,
    admin1_shares,
    fmp_counts,
    hub_counts,
    load_region,
    segment_counts,
)

# A hidden unit: 3 of 7 respondents, i.e. 42.8571 % (Wilson 95 % interval 15.82–74.96 %).
HIDDEN = {"count": 3, "n": 7, "share": 0.428571, "ci_low": 0.158161, "ci_high": 0.749579}
HIDDEN_SPELLINGS = ("0.428571", "42.857", "42.86", "42.9", "0.15816", "15.8", "0.74958", "74.96", "75.0")


@pytest.fixture(scope="module")
def region() -> Region:
    return load_region()


@pytest.fixture
def squares() -> gpd.GeoDataFrame:
    """Three square units with round coordinates, so a number in the JSON cannot come from geometry."""
    return gpd.GeoDataFrame(
        {"adm1_code": ["AAA-1", "AAA-2", "AAA-3"], "name": ["Visible", "Hidden", "Empty"]},
        geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(2, 0, 4, 1)],
        crs="EPSG:4326",
    )


@pytest.fixture
def small_values() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "adm1_code": "AAA-1",
                "count": 10,
                "n": 40,
                "share": 0.25,
                "ci_low": 0.14,
                "ci_high": 0.4,
                "suppressed": False,
            },
            {"adm1_code": "AAA-2", **HIDDEN, "suppressed": True},
        ]
    )


def _choropleth(admin1: gpd.GeoDataFrame, values: pd.DataFrame, **options: object) -> list[go.Choroplethmap]:
    return admin1_choropleth(
        admin1, values, value_col="share", label="Share", base_col="n", min_count=MIN_COUNT, **options
    )


def _numbers(node: object) -> list[float]:
    if isinstance(node, dict):
        return [x for v in node.values() for x in _numbers(v)]
    if isinstance(node, list | tuple):
        return [x for v in node for x in _numbers(v)]
    if isinstance(node, int | float) and not isinstance(node, bool):
        return [float(node)]
    return []


def test_suppressed_unit_share_and_interval_appear_nowhere_in_the_figure(squares, small_values):
    values_trace, hidden_trace = _choropleth(squares, small_values)
    data_json = json.dumps(json.loads(go.Figure([values_trace, hidden_trace]).to_json())["data"])
    for spelling in HIDDEN_SPELLINGS:
        assert spelling not in data_json
    numbers = np.array(_numbers(json.loads(data_json)))
    for hidden in (HIDDEN["share"], 100 * HIDDEN["share"], HIDDEN["ci_low"], HIDDEN["ci_high"]):
        assert not np.isclose(numbers, hidden, atol=1e-5).any()
        assert not np.isclose(numbers, 100 * hidden, atol=0.06).any()


def test_suppressed_unit_entries_carry_no_count_base_or_share(squares, small_values):
    values_trace, hidden_trace = _choropleth(squares, small_values)
    position = list(values_trace.locations).index("AAA-2")
    assert values_trace.z[position] is None
    assert all(cell is None for cell in values_trace.customdata[position])
    assert list(hidden_trace.locations) == ["AAA-2"]
    assert list(hidden_trace.z) == [0]
    assert hidden_trace.customdata is None
    (hover,) = hidden_trace.text
    assert hover == f"Hidden<br>fewer than {MIN_COUNT} respondents"
    assert not re.search(r"\b[37]\b", hover)


def test_hidden_unit_is_grey_and_unit_without_data_is_not_drawn(squares, small_values):
    values_trace, hidden_trace = _choropleth(squares, small_values)
    assert {c for _, c in hidden_trace.colorscale} == {palettes.SUPPRESSED_GREY}
    position = list(values_trace.locations).index("AAA-3")
    assert values_trace.z[position] is None
    assert "AAA-3" not in hidden_trace.locations


def test_choropleth_colours_quantile_classes_of_the_visible_shares(region):
    values = admin1_shares(region.admin1)
    values_trace, _hidden = _choropleth(region.admin1, values)
    z = pd.Series(list(values_trace.z), index=list(values_trace.locations), dtype=float)
    visible = values[~values["suppressed"]].set_index("adm1_code")["share"]
    edges = visible.quantile([0, 0.2, 0.4, 0.6, 0.8, 1]).to_numpy()
    expected = np.clip(np.searchsorted(edges, visible.to_numpy(), side="left") - 1, 0, 4)
    np.testing.assert_array_equal(z[visible.index].to_numpy(), expected)
    assert z[values.loc[values["suppressed"], "adm1_code"]].isna().all()
    assert sorted(pd.Series(z[visible.index]).value_counts()) == sorted(
        pd.cut(visible, edges, include_lowest=True).value_counts()
    )


def test_legend_writes_the_quantile_breaks_of_the_shown_values(region):
    values = admin1_shares(region.admin1)
    values_trace, _hidden = _choropleth(region.admin1, values)
    shown = values.loc[~values["suppressed"], "share"]
    edges = [f"{100 * q:.0f}" for q in shown.quantile([0, 0.2, 0.4, 0.6, 0.8, 1])]
    assert list(values_trace.colorbar.ticktext) == [f"{lo}–{hi}" for lo, hi in itertools.pairwise(edges)]
    assert list(values_trace.colorbar.tickvals) == [0, 1, 2, 3, 4]
    colours = [c for _, c in values_trace.colorscale]
    assert list(dict.fromkeys(colours)) == list(CLASS_COLOURS)
    assert (values_trace.zmin, values_trace.zmax) == (-0.5, 4.5)


def test_legend_breaks_keep_enough_decimals_to_differ():
    assert break_labels([0.52, 0.531, 0.538, 0.54]) == ["52.0–53.1", "53.1–53.8", "53.8–54.0"]
    assert break_labels([0.3]) == ["30 %"]
    assert class_breaks(pd.Series([0.3, 0.3, 0.3, np.nan])) == [0.3]
    assert value_class(pd.Series([0.3, np.nan]), [0.3]).tolist()[0] == 0


def test_hover_shows_percent_interval_and_base(squares, small_values):
    values_trace, _hidden = _choropleth(squares, small_values)
    assert list(values_trace.customdata[0]) == [25.0, 14.0, 40.0, 40]
    assert "95% CI" in values_trace.hovertemplate
    assert "customdata[3]" in values_trace.hovertemplate


def test_patch_changes_values_but_not_the_geometry_of_the_value_trace(region):
    first = _choropleth(region.admin1, admin1_shares(region.admin1, seed=1))
    second_values = admin1_shares(region.admin1, seed=2)
    patch = choropleth_patch(
        region.admin1, second_values, value_col="share", base_col="n", min_count=MIN_COUNT
    )
    assert "geojson" not in patch[0]
    patched = go.Figure(first)
    for index, fields in enumerate(patch):
        patched.data[index].update(fields)
    rebuilt = go.Figure(_choropleth(region.admin1, second_values))
    assert json.loads(patched.to_json()) == json.loads(rebuilt.to_json())


def test_values_for_units_outside_the_boundaries_are_rejected(squares, small_values):
    stray = pd.concat([small_values, small_values.assign(adm1_code="ZZZ-9").head(1)])
    with pytest.raises(ValueError, match="ZZZ-9"):
        _choropleth(squares, stray)


def test_route_width_increases_with_the_measure(region):
    traces = route_lines(
        region.segments, segment_counts(region.segments), value_col="respondents", label="Respondents"
    )
    shown = [
        (int(label.split("Respondents: ")[1].replace(",", "")), trace.line.width)
        for trace in traces
        for label in set(trace.hovertext) - {None}
    ]
    widths = pd.DataFrame(shown, columns=["respondents", "width"]).sort_values("respondents")
    assert len(widths) == len(region.segments)
    assert widths["width"].is_monotonic_increasing
    assert widths["width"].iloc[-1] > widths["width"].iloc[0]


def test_sea_legs_are_dashed_and_lighter(region):
    traces = route_lines(region.segments, segment_counts(region.segments), value_col="respondents")
    sea = [t for t in traces if t.line.color == SEA_COLOUR]
    land = [t for t in traces if t.line.color == ROUTE_COLOUR]
    sea_segments = int((region.segments["mode"] == "sea").sum())
    assert sea and land
    assert sum(t.lat.count(None) for t in sea) > 3 * sea_segments
    assert sum(t.showlegend for t in sea) == 1


def test_routes_without_values_say_they_are_schematic_once(region):
    traces = route_lines(region.segments)
    entries = [t.name for t in traces if t.showlegend is not False]
    assert entries == ["Routes (schematic lines)", "Sea leg (dashed)"]
    assert all(t.legendgrouptitle.text is None for t in traces)


def _legend_entries(fig: go.Figure) -> list[str]:
    """What the legend lists: group titles and the names of traces shown in it (plotly draws no empty trace)."""
    entries = []
    for trace in fig.data:
        points = trace.lat if isinstance(trace, go.Scattermap) else trace.locations
        has_data = points is not None and len(points) > 0
        if trace.showlegend is False or not has_data:
            continue
        title = trace.legendgrouptitle.text if trace.legendgrouptitle else None
        if title and title not in entries:
            entries.append(title)
        entries.append(trace.name)
    return entries


def test_map_legend_has_one_entry_per_meaning(region):
    fig = base_map(region.profile, region.admin0)
    fig.add_traces(route_lines(region.segments))
    fig.add_traces(
        hub_bubbles(
            region.hubs, hub_counts(region.hubs), value_col="respondents", label="n", min_count=MIN_COUNT
        )
    )
    fig.add_traces(_choropleth(region.admin1, admin1_shares(region.admin1)))
    entries = _legend_entries(fig)
    assert len(entries) == len(set(entries))
    assert entries.count("Routes (schematic lines)") == 1


def test_empty_layers_leave_the_legend(region):
    empty = pd.DataFrame({"hub_id": [], "v": []})
    bubbles, ring, _centre = hub_bubbles(region.hubs, empty, value_col="v", label="", min_count=MIN_COUNT)
    assert bubbles.showlegend is False and ring.showlegend is False
    assert fmp_layer(region.sites.iloc[0:0]).showlegend is False


def test_size_key_shows_three_reference_circles_sized_like_the_bubbles(region):
    counts = hub_counts(region.hubs)
    visible = counts.loc[~counts["suppressed"], "respondents"].astype(float)
    maximum = float(visible.max())
    shapes, notes = size_key(maximum, max_px=40, colour=HUB_COLOUR, label="Respondents")
    assert len(shapes) == 3
    values = reference_values(maximum)
    assert [n["text"] for n in notes] == [f"{v:,.0f}" for v in values] + ["Respondents"]
    diameters = [s["x1"] - s["x0"] for s in shapes]
    assert diameters == pytest.approx([40 * (v / maximum) ** 0.5 for v in values])
    assert all(s["xsizemode"] == s["ysizemode"] == "pixel" for s in shapes)
    assert size_key(0.0, max_px=40, colour=HUB_COLOUR, label="x") == ([], [])


def test_reference_values_are_round_and_below_the_maximum():
    assert reference_values(1095) == [1000.0, 200.0, 50.0]
    assert reference_values(1_004_829) == [1_000_000.0, 200_000.0, 50_000.0]
    assert reference_values(3) == [2.0]


def test_hub_bubble_area_grows_with_the_measure_and_hidden_hubs_are_hollow(region):
    counts = hub_counts(region.hubs)
    bubbles, ring, centre = hub_bubbles(
        region.hubs, counts, value_col="respondents", label="n", min_count=MIN_COUNT
    )
    sizes = pd.Series(bubbles.marker.size)
    assert bubbles.marker.sizemode == "area"
    assert sizes.is_monotonic_decreasing
    visible = counts[~counts["suppressed"]]
    assert sorted(sizes) == sorted(visible["respondents"].astype(float))
    hidden = counts[counts["suppressed"]]
    assert len(ring.lat) == len(centre.lat) == len(hidden)
    assert ring.marker.color == palettes.SUPPRESSED_OUTLINE
    assert centre.marker.color == "#ffffff"
    assert centre.marker.size < ring.marker.size
    ring_json = ring.to_json()
    for count in hidden["respondents"]:
        assert not re.search(rf"\b{count}\b", " ".join(ring.hovertext).replace(str(MIN_COUNT), ""))
        assert f'"size": {count}' not in ring_json


def test_fmp_points_are_sized_by_individuals(region):
    counts = fmp_counts(region.sites)
    trace = fmp_layer(region.sites, counts, value_col="individuals", label="Individuals")
    assert list(trace.marker.size) == counts["individuals"].astype(float).tolist()
    assert (
        trace.marker.color
        != hub_bubbles(
            region.hubs, hub_counts(region.hubs), value_col="respondents", label="n", min_count=MIN_COUNT
        )[0].marker.color
    )


def _first_map(region: Region) -> go.Figure:
    fig = base_map(region.profile, region.admin0)
    fig.add_traces(_choropleth(region.admin1, admin1_shares(region.admin1)))
    fig.add_traces(route_lines(region.segments, segment_counts(region.segments), value_col="respondents"))
    fig.add_traces(
        hub_bubbles(
            region.hubs, hub_counts(region.hubs), value_col="respondents", label="n", min_count=MIN_COUNT
        )
    )
    return fig


def test_first_map_payload_is_under_400_kb_gzipped(region):
    raw, gzipped = map_payload_bytes(_first_map(region))
    assert gzipped < 400_000
    assert raw > gzipped


def test_coordinates_keep_at_most_three_decimals(region):
    fig = _first_map(region).to_plotly_json()
    sources = [layer["source"] for layer in fig["layout"]["map"]["layers"]]
    for trace in fig["data"]:
        sources += [trace.get("geojson"), list(trace.get("lat", [])), list(trace.get("lon", []))]
    coordinates = np.array([x for source in sources for x in _numbers(source)])
    assert len(coordinates) > 10_000
    np.testing.assert_array_equal(coordinates, np.round(coordinates, 3))


def test_map_needs_no_icons_fonts_or_tiles_from_the_internet(region):
    fig = _first_map(region)
    fig.add_trace(fmp_layer(region.sites))
    assert fig.layout.map.style == "white-bg"
    for trace in fig.data:
        assert "text" not in (getattr(trace, "mode", None) or "")
        assert getattr(getattr(trace, "marker", None), "symbol", None) in (None, "circle")
    assert all(layer.type != "symbol" for layer in fig.layout.map.layers)


def test_base_map_is_centred_on_the_profile_and_states_the_caveat(region):
    fig = base_map(region.profile, region.admin0)
    assert (fig.layout.map.center.lat, fig.layout.map.center.lon) == (
        region.profile.center_lat,
        region.profile.center_lon,
    )
    assert fig.layout.map.zoom == region.profile.zoom
    assert fig.layout.annotations[0].text == map_text().attribution
    assert "Route lines are schematic" in fig.layout.annotations[0].text


def test_context_shores_are_drawn_below_the_traces_and_apart_from_the_region(region):
    context = load_admin0_context(region.profile.directory)
    fig = base_map(region.profile, region.admin0, context=context)
    fill, line, outlines = fig.layout.map.layers
    assert fill.type == "fill" and fill.below == "traces"
    assert line.type == "line" and outlines.source == feature_collection(region.admin0)
    assert len(fill.source["features"]) == len(context) >= 6
    assert len(base_map(region.profile, region.admin0).layout.map.layers) == 1


def test_place_labels_name_every_country_inside_it_and_the_major_hubs(region):
    context = load_admin0_context(region.profile.directory)
    names = {"NER": "Niger", "ESP": "Spain"}
    labels = place_labels(region.admin0, names, region.hubs, major_hubs(region.segments), context=context)
    countries = [lab for lab in labels if lab["kind"] == "country"]
    assert len(countries) == len(region.admin0)
    niger = next(lab for lab in countries if lab["text"] == "Niger")
    ner = region.admin0.set_index("country").geometry["NER"]
    assert ner.contains(shapely.Point(niger["lon"], niger["lat"]))
    assert {lab["text"] for lab in labels if lab["kind"] == "context"} >= {"Spain", "ITA"}
    hubs = {lab["text"] for lab in labels if lab["kind"] == "hub"}
    assert {"Agadez", "Tripoli", "Dakar"} <= hubs and len(hubs) <= 12
    fig = base_map(region.profile, region.admin0, labels=labels)
    assert fig.layout.meta["labels"] == labels


def test_place_labels_rank_countries_then_busiest_hubs_then_the_shores_beyond(region):
    context = load_admin0_context(region.profile.directory)
    names = {iso3: iso3 for iso3 in [*region.admin0["country"], *context["country"]]}
    major = major_hubs(region.segments)
    labels = sorted(
        place_labels(region.admin0, names, region.hubs, major, context=context), key=lambda x: x["rank"]
    )
    assert [lab["rank"] for lab in labels] == list(range(len(labels)))
    kinds = [lab["kind"] for lab in labels]
    assert kinds == sorted(kinds, key=["country", "hub", "context"].index)
    hub_names = dict(zip(region.hubs["hub_id"], region.hubs["name"], strict=True))
    assert [lab["text"] for lab in labels if lab["kind"] == "hub"] == [hub_names[h] for h in major]
    areas = region.admin0.set_index("country").geometry.map(
        lambda g: max(p.area for p in shapely.get_parts(g))
    )
    countries = [lab["text"] for lab in labels if lab["kind"] == "country"]
    assert countries[0] == areas.idxmax() and countries[-1] == areas.idxmin()


def test_major_hubs_come_most_routes_first(region):
    segments = region.segments
    routes = {
        hub: segments.loc[(segments["from_hub"] == hub) | (segments["to_hub"] == hub), "route_id"].nunique()
        for hub in major_hubs(segments)
    }
    assert min(routes.values()) >= 3
    assert list(routes.values()) == sorted(routes.values(), reverse=True)


def test_nothing_but_place_names_is_drawn_over_the_map(region):
    """Legend above the map (rows reserved by plotly), colour key, size key and caveat in the band below."""
    fig = base_map(region.profile, region.admin0, height=560)
    fig.add_traces(_choropleth(region.admin1, admin1_shares(region.admin1)))
    legend = fig.layout.legend
    assert (legend.orientation, legend.yref, legend.y, legend.yanchor) == ("h", "container", 1, "top")
    assert fig.layout.height == 560 + KEY_BAND_PX and fig.layout.margin.b == KEY_BAND_PX
    colorbar = fig.data[1].colorbar
    assert (colorbar.orientation, colorbar.y, colorbar.yanchor) == ("h", 0, "top")
    shapes, notes = size_key(1000.0, max_px=40, colour=HUB_COLOUR, label="Respondents")
    for item in [*shapes, *notes, attribution()]:
        assert (item["yref"], item.get("yanchor", 0)) in {("paper", 0), ("paper", "top")}
        assert item.get("y", 0) == 0
    assert all(s["y1"] <= 0 for s in shapes)
    assert all(n["yshift"] < 0 for n in notes)
    lowest = min(n["yshift"] for n in notes) - 14
    assert lowest > attribution()["yshift"] > -KEY_BAND_PX  # the caveat comes last, inside the band


def _url(name: str) -> str:
    return f"/geometry/{name}.geojson"


def test_with_a_geometry_url_the_map_references_each_document_and_carries_no_geometry(region):
    context = load_admin0_context(region.profile.directory)
    inline = base_map(region.profile, region.admin0, context=context)
    fig = base_map(region.profile, region.admin0, context=context, geometry_url=_url)
    assert [layer.source for layer in fig.layout.map.layers] == [_url(CONTEXT), _url(CONTEXT), _url(ADMIN0)]
    documents = geometry_documents(region.admin0, region.admin1, context)
    assert [layer.source for layer in inline.layout.map.layers] == [documents[CONTEXT]] * 2 + [
        documents[ADMIN0]
    ]
    for by_url, inlined in zip(fig.layout.map.layers, inline.layout.map.layers, strict=True):
        assert by_url.to_plotly_json() | {"source": None} == inlined.to_plotly_json() | {"source": None}
    values = admin1_shares(region.admin1)
    traces = _choropleth(region.admin1, values, geometry_url=_url)
    assert [trace.geojson for trace in traces] == [_url(ADMIN1)] * 2
    fig.add_traces(traces)
    assert '"coordinates"' not in fig.to_json()
    assert len(fig.to_json()) < 50_000


def test_by_url_the_choropleth_matches_the_same_features_by_id(region):
    values = admin1_shares(region.admin1)
    inline = _choropleth(region.admin1, values)
    traces = _choropleth(region.admin1, values, geometry_url=_url)
    ids = [
        feature["id"]
        for feature in geometry_documents(region.admin0, region.admin1, region.admin0)[ADMIN1]["features"]
    ]
    assert list(traces[0].locations) == ids == [feature["id"] for feature in inline[0].geojson["features"]]
    hidden = values.loc[values["suppressed"], "adm1_code"].tolist()
    assert hidden and list(traces[1].locations) == hidden == list(inline[1].locations)
    for by_url, inlined in zip(traces, inline, strict=True):
        assert by_url.to_plotly_json() | {"geojson": None} == inlined.to_plotly_json() | {"geojson": None}
    patch = choropleth_patch(
        region.admin1, values, value_col="share", base_col="n", min_count=MIN_COUNT, geometry_url=_url
    )
    assert patch[1]["geojson"] == _url(ADMIN1) and patch[1]["locations"] == hidden
