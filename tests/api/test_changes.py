"""/api/v1/changes and the changes behind it, against a pandas computation on the demo files.

The expected values are computed here from the generated CSV files with the documented rule
(docs/disclosure.md: counts rounded to the nearest 5, 1-4 hidden, shares from the rounded counts on
rounded bases of at least 20; movements exact) and the change levels of indicators/change.py's table.
Flows by route and deaths follow the route rule and the MMP importer's place matching, which are not
redone here; their rows are checked for the ranking and the guard only.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pandas as pd
import pytest
from dash import Dash
from flask.testing import FlaskClient
from sqlalchemy import Engine

from core.config import DATA_DIR
from dashboard.api import CHANGE_FIELDS, PREFIX
from data_access.reference import Reference
from indicators.filters import Filters
from indicators.trends import parse_period
from tests.conftest import config_of, dashboard_app, sqlite_engine
from tests.trends_demo import PROFILE, load_demo_files
from view_data import ViewData

CELL = [
    "period", "country_of_interview", "region_of_interview", "location", "route", "gender", "age_group",
    "nationality",
]  # fmt: skip
FOURMI_PLACES = {"region": None, "route": "route", "country": "country_of_interview"}
FLOW_PLACES = {"region": None, "country": "fmp_country"}
KEYS = ["indicator", "category", "dimension", "place"]
PERIODS = [("2019-03", "previous"), ("2019-Q1", "year")]  # a month and a quarter, either comparison


@pytest.fixture(scope="module")
def demo(
    tmp_path_factory: pytest.TempPathFactory, migrated_sqlite_file: Path, reference: Reference
) -> Iterator[tuple[Engine, dict[str, Path]]]:
    """A database with fifteen months of demo files loaded through the importers, and the files."""
    folder = tmp_path_factory.mktemp("trends")
    engine = sqlite_engine(folder / "demo.sqlite", migrated_sqlite_file)
    yield engine, load_demo_files(engine, folder / "files", reference)
    engine.dispose()


@pytest.fixture(scope="module")
def dash_app(demo: tuple[Engine, dict[str, Path]]) -> Iterator[Dash]:
    yield from dashboard_app(demo[0])


@pytest.fixture(scope="module")
def client(dash_app: Dash) -> FlaskClient:
    return dash_app.server.test_client()


@pytest.fixture(scope="module")
def service(demo: tuple[Engine, dict[str, Path]], dash_app: Dash) -> ViewData:
    del dash_app
    return ViewData.for_config(config_of(demo[0]))


@pytest.fixture(scope="module")
def cells(demo: tuple[Engine, dict[str, Path]]) -> pd.DataFrame:
    frame = pd.read_csv(demo[1]["4mi"], dtype=str, keep_default_na=False)
    return frame.assign(respondents=frame["respondents"].astype(int), base=frame["base"].astype(int))


@pytest.fixture(scope="module")
def counts(demo: tuple[Engine, dict[str, Path]]) -> pd.DataFrame:
    frame = pd.read_csv(demo[1]["fmp"], dtype=str, keep_default_na=False)
    return frame.assign(n=frame["n"].astype(int), period=frame["t"].str[:7])


def _rounded(values: pd.Series) -> pd.Series:
    return np.floor(values / 5 + 0.5) * 5


def _months(period: str) -> list[str]:
    parsed = parse_period("period", period)
    return [p.strftime("%Y-%m") for p in pd.period_range(parsed.first, parsed.last, freq="M")]


def fourmi_values(cells: pd.DataFrame, indicator: str, months: list[str], dimension: str) -> pd.DataFrame:
    """Published share and base of each category and place: hidden (NaN) for 1-4 or a rounded base below 20."""
    column = FOURMI_PLACES[dimension]
    rows = cells[(cells["indicator"] == indicator) & cells["period"].isin(months)]
    if column:
        rows = rows[rows[column] != ""]
    place = rows[column] if column else pd.Series("all", index=rows.index)
    rows = rows.assign(place=place)
    bases = rows.groupby([*CELL, "place"])["base"].max().groupby("place").sum()
    chosen = rows.groupby(["place", "category"])["respondents"].sum()
    codebook = pd.read_csv(DATA_DIR / "reference" / "codebook_4mi.csv")
    categories = codebook.loc[codebook["indicator"] == indicator, "category"]
    grid = pd.MultiIndex.from_product([bases.index, categories], names=["place", "category"])
    frame = chosen.reindex(grid, fill_value=0).rename("respondents").reset_index()
    frame["base"] = frame["place"].map(bases)
    small = frame["respondents"].between(1, 4) | frame["base"].between(1, 4) | (_rounded(frame["base"]) < 20)
    frame["value"] = (_rounded(frame["respondents"]) / _rounded(frame["base"])).mask(small)
    frame["base"] = _rounded(frame["base"]).astype(float).mask(small)
    return frame[["category", "place", "value", "base"]]


def flow_values(counts: pd.DataFrame, months: list[str], dimension: str) -> pd.DataFrame:
    """Daily average movements: per month the most days any site-flow was observed, summed over months."""
    column = FLOW_PLACES[dimension]
    rows = counts[counts["period"].isin(months)]
    rows = rows.assign(place=rows[column] if column else "all")
    flows = rows.groupby(["period", "place", "route", "fmp", "from", "to"]).agg(
        n=("n", "sum"), days=("t", "nunique")
    )
    monthly = flows.groupby(["place", "period"]).agg(n=("n", "sum"), days=("days", "max"))
    total = monthly.groupby("place").sum()
    return pd.DataFrame(
        {"category": "all", "place": total.index, "value": total["n"] / total["days"], "base": np.nan}
    ).reset_index(drop=True)


def expected_level(current: float, previous: float, base: float, base_before: float, kind: str) -> str:
    """The level of indicators/change.py's table, written out."""
    if np.isnan(current) or np.isnan(previous):
        return "insufficient_data"
    if kind == "share":
        if not (base >= 20 and base_before >= 20):
            return "insufficient_data"
        change, (low, mid, high) = round(100 * (current - previous), 9), (-10, 5, 10)
    else:
        if current < 5 or previous < 5:
            return "insufficient_data"
        change, (low, mid, high) = 100 * (current / previous - 1), (-25, 10, 25)
    if change > high:
        return "large_increase"
    if change > mid:
        return "moderate_increase"
    return "large_decrease" if change < low else "limited"


def expected_changes(cells: pd.DataFrame, counts: pd.DataFrame, period: str, before: str) -> pd.DataFrame:
    """Every change this module computes independently: 4Mi shares by region, route and country, flows by
    region and country."""
    frames = []
    for indicator, dimensions, kind in [
        ("driver", FOURMI_PLACES, "share"),
        ("incident_type", FOURMI_PLACES, "share"),
        ("flows", FLOW_PLACES, "count"),
    ]:
        for dimension in dimensions:
            now, then = (
                fourmi_values(cells, indicator, _months(p), dimension)
                if kind == "share"
                else flow_values(counts, _months(p), dimension)
                for p in (period, before)
            )
            both = now.merge(then, on=["category", "place"], how="outer", suffixes=("", "_before"))
            both["level"] = [
                expected_level(r.value, r.value_before, r.base, r.base_before, kind)
                for r in both.itertuples()
            ]
            sufficient = both["level"] != "insufficient_data"
            change = (
                100 * (both["value"] - both["value_before"])
                if kind == "share"
                else 100 * (both["value"] / both["value_before"] - 1)
            )
            both["change"] = change.where(sufficient)
            frames.append(both.assign(indicator=indicator, dimension=dimension))
    return pd.concat(frames, ignore_index=True)


@pytest.mark.parametrize(("period", "compare"), PERIODS)
def test_changes_equal_a_pandas_computation_on_the_demo_files(
    dash_app, service, cells, counts, period, compare
):
    with dash_app.server.test_request_context("/"):
        answer = service.changes(Filters(), parse_period("period", period), compare)
    rows = answer.rows
    before = rows["comparison_period"].iloc[0]
    expected = expected_changes(cells, counts, period, before)
    computed = rows[
        rows["indicator"].isin(["driver", "incident_type"])
        | (rows["indicator"] == "flows") & (rows["dimension"] != "route")
    ]
    both = expected.merge(computed, on=KEYS, how="outer", indicator=True)

    assert set(both["_merge"]) == {"both"}, both.loc[both["_merge"] != "both", KEYS].head().to_dict("records")
    pd.testing.assert_series_equal(both["current"], both["value"], check_names=False, atol=1e-9)
    pd.testing.assert_series_equal(both["comparison"], both["value_before"], check_names=False, atol=1e-9)
    pd.testing.assert_series_equal(both["change_x"], both["change_y"], check_names=False, atol=1e-6)
    assert list(both["level_x"]) == list(both["level_y"])
    hidden = both["value"].isna() | both["value_before"].isna()
    assert hidden.any() and (both.loc[hidden, "level_y"] == "insufficient_data").all()
    assert {"large_increase", "large_decrease", "limited"} <= set(both["level_y"])


def test_no_change_is_given_where_a_value_is_hidden_or_the_baseline_too_low(dash_app, service):
    with dash_app.server.test_request_context("/"):
        rows = service.changes(Filters(), parse_period("period", "2019-03"), "previous").rows
    missing = rows["current"].isna() | rows["comparison"].isna()
    low = (rows["unit"] == "pct") & ((rows["current"] < 5) | (rows["comparison"] < 5))
    assert missing.any()
    assert (rows.loc[missing | low, "level"] == "insufficient_data").all()
    assert rows.loc[rows["level"] == "insufficient_data", "change"].isna().all()
    assert set(rows["indicator"]) == {"flows", "incident_type", "driver", "deaths"}
    assert set(rows["dimension"]) == {"region", "route", "country"}


def _get(client: FlaskClient, query: str) -> dict:
    response = client.get(f"{PREFIX}/changes?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return json.loads(response.get_data(as_text=True))


def test_the_api_lists_the_largest_increases_and_decreases_with_the_computed_values(
    client, dash_app, service, cells, counts
):
    body = _get(client, "period=2019-Q1&compare=year&limit=5")
    with dash_app.server.test_request_context("/"):
        rows = service.changes(Filters(), parse_period("period", "2019-Q1"), "year").rows
    scored = rows.assign(size=rows["score"])
    increases = scored[scored["level"].isin(["large_increase", "moderate_increase"])].nlargest(5, "size")
    decreases = scored[scored["level"] == "large_decrease"].nsmallest(5, "size")
    listed = pd.DataFrame(body["rows"])

    assert (body["period"], body["comparison_period"], body["granularity"]) == (
        "2019-Q1",
        "2018-Q1",
        "quarter",
    )
    assert list(listed["direction"]) == ["increase"] * len(increases) + ["decrease"] * len(decreases)
    assert len(increases) == 5 and len(decreases) >= 1
    for direction, expected in (("increase", increases), ("decrease", decreases)):
        shown = listed[listed["direction"] == direction]
        assert shown[KEYS].values.tolist() == expected[KEYS].values.tolist()
    independent = expected_changes(cells, counts, "2019-Q1", "2018-Q1").merge(listed, on=KEYS)
    for row in independent.itertuples():
        assert row.current == pytest.approx(row.value) and row.level_x == row.level_y
    assert body["sources"] and all(
        source["synthetic"] for source in body["sources"] if source["kind"] == "4mi"
    )


def test_each_change_links_to_the_page_showing_it_with_its_place_and_period(client):
    rows = _get(client, "period=2019-03&limit=50&lang=fr")["rows"]
    pages = {"flows": "/flows", "deaths": "/deaths", "incident_type": "/incidents", "driver": "/drivers"}
    assert {row["dimension"] for row in rows} >= {"route", "country"}
    for row in rows:
        link = urlsplit(row["link"])
        query = {key: value[0] for key, value in parse_qs(link.query).items()}
        assert link.path == pages[row["indicator"]]
        assert query["period_to"] == "2019-03" and query["lang"] == "fr"
        assert query["period_from"] == (
            "2019-03" if row["indicator"] in ("driver", "incident_type") else "2019-02"
        )
        if row["dimension"] != "region":
            assert query[row["dimension"]] == row["place"]


def test_labels_follow_the_language_asked_for(client):
    english = _get(client, "period=2019-03&limit=50")["rows"]
    french = _get(client, "period=2019-03&limit=50&lang=fr")["rows"]
    routes = pd.read_csv(PROFILE.directory / "routes.csv").set_index("route_id")
    levels = {
        "large_increase": "forte hausse",
        "moderate_increase": "hausse modérée",
        "large_decrease": "forte baisse",
    }
    assert [row["change"] for row in english] == [
        row["change"] for row in french
    ]  # the numbers do not change
    for row in french:
        assert row["level_label"].startswith(levels[row["level"]])
        if row["dimension"] == "route":
            assert row["place_label"] == routes.loc[row["place"], "name_fr"]
    assert any(row["dimension"] == "route" for row in french)
    assert french[0]["indicator_label"] != english[0]["indicator_label"]


def test_the_csv_holds_the_json_rows_after_its_provenance_lines(client):
    rows = _get(client, "period=2019-Q1&compare=year&limit=3")["rows"]
    response = client.get(f"{PREFIX}/changes?period=2019-Q1&compare=year&limit=3&format=csv")
    text = response.get_data(as_text=True)
    table = pd.read_csv(io.StringIO(text), comment="#", keep_default_na=False)

    assert response.mimetype == "text/csv"
    assert text.startswith("# source: ") and "# WARNING: synthetic" in text
    assert list(table.columns) == list(CHANGE_FIELDS)
    assert table["place"].tolist() == [row["place"] for row in rows]
    assert table["link"].tolist() == [row["link"] for row in rows]


def test_without_a_period_the_latest_complete_month_or_quarter_is_compared(client):
    assert _get(client, "limit=1")["period"] == "2019-03"
    assert _get(client, "limit=1&granularity=quarter&compare=year")["period"] == "2019-Q1"


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("period=2019-13", "period"),
        ("period=2019-Q5", "period"),
        ("period=0000-01", "period"),
        ("period=0001-Q1&compare=year", "period"),
        ("period=2019-Q1&granularity=month", "period"),
        ("granularity=week", "granularity"),
        ("compare=last", "compare"),
        ("limit=0", "limit"),
        ("limit=51", "limit"),
        ("limit=ten", "limit"),
        ("period_from=2019-01", "period_from"),
        ("format=pdf", "format"),
        ("route=nowhere", "route"),
        ("since=2019", "since"),
        ("period=2019-03&period=2019-02", "period"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(client, query, parameter):
    response = client.get(f"{PREFIX}/changes?{query}")
    assert response.status_code == 400
    assert json.loads(response.get_data(as_text=True))["error"]["parameter"] == parameter
