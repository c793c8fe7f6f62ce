"""Each source's months and every filter a source cannot apply are said where its numbers are.

The database holds the 4Mi and FMP examples (2023) and a Missing Migrants Project export in the
2019 format with incidents from 2014 to 2019, so the sources cover different months.
"""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from data_access.loading import load_file
from data_access.reference import Reference
from indicators.filters import Filters
from layouts.pages import methodology
from panels import deaths, flows, overview
from panels.filters import period_options
from panels.fourmi import share_panel
from tests.conftest import EXAMPLES, sqlite_engine
from tests.tables import by_id, shown_rows
from view_data import ViewData

REGION = "west-north-africa"
LEGACY_DATES = {  # row of the legacy example: its new date, year and month
    1: ("January 15, 2014", "2014", "Jan"),
    2: ("June 02, 2016", "2016", "Jun"),
}
FMP_SITES_MOVEMENTS = 142 + 57 + 131 + 64 + 40  # fmp_example.csv: two sites, both in Agadez (NER-800)


def legacy_export_from_2014(folder: Path) -> Path:
    """The legacy MMP example with its first two incidents moved to 2014 and 2016."""
    with open(EXAMPLES / "mmp_legacy_export.csv", encoding="utf-8-sig", newline="") as source:
        rows = list(csv.reader(source))
    for row, values in LEGACY_DATES.items():
        rows[row][2:5] = values
    path = folder / "mmp_2014_2019.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as target:
        csv.writer(target, quoting=csv.QUOTE_ALL).writerows(rows)
    return path


@pytest.fixture(scope="module")
def loaded_sqlite(
    tmp_path_factory: pytest.TempPathFactory, migrated_sqlite_file: Path, reference: Reference
) -> Iterator[Engine]:
    """The 4Mi and FMP examples and an MMP export of the 2019 format from 2014 (the app's database)."""
    folder = tmp_path_factory.mktemp("coverage")
    engine = sqlite_engine(folder / "app.sqlite", migrated_sqlite_file)
    for kind, name in [
        ("4mi", "4mi_example.csv"),
        ("fmp", "fmp_example.csv"),
        ("fmp-demographics", "fmp_demographics_example.csv"),
    ]:
        load_file(engine, kind, EXAMPLES / name, reference=reference)
    load_file(engine, "mmp", legacy_export_from_2014(folder), reference=reference)
    yield engine
    engine.dispose()


@pytest.fixture
def request_context(app):
    with app.server.test_request_context("/"):
        yield


def cards(service: ViewData, filters: Filters) -> dict[str, overview.KeyFigure]:
    return {card.title: card for card in overview.key_figures(service, filters)}


def test_period_lists_run_from_the_first_mmp_month_to_the_last_month_of_any_source(request_context, service):
    months = [option["value"] for option in service.filter_choices(REGION).period]
    assert months[0] == "2014-01"
    assert months[-1] == "2023-04"
    assert len(months) == (2023 - 2014) * 12 + 4  # every month in between, none missing
    options = period_options(service, Filters(region=REGION))
    assert [option["value"] for option in options] == months
    assert options[0]["label"] == "Jan 2014"


def test_coverage_is_the_first_and_last_month_of_each_source(request_context, service):
    table = service.coverage().set_index("source")
    assert table.loc["deaths", ["first_period", "last_period"]].tolist() == ["2014-01", "2019-12"]
    assert table.loc["4mi", ["first_period", "last_period"]].tolist() == ["2023-03", "2023-04"]
    assert table.loc["flows", ["first_period", "last_period"]].tolist() == ["2023-03", "2023-03"]


def test_each_card_names_the_months_its_source_covers(request_context, service):
    shown = cards(service, Filters(region=REGION))
    assert shown["Dead and missing"].coverage == "Missing Migrants Project: Jan 2014 – Dec 2019 loaded."
    assert shown["Interviews"].coverage == "4Mi interviews: Mar 2023 – Apr 2023 loaded."
    assert shown["Reported an incident"].coverage == "4Mi interviews: Mar 2023 – Apr 2023 loaded."
    assert shown["Movements through FMPs"].coverage == "DTM flow monitoring: Mar 2023 loaded."
    assert all("all months loaded" not in card.detail for card in shown.values())


def test_cards_name_the_months_within_the_chosen_period(request_context, service):
    shown = cards(service, Filters(region=REGION, period_from="2015-01", period_to="2019-06"))
    assert shown["Dead and missing"].coverage == (
        "Missing Migrants Project: Jun 2016 in the chosen period (loaded: Jan 2014 – Dec 2019)."
    )
    assert shown["Interviews"].coverage == (
        "4Mi interviews: no data in the chosen period (loaded: Mar 2023 – Apr 2023)."
    )


def test_chart_notes_and_subtitles_name_the_months_of_their_source(request_context, service):
    panels = overview.build(service, Filters(region=REGION), {})
    assert "Missing Migrants Project: Jan 2014 – Dec 2019 loaded." in panels["deaths"].note
    assert "Jan 2014 – Dec 2019" in panels["deaths"].figure.layout.title.text
    assert "DTM flow monitoring: Mar 2023 loaded." in panels["flows"].note
    for key in ("incidents", "drivers"):
        assert "4Mi interviews: Mar 2023 – Apr 2023 loaded." in panels[key].note
    assert all("all months loaded" not in panel.figure.layout.title.text for panel in panels.values())


def test_methodology_lists_the_months_of_each_source(request_context, service):
    page = methodology.layout(service)
    assert shown_rows(by_id(page, "coverage-table")) == [
        {"Source": "4Mi interviews", "First month": "Mar 2023", "Last month": "Apr 2023"},
        {"Source": "DTM flow monitoring", "First month": "Mar 2023", "Last month": "Mar 2023"},
        {"Source": "Missing Migrants Project", "First month": "Jan 2014", "Last month": "Dec 2019"},
    ]


@pytest.mark.parametrize(
    ("path", "source", "loaded", "within"),
    [
        ("/deaths?period_from=2016-01", "deaths", ("2014-01", "2019-12"), ("2016-06", "2019-12")),
        ("/deaths?period_to=2013-12", "deaths", ("2014-01", "2019-12"), (None, None)),
        ("/flows", "flows", ("2023-03", "2023-03"), ("2023-03", "2023-03")),
        ("/4mi/driver?period_to=2023-03", "4mi", ("2023-03", "2023-04"), ("2023-03", "2023-03")),
    ],
)
def test_api_answers_carry_the_coverage_of_their_source(app, path, source, loaded, within):
    client = app.server.test_client()
    body = client.get(f"/api/v1{path}").get_json()
    assert body["coverage"] == [
        {
            "source": source,
            "first_period": loaded[0],
            "last_period": loaded[1],
            "first_in_filters": within[0],
            "last_in_filters": within[1],
        }
    ]
    separator = "&" if "?" in path else "?"
    csv_text = client.get(f"/api/v1{path}{separator}format=csv").get_data(as_text=True)
    assert f"# coverage: {source} loaded {loaded[0]} to {loaded[1]}, within the filters " in csv_text


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("admin1", ("MLI-2690",), "admin-1 region"),
        ("gender", ("male",), "gender"),
        ("nationality", ("CIV",), "nationality"),
    ],
)
def test_every_card_applies_a_filter_or_says_on_its_face_that_it_does_not(
    request_context, service, name, value, words
):
    before = cards(service, Filters(region=REGION))
    after = cards(service, dataclasses.replace(Filters(region=REGION), **{name: value}))
    for title, card in after.items():
        if card.value == before[title].value:
            assert f"Not filtered by {words}" in card.not_applied, title
        else:
            assert words not in card.not_applied, title
    assert any(card.value != before[title].value for title, card in after.items())


def test_movements_are_filtered_by_the_admin1_region_the_site_list_gives_each_fmp(request_context, service):
    agadez = cards(service, Filters(region=REGION, admin1=("NER-800",)))["Movements through FMPs"]
    assert agadez.value == f"{FMP_SITES_MOVEMENTS:,}"
    assert agadez.detail.startswith("counted at 2 flow monitoring points")
    assert agadez.not_applied == ""
    zinder = cards(service, Filters(region=REGION, admin1=("NER-92",)))["Movements through FMPs"]
    assert zinder.value == "0"
    assert zinder.detail.startswith("no flow monitoring point counted movements in these filters")


def test_chart_notes_of_flows_and_deaths_name_the_filters_they_do_not_apply(request_context, service):
    filters = Filters(region=REGION, gender=("female",), age_group=("18-24",))
    panels = [
        *flows.build(service, filters, {}).values(),
        *deaths.build(service, filters, {}).values(),
    ]
    for panel in panels:
        assert "Not filtered by gender, age group: only 4Mi interviews can be filtered by them." in panel.note
    assert "Not filtered" not in share_panel(service, "driver", filters, "Drivers").note
