"""Page panels: figures and tables show the engine's numbers, never hidden ones."""

from __future__ import annotations

import dataclasses
import json
import math

import pandas as pd
import pytest

from data_access.importers.fourmi import CELL
from figures.charts import share_bars
from indicators.filters import PARAMS, Filters
from panels import deaths, drivers, flows, route_profile
from panels.filters import controls_from_filters, filters_from_controls
from panels.fourmi import share_axis
from panels.maps import clicked_filter
from panels.text import chart_text, respondents_base
from tests.conftest import REFERENCE_DIR

REGION = "west-north-africa"


@pytest.fixture
def request_context(app):
    with app.server.test_request_context("/"):
        yield


def _expected_driver_shares(examples) -> pd.DataFrame:
    source = pd.read_csv(examples / "4mi_example.csv", dtype=str, keep_default_na=False)
    source[["respondents", "base"]] = source[["respondents", "base"]].astype(int)
    drivers = source[source["indicator"] == "driver"]
    base = drivers.drop_duplicates(CELL)["base"].sum()
    codebook = pd.read_csv(REFERENCE_DIR / "codebook_4mi.csv")
    categories = codebook.loc[codebook["indicator"] == "driver", "category"]
    counts = drivers.groupby("category")["respondents"].sum().reindex(categories, fill_value=0)
    # Published: counts and base rounded to the nearest 5 (halves up), the share of the two.
    published = 5 * (counts / 5 + 0.5).apply(math.floor)
    published_base = 5 * math.floor(base / 5 + 0.5)
    return pd.DataFrame(
        {
            "respondents": counts,
            "share": published / published_base,
            "exact_share": counts / base,
            "base": base,
        }
    )


def test_driver_bars_equal_shares_computed_from_the_file(request_context, service, examples):
    label = service.labels.label
    expected = _expected_driver_shares(examples)
    panel = drivers.build(service, Filters(region=REGION), {"breakdown": "gender"})["drivers"]
    bars = next(trace for trace in panel.figure.data if trace.type == "bar")
    shown = dict(zip(bars.y, bars.x, strict=True))
    visible = expected[(expected["respondents"] >= 5) | (expected["respondents"] == 0)]
    assert not visible.empty
    assert {label("category", c, "driver") for c in visible.index} == set(shown)
    for category, row in visible.iterrows():
        assert shown[label("category", category, "driver")] == pytest.approx(row["share"] * 100, abs=0.05)


def test_hidden_driver_category_shows_fewer_than_and_no_value(request_context, service, examples):
    label = service.labels.label
    expected = _expected_driver_shares(examples)
    small = expected[(expected["respondents"] > 0) & (expected["respondents"] < 5)]
    assert not small.empty
    panel = drivers.build(service, Filters(region=REGION), {"breakdown": "gender"})["drivers"]
    marks = [trace for trace in panel.figure.data if trace.type == "scatter"]
    hidden_labels = {y for trace in marks for y in trace.y}
    assert marks and hidden_labels
    assert {label("category", c, "driver") for c in small.index} <= hidden_labels
    assert all(text == "fewer than 5" for trace in marks for text in trace.text)
    rows = [r for r in panel.table if r["category"] in hidden_labels]
    assert rows and all(r["share"] == "fewer than 5" and r["base"] == "fewer than 5" for r in rows)
    figure_json = json.dumps(panel.figure.to_plotly_json(), default=str)
    for category, row in small.iterrows():
        share = f"{row['exact_share'] * 100:.1f}"
        assert share not in figure_json, category


def test_women_filter_changes_the_base_of_the_driver_panel(request_context, service, examples):
    source = pd.read_csv(examples / "4mi_example.csv", dtype=str, keep_default_na=False)
    cells = source[source["indicator"] == "driver"].drop_duplicates(CELL)
    for gender, expected in (
        (None, cells["base"].astype(int).sum()),
        ("female", cells.loc[cells["gender"] == "female", "base"].astype(int).sum()),
    ):
        filters = Filters(region=REGION, gender=(gender,) if gender else ())
        title = drivers.build(service, filters, {"breakdown": "gender"})["drivers"].figure.layout.title.text
        assert f"n = {5 * math.floor(expected / 5 + 0.5):,} respondents asked" in title


def test_deaths_panel_totals_equal_the_file(request_context, service, examples):
    panel = deaths.build(service, Filters(region=None), {})["by_year"]
    source = pd.read_csv(examples / "mmp_current_export.csv", encoding="utf-8-sig")
    expected = source["Total Number of Dead and Missing"].sum()
    plotted = sum(y for trace in panel.figure.data for y in trace.y if pd.notna(y))
    assert plotted == expected
    assert "IOM's Missing Migrants Project" in panel.figure.layout.title.text


def test_filter_controls_round_trip_through_filters(service):
    filters = Filters(
        region=REGION,
        period_from="2023-01",
        period_to="2023-12",
        gender=("female",),
        age_group=("18-24",),
        route=("central_med_niger",),
    )
    values = dict(zip(PARAMS, controls_from_filters(filters), strict=True))
    assert filters_from_controls(service, values) == filters
    assert filters.to_query_string() == (
        "region=west-north-africa&period_from=2023-01&period_to=2023-12&route=central_med_niger"
        "&gender=female&age_group=18-24"
    )


def test_clicks_on_a_region_a_route_and_a_hub_choose_filters(request_context, service):
    profile = service.profile(REGION)

    def click(point):
        return clicked_filter(service, point, profile)

    assert click({"location": "NER-800"}) == ("admin1", "NER-800")
    assert click({"customdata": "central_med_niger"}) == ("route", "central_med_niger")
    assert click({"customdata": "ner-agadez"}) == ("admin1", "NER-800")
    assert click({"customdata": "lby-sabha"})[0] == "admin1"
    assert click({"pointNumber": 3}) is None


def test_deaths_by_cause_show_mmp_category_labels_with_the_file_totals(request_context, service, examples):
    labels = {  # the example export's cause texts and the label of their MMP category
        "Harsh environmental conditions / lack of adequate shelter, food, water": (
            "Harsh environmental conditions, lack of shelter, food or water"
        ),
        "Drowning": "Drowning",
        "Violence": "Violence",
        "Mixed or unknown": "Mixed or unknown",
    }
    source = pd.read_csv(examples / "mmp_current_export.csv", encoding="utf-8-sig")
    totals = source.groupby(source["Cause of Death"].map(labels))["Total Number of Dead and Missing"]
    expected = {label: "—" if pd.isna(total) else total for label, total in totals.sum(min_count=1).items()}

    panel = deaths.build(service, Filters(region=None), {})["by_cause"]

    assert {row["cause"]: row["dead_and_missing"] for row in panel.table} == expected
    bars = [label for trace in panel.figure.data for label in trace.y]  # a ranking: labels on the y axis
    assert set(bars) == set(expected)


def test_route_profile_names_each_source_s_months_and_the_filters_it_cannot_apply(request_context, service):
    filters = Filters(gender=("female",))
    note = route_profile.build(
        service, filters, {"route": "central_med_niger", "incident": "physical_violence"}
    )["profile"].note
    assert "Missing Migrants Project: Feb 2022 – Jan 2024 loaded." in note
    assert "Not filtered by gender: only 4Mi interviews can be filtered by it." in note
    assert "all months loaded" not in note


def test_incoming_and_outgoing_keep_their_colours_in_every_flows_chart(request_context, service):
    panels = flows.build(service, Filters(region=REGION), {})
    incoming = service.labels.label("direction", "incoming")
    daily = {trace.name: trace.line.color for trace in panels["daily"].figure.data}
    by_fmp = {trace.name: trace.marker.color for trace in panels["by_fmp"].figure.data}
    assert daily[incoming] == by_fmp[incoming]
    assert len(set(daily.values())) == len(set(by_fmp.values())) == 2


def test_a_view_with_every_cell_hidden_says_so_in_one_sentence_naming_the_filters(request_context, service):
    filters = Filters(region=REGION, gender=("female",), age_group=("18-24",))
    answer = service.fourmi("driver", filters, ("category",))
    assert not answer.rows.empty
    hidden = dataclasses.replace(
        answer, rows=answer.rows.assign(suppressed=True, share=None, ci_low=None, ci_high=None, base=None)
    )
    text = chart_text(service, "Reasons for leaving", hidden, respondents_base(hidden), share_axis())
    figure = share_bars(
        hidden.rows, category="category", group=None, label_category=str, label_group=str, text=text
    )
    assert not figure.data
    [note] = figure.layout.annotations
    sentence = note.text.replace("<br>", " ")
    assert sentence.startswith("Nothing shown") and "fewer than 5 people" in sentence
    assert "Gender: Women" in sentence and "Age group: 18" in sentence
    assert sentence.count(".") == 1


def test_a_view_nothing_matches_says_so_naming_the_filters(request_context, service):
    panel = deaths.build(service, Filters(period_from="2090-01"), {})["by_cause"]
    [note] = panel.figure.layout.annotations
    assert note.text.replace("<br>", " ").startswith("No data matches these filters (From: Jan 2090)")


def test_drivers_heat_map_rows_follow_the_bar_chart_above(request_context, service):
    panels = drivers.build(service, Filters(region=REGION), {"breakdown": "gender"})
    bars = [label for trace in panels["drivers"].figure.data for label in trace.y]
    bar_order = list(panels["drivers"].figure.layout.yaxis.categoryarray)[::-1]  # drawn top to bottom
    rows = list(panels["by"].figure.data[0].y)
    assert [label for label in bar_order if label in rows] == [label for label in rows if label in bars]
