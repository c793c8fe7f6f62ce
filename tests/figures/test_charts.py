"""Chart builders: what a reader sees, one style and one colour per meaning in every chart."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from figures.charts import ChartText, cell_text, count_bars, share_bars, share_matrix, time_series
from figures.palettes import DIRECTION, ROUTE_FAMILY
from figures.theme import (
    PHONE_CHART_PX,
    WIDEST_CHART_PX,
    chart_width,
    label_width,
    percent,
    percent_interval,
    subtitle_chars,
    title_chars,
    wrap,
)
from layouts.panel_card import chart_px
from tests.conftest import example_reference

TEXT = ChartText(
    title="Dead and missing by year and route (as the Missing Migrants Project names it)",
    subtitle="1,822 incidents recorded · Jan 2014 – Dec 2019\n"
    "IOM Displacement Tracking Matrix (DTM), flow monitoring; FMP names from IOM DTM reports",
    value_axis="Share (%)",
    hidden_mark="fewer than 5",
    empty="Nothing shown: with these filters (Gender: Other gender) every number counts fewer than 5 people.",
)


def _share_rows(categories: list[str], suppressed: bool = False) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "category": categories,
            "share": [None if suppressed else 0.1 * (i + 1) for i in range(len(categories))],
            "ci_low": [None if suppressed else 0.1 * (i + 1) - 0.02 for i in range(len(categories))],
            "ci_high": [None if suppressed else 0.1 * (i + 1) + 0.02 for i in range(len(categories))],
            "base": [None if suppressed else 400] * len(categories),
            "suppressed": [suppressed] * len(categories),
        }
    )


def _title_lines(fig) -> list[str]:
    return [re.sub(r"<[^>]+>", "", line) for line in fig.layout.title.text.split("<br>")]


def test_a_confidence_interval_shows_the_precision_that_tells_its_ends_apart():
    assert percent_interval(0.536, 0.544) == "53.6–54.4 %"
    assert percent_interval(0.40, 0.60) == "40–60 %"
    assert percent(0.54, 0.536, 0.544) == "54.0 %"


def test_every_hidden_cell_gives_one_sentence_instead_of_marks():
    for fig in (
        share_bars(
            _share_rows(["a", "b", "c"], suppressed=True),
            category="category",
            group=None,
            label_category=str,
            label_group=str,
            text=TEXT,
        ),
        share_matrix(
            _share_rows(["a", "b"], suppressed=True).assign(gender="female"),
            x="gender",
            y="category",
            label_x=str,
            label_y=str,
            text=TEXT,
        ),
    ):
        assert not fig.data
        [note] = fig.layout.annotations
        assert note.text.replace("<br>", " ") == TEXT.empty
        assert "fewer than 5" not in fig.layout.title.text


def _deaths_bars():
    return count_bars(
        pd.DataFrame({"year": [2014], "dead_and_missing": [3.0]}),
        x="year",
        y="dead_and_missing",
        group=None,
        label_x=str,
        label_group=str,
        text=TEXT,
    )


def test_titles_and_subtitles_are_wrapped_to_a_phone_s_width():
    fig = _deaths_bars()
    lines = _title_lines(fig)
    assert len(lines) > 4  # title and sources wrapped, nothing cut
    assert all(len(line) <= max(title_chars(), subtitle_chars()) for line in lines)
    assert " ".join(lines).replace(" ", "") == (TEXT.title + TEXT.subtitle).replace("\n", "").replace(" ", "")
    assert fig.layout.margin.t < 200  # the top margin follows the lines, no fixed empty band


def test_on_a_wide_screen_titles_take_fewer_lines_and_still_fit_the_narrowest_card():
    phone = _deaths_bars()
    with chart_width(chart_px(1366)):
        wide = _deaths_bars()
        title, subtitle = title_chars(), subtitle_chars()
    lines = _title_lines(wide)
    assert len(lines) < len(_title_lines(phone))
    assert wide.layout.margin.t < phone.layout.margin.t
    # 16 px text needs about 10 px a character, 12 px text 7.4: the lines fit a 1366 px window's narrowest chart.
    assert title * 10 <= chart_px(1366) and subtitle * 7.4 <= chart_px(1366)
    assert all(len(line) <= subtitle for line in lines)
    assert title > title_chars()


def test_phones_and_unknown_widths_get_the_phone_wrap():
    assert chart_px(390) < chart_px(991) and chart_px(992) < chart_px(991)
    assert chart_px(None) is None
    with chart_width(chart_px(390)):
        assert title_chars() == 34


def test_months_read_as_month_and_year():
    rows = pd.DataFrame({"period": ["2023-01", "2023-02"], "direction": ["incoming"] * 2, "v": [1.0, 2.0]})
    fig = time_series(
        rows, x="period", y="v", group="direction", label_group=str, text=TEXT, colours=DIRECTION
    )
    assert fig.layout.xaxis.tickformat == "%b %Y"
    assert fig.layout.xaxis.type == "date"
    assert "%{x|%b %Y}" in fig.data[0].hovertemplate


def test_route_families_keep_their_colour_whatever_the_order():
    def colours(families: list[str]) -> dict[str, str]:
        rows = pd.DataFrame(
            {"year": [2014] * len(families), "route_family": families, "n": range(1, len(families) + 1)}
        )
        fig = count_bars(
            rows,
            x="year",
            y="n",
            group="route_family",
            label_x=str,
            label_group=str,
            text=TEXT,
            colours=ROUTE_FAMILY,
        )
        return {trace.name: trace.marker.color for trace in fig.data}

    first = colours(["atlantic", "central_mediterranean"])
    second = colours(["central_mediterranean", "atlantic", "western_mediterranean"])
    assert first["atlantic"] == second["atlantic"] == ROUTE_FAMILY["atlantic"]
    assert first["central_mediterranean"] == second["central_mediterranean"]
    assert len(set(ROUTE_FAMILY.values())) == len(ROUTE_FAMILY)


def test_a_ranking_is_horizontal_bars_largest_on_top_with_every_label():
    rows = pd.DataFrame(
        {
            "cause": [
                "Harsh environmental conditions, lack of shelter, food or water",
                "Drowning",
                "Violence",
            ],
            "n": [5000.0, 3000.0, 4000.0],
        }
    )
    fig = count_bars(
        rows, x="cause", y="n", group=None, label_x=str, label_group=str, text=TEXT, ranking=True
    )
    assert fig.data[0].orientation == "h"
    assert list(fig.layout.yaxis.categoryarray)[-1] == rows["cause"][0]  # last category is drawn on top
    assert len(fig.layout.yaxis.ticktext) == 3
    assert not fig.layout.xaxis.tickangle


def test_small_shares_in_heat_map_cells_are_never_printed_as_zero():
    assert cell_text(0.004) == "0.4"
    assert cell_text(0.54) == "54"
    assert wrap("Border guards or immigration officials", 9)[-2:] == ["immigration", "officials"]


def test_a_heat_map_puts_its_longer_dimension_down_the_rows_with_every_label_and_readable_cells():
    routes = [f"route {i}" for i in range(10)]
    rows = pd.concat(
        [_share_rows(["used", "not_used"]).assign(route=route) for route in routes], ignore_index=True
    )
    fig = share_matrix(
        rows, x="route", y="category", label_x=str, label_y=str, text=TEXT, order=["not_used", "used"]
    )
    heat = fig.data[0]
    assert list(heat.y) == routes and list(heat.x) == ["not_used", "used"]
    assert list(fig.layout.yaxis.tickvals) == routes
    assert heat.textfont.size >= 11
    assert fig.layout.xaxis.tickangle == 0


def test_a_heat_map_says_what_its_numbers_are_above_the_columns_without_a_colour_bar():
    rows = pd.concat(
        [_share_rows(["used", "did not use a smuggler"]).assign(route=f"r{i}") for i in range(4)],
        ignore_index=True,
    )
    fig = share_matrix(rows, x="category", y="route", label_x=str, label_y=str, text=TEXT)
    assert fig.data[0].showscale is False
    assert fig.layout.xaxis.side == "top"
    assert re.sub(r"<br>", " ", fig.layout.xaxis.title.text) == TEXT.value_axis
    # On a phone the two column labels break into lines narrow enough for their columns.
    longest = max(len(line) for label in fig.layout.xaxis.ticktext for line in label.split("<br>"))
    assert longest <= len("smuggler")


def test_a_heat_map_prints_the_share_of_a_group_whose_code_was_not_recorded():
    rows = pd.concat(
        [_share_rows(["used", "not_used"]).assign(route=route) for route in ["r1", "r2", np.nan]],
        ignore_index=True,
    )
    rows["route"] = rows["route"].astype(object)
    fig = share_matrix(
        rows, x="category", y="route", label_x=str, label_y=lambda code: code or "Not recorded", text=TEXT
    )
    heat = fig.data[0]
    not_recorded = list(heat.y).index("Not recorded")
    assert all(mark for mark in heat.text[not_recorded]), heat.text
    assert None not in heat.z[not_recorded]


@pytest.mark.parametrize("width", [PHONE_CHART_PX, WIDEST_CHART_PX])
def test_year_labels_along_the_bottom_never_run_into_each_other(width):
    rows = pd.DataFrame({"year": list(range(2014, 2026)), "dead_and_missing": [100.0] * 12})
    with chart_width(width):
        fig = count_bars(
            rows, x="year", y="dead_and_missing", group=None, label_x=str, label_group=str, text=TEXT
        )
    shown = list(fig.layout.xaxis.tickvals)
    label_px = 4 * 8.5  # "2014" at 14 px
    assert shown[0] == "2014" and len(shown) * label_px < width - 90
    if width == WIDEST_CHART_PX:
        assert len(shown) == 12


def _ranking(labels: list[str]):
    rows = pd.DataFrame({"label": labels, "score": [float(n) for n in range(len(labels), 0, -1)]})
    return count_bars(
        rows, x="label", y="score", group=None, label_x=str, label_group=str, text=TEXT, ranking=True
    )


def test_a_wider_picture_gives_a_long_ranking_fewer_label_lines_and_a_shorter_chart():
    labels = [
        f"Central Mediterranean route via Niger · Violence, insecurity and conflict · Drivers {n}"
        for n in range(13)
    ]
    with chart_width(WIDEST_CHART_PX):
        screen = _ranking(labels)
        with label_width(48):
            wide = _ranking(labels)
    assert max(tick.count("<br>") for tick in screen.layout.yaxis.ticktext) >= 3
    assert max(tick.count("<br>") for tick in wide.layout.yaxis.ticktext) == 1
    assert wide.layout.height < screen.layout.height * 0.7


def test_every_route_family_a_region_profile_places_incidents_on_has_a_colour_of_its_own():
    families = set(example_reference().route_families["family"])
    assert families <= set(ROUTE_FAMILY), (
        f"no colour of its own (drawn grey): {sorted(families - set(ROUTE_FAMILY))}"
    )
