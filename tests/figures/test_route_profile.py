"""The route profile's hub names: close hubs step down in rows, so no two names overlap on a phone or a projector."""

from __future__ import annotations

import dataclasses
import itertools

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from figures.route_profile import (
    LABEL_CHAR_PX,
    LABEL_GAP_PX,
    LABEL_ROW_PX,
    NARROW_PLOT_PX,
    SUBPLOT_TITLE_PX,
    RouteProfileText,
    hub_labels,
    route_profile_figure,
)

# The Central Mediterranean route via Niger, km from Niamey (as the demo's schematic legs give them).
NIGER_ROUTE = {
    "Niamey": 0,
    "Tahoua": 373,
    "Agadez": 745,
    "Dirkou": 1309,
    "Séguédine": 1442,
    "Madama": 1651,
    "Al Qatrun": 1997,
    "Sabha": 2229,
    "Tripoli": 2888,
}
KM_RANGE = (-0.1 * 2888 - 30, 1.02 * 2888 + 30)
TEXT = RouteProfileText(
    title="Route", subtitle="Period", incidents="Incidents", flows="Flows", deaths="Deaths",
    distance="Kilometres from the route's origin (schematic)", hidden_mark="fewer than 5", schematic="Schematic",
)  # fmt: skip


def _boxes(labels, km_range, plot_px):
    """(row, left, right) of each label in px, worked out here from its centre, shift and longest line."""
    boxes = []
    for label in labels:
        centre = (label.km - km_range[0]) / (km_range[1] - km_range[0]) * plot_px + label.shift
        half = LABEL_CHAR_PX * max(len(line) for line in label.text.split("<br>")) / 2
        boxes.append((label.row, centre - half, centre + half))
    return boxes


def _assert_apart_and_inside(labels, km_range, plot_px):
    boxes = _boxes(labels, km_range, plot_px)
    for (row_a, left_a, right_a), (row_b, left_b, right_b) in itertools.combinations(boxes, 2):
        if row_a == row_b:
            assert right_a + LABEL_GAP_PX <= left_b + 1e-6 or right_b + LABEL_GAP_PX <= left_a + 1e-6
    assert all(left >= -1e-6 and right <= plot_px + 1e-6 for _row, left, right in boxes)


def test_close_hubs_on_the_niger_route_do_not_overlap_on_a_phone_or_a_projector():
    labels = hub_labels(list(NIGER_ROUTE.values()), list(NIGER_ROUTE), KM_RANGE)
    rows = {label.text.split("<br>")[0]: label.row for label in labels}
    assert len({rows["Dirkou"], rows["Séguédine"], rows["Madama"]}) >= 2
    assert rows["Niamey"] == rows["Agadez"] == 0  # far apart: side by side
    for plot_px in (NARROW_PLOT_PX, 1300):
        _assert_apart_and_inside(labels, KM_RANGE, plot_px)
    assert [label.text for label in labels][3] == "Dirkou<br>1,309 km"


@given(
    st.lists(st.floats(0, 5000, allow_nan=False), min_size=1, max_size=15),
    st.integers(NARROW_PLOT_PX, 2000),
)
def test_no_two_hub_names_overlap_at_any_width_from_a_phone_up(km, plot_px):
    names = [f"Hub {'x' * (i % 7)}{i}" for i in range(len(km))]
    length = max(km)
    km_range = (-0.1 * length - 30, 1.02 * length + 30)
    labels = hub_labels(km, names, km_range)
    _assert_apart_and_inside(labels, km_range, plot_px)


def test_profile_names_every_hub_under_the_axis_above_its_title():
    hubs = pd.DataFrame({"km": list(NIGER_ROUTE.values()), "name": list(NIGER_ROUTE)})
    empty = pd.DataFrame(
        {c: [] for c in ("km", "name", "share", "ci_low", "ci_high", "base", "suppressed", "individuals")}
    )
    deaths = pd.DataFrame({"km_mid": [], "km_from": [], "km_to": [], "dead_and_missing": []})
    fig = route_profile_figure(hubs, empty, empty, deaths, TEXT)
    names = [a for a in fig.layout.annotations if a.yref == "y3 domain"]
    assert sorted(a.text.split("<br>")[0] for a in names) == sorted(NIGER_ROUTE)
    assert all(a.xref == "x3" and a.y == 0 and a.ay >= 0 for a in names)  # under the bottom plot's axis
    assert len({a.ay for a in names}) >= 2  # in rows
    assert fig.layout.xaxis3.title.standoff >= max(a.ay for a in names) + LABEL_ROW_PX  # title below the rows
    assert fig.layout.xaxis3.showticklabels is False  # the names replace the slanted tick labels


def test_the_top_margin_makes_room_for_every_line_of_the_top_plot_s_title():
    hubs = pd.DataFrame({"km": list(NIGER_ROUTE.values()), "name": list(NIGER_ROUTE)})
    empty = pd.DataFrame(
        {c: [] for c in ("km", "name", "share", "ci_low", "ci_high", "base", "suppressed", "individuals")}
    )
    deaths = pd.DataFrame({"km_mid": [], "km_from": [], "km_to": [], "dead_and_missing": []})
    long_title = "Respondents reporting this incident at the place (share of respondents asked, %)"
    short = route_profile_figure(hubs, empty, empty, deaths, TEXT)
    long = route_profile_figure(hubs, empty, empty, deaths, dataclasses.replace(TEXT, incidents=long_title))
    top_title = long.layout.annotations[0].text
    assert top_title.count("<br>") == 2  # three lines on a phone-wide card
    assert long.layout.margin.t - short.layout.margin.t == 2 * SUBPLOT_TITLE_PX
