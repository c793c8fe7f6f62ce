"""The read-only API reconciles with pandas on the example files and never leaks a hidden value."""

from __future__ import annotations

import io
import json
import math
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.api import PREFIX
from data_access.queries import DEATH_DIMENSIONS, FLOW_DIMENSIONS, FOURMI_DIMENSIONS
from indicators.engine import FOURMI_MEASURES
from indicators.filters import PARAMS, Filters

CELL = [
    "period", "country_of_interview", "region_of_interview", "location", "route",
    "gender", "age_group", "nationality",
]  # fmt: skip
MIN_BASE, MIN_COUNT = 20, 5
EXAMPLE_CAUSE_CATEGORIES = {  # the example export's cause texts and MMP's category of each
    "Harsh environmental conditions / lack of adequate shelter, food, water": "environment",
    "Drowning": "drowning",
    "Violence": "violence",
    "Mixed or unknown": "mixed_unknown",
}


def get_json(client, path: str, status: int = 200) -> dict:
    response = client.get(PREFIX + path)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return response.get_json()


def get_csv(client, path: str) -> tuple[list[str], pd.DataFrame]:
    response = client.get(PREFIX + path)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    comments = [line for line in text.splitlines() if line.startswith("#")]
    data = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    return comments, pd.read_csv(io.StringIO(data), dtype=str, keep_default_na=False)


def csv_text(value: object) -> str:
    """How the CSV answer writes a JSON value (blank for null, lower-case booleans)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def assert_csv_carries_the_json_answer(client, path: str) -> pd.DataFrame:
    """The CSV answer of ``path`` has the JSON answer's columns, rows, numbers and sources; returns it."""
    body = get_json(client, path)
    rows = body["rows"] if "rows" in body else body["datasets"]
    assert rows, path
    separator = "&" if "?" in path else "?"
    comments, table = get_csv(client, f"{path}{separator}format=csv")
    assert list(table.columns) == list(rows[0]), path
    assert len(table) == len(rows), path
    for json_row, csv_row in zip(rows, table.to_dict("records"), strict=True):
        for column, value in json_row.items():
            if isinstance(value, float):
                assert float(csv_row[column]) == value, (path, column)
            else:
                assert csv_row[column] == csv_text(value), (path, column)
    for source in body.get("sources", rows):
        assert any(source["file_name"] in line and source["sha256"] in line for line in comments), path
    return table


def fourmi_source(examples) -> pd.DataFrame:
    return pd.read_csv(examples / "4mi_example.csv", dtype={"route": str}, keep_default_na=False)


def expected_shares(source: pd.DataFrame, indicator: str, by: list[str]) -> pd.DataFrame:
    """Respondents per category and ``by`` group; base summed over the distinct cells of each group."""
    rows = source[source["indicator"] == indicator]
    base = rows.drop_duplicates([*CELL, "indicator"]).groupby(by)["base"].sum()
    chosen = rows.groupby(["category", *by])["respondents"].sum()
    table = chosen.reset_index().merge(base.reset_index(), on=by)
    return table.assign(share=table["respondents"] / table["base"]).set_index(["category", *by])


def nearest_five(count: float) -> int:
    """The nearest multiple of 5, halves up (7 -> 5, 8 -> 10): how the rule publishes a count."""
    return 5 * math.floor(count / 5 + 0.5)


def numbers_in(value: object) -> list[float]:
    """Every number anywhere in a parsed JSON document."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return []
    if isinstance(value, int | float):
        return [value]
    items = value.values() if isinstance(value, dict) else value
    return [number for item in items for number in numbers_in(item)]


def test_driver_shares_by_gender_match_pandas_where_visible(client, examples):
    body = get_json(client, "/4mi/driver?by=gender")
    expected = expected_shares(fourmi_source(examples), "driver", ["gender"])
    visible = [row for row in body["rows"] if not row["suppressed"]]
    assert visible
    for row in visible:
        key = (row["category"], row["gender"])
        respondents = nearest_five(expected["respondents"].get(key, 0))
        base = nearest_five(expected.xs(row["gender"], level="gender")["base"].iloc[0])
        assert (row["respondents"], row["base"]) == (respondents, base)
        assert row["share"] == pytest.approx(respondents / base, abs=1e-6)
        assert row["ci_low"] <= row["share"] <= row["ci_high"]
    _comments, table = get_csv(client, "/4mi/driver?by=gender&format=csv")
    shown = table[table["suppressed"] == "false"]
    assert len(shown) == len(visible)
    for row in shown.itertuples():
        respondents = nearest_five(expected["respondents"].get((row.category, row.gender), 0))
        base = nearest_five(expected.xs(row.gender, level="gender")["base"].iloc[0])
        assert (int(row.respondents), int(row.base)) == (respondents, base)
        assert float(row.share) == pytest.approx(respondents / base, abs=1e-6)


@pytest.mark.parametrize(
    "path",
    [
        "/4mi/driver?by=gender",
        "/4mi/incident_place?by=place,period",
        "/flows?by=fmp,direction",
        "/flows?by=sex,age",
        "/deaths?by=year,cause",
        "/datasets",
    ],
)
def test_csv_answer_carries_the_numbers_of_the_json_answer(client, path):
    assert_csv_carries_the_json_answer(client, path)


def test_filtered_shares_match_pandas(client, examples):
    body = get_json(client, "/4mi/driver?country=NER&period_from=2023-03&period_to=2023-03&by=age_group")
    source = fourmi_source(examples)
    source = source[(source["country_of_interview"] == "NER") & (source["period"] == "2023-03")]
    expected = expected_shares(source, "driver", ["age_group"])
    economic = {row["age_group"]: row for row in body["rows"] if row["category"] == "economic"}
    assert set(economic) == {"18-24", "25-34"}
    for age_group, row in economic.items():
        assert row["suppressed"] is False
        exact = expected.loc[("economic", age_group)]
        assert abs(row["respondents"] - exact["respondents"]) <= 2 and row["respondents"] % 5 == 0
        assert abs(row["base"] - exact["base"]) <= 2 and row["base"] % 5 == 0
    assert body["filters"] | {"country": ["NER"]} == body["filters"]
    assert body["filters"]["period_from"] == body["filters"]["period_to"] == "2023-03"


def test_every_shown_cell_respects_the_thresholds(client):
    seen = set()
    for path in ["/4mi/driver?by=gender", "/4mi/incident_place?by=place", "/4mi/driver?by=route,age_group"]:
        rows = get_json(client, path)["rows"]
        assert rows, path
        for row in rows:
            seen.add(row["suppressed"])
            if row["suppressed"]:
                assert [row[m] for m in ("respondents", "base", "share", "ci_low", "ci_high")] == [None] * 5
            else:
                assert row["base"] >= MIN_BASE
                assert row["respondents"] % 5 == 0 and row["base"] % 5 == 0
                assert not 1 <= row["respondents"] < MIN_COUNT
    assert seen == {True, False}  # both kinds of cell were checked


def test_hidden_cells_are_null_and_no_exact_count_appears(client, examples):
    body = get_json(client, "/4mi/driver?by=gender")
    rows = {(row["category"], row["gender"]): row for row in body["rows"]}
    expected = expected_shares(fourmi_source(examples), "driver", ["gender"])
    # Gender "other": 3 respondents asked, so every driver of theirs is hidden.
    assert expected.loc[("environmental", "other"), "base"] == 3
    assert rows[("environmental", "other")]["suppressed"] is True
    assert (
        rows[("environmental", "other")]["respondents"] is None
        and rows[("environmental", "other")]["share"] is None
    )
    # Women's economic driver: 39 of 44 asked, published as 40 of 45, with the share of those.
    women = rows[("economic", "female")]
    assert (
        expected.loc[("economic", "female"), "respondents"],
        expected.loc[("economic", "female"), "base"],
    ) == (
        39,
        44,
    )
    assert (women["respondents"], women["base"]) == (40, 45)
    assert women["share"] == pytest.approx(40 / 45, abs=1e-6)
    shown = numbers_in(body["rows"])
    assert 39 not in shown and 44 not in shown
    assert f"{39 / 44:.6f}"[:7] not in json.dumps(body)

    comments, table = get_csv(client, "/4mi/driver?by=gender&format=csv")
    hidden_rows = table[table["suppressed"] == "true"]
    assert not hidden_rows.empty
    assert (hidden_rows[list(FOURMI_MEASURES)] == "").all().all()
    values = set(table.drop(columns=["category", "gender"]).to_numpy().ravel())
    assert values.isdisjoint({"39", "44", "39.0", "44.0"})
    assert any(line.startswith("# disclosure: Counts are rounded to the nearest 5") for line in comments)


def test_answers_state_which_rule_applied_to_each_measure(client):
    fourmi = get_json(client, "/4mi/driver")["disclosure"]
    assert (fourmi["round_to"], fourmi["min_count"], fourmi["min_base"]) == (5, MIN_COUNT, MIN_BASE)
    assert set(fourmi["measures"].values()) == {"rounded"}
    flows = get_json(client, "/flows")["disclosure"]["measures"]
    assert flows["individuals"] == "exact" and flows["minors"] == "rounded" and flows["uac"] == "rounded"
    by_sex = get_json(client, "/flows?by=sex")["disclosure"]["measures"]
    assert by_sex["individuals"] == "rounded"
    deaths = get_json(client, "/deaths")["disclosure"]["measures"]
    assert set(deaths.values()) == {"exact"}


def test_a_breakdown_by_more_than_three_dimensions_is_refused(client):
    body = get_json(client, "/4mi/driver?by=gender,age_group,period,route", status=400)
    assert body["error"]["parameter"] == "by"
    assert "at most 3" in body["error"]["message"]


def test_flows_by_site_and_direction_match_pandas(client, examples):
    body = get_json(client, "/flows?by=fmp,direction")
    source = pd.read_csv(examples / "fmp_example.csv")
    source["direction"] = "transit"
    source.loc[source["from"] == source["fmp_country"], "direction"] = "outgoing"
    source.loc[source["to"] == source["fmp_country"], "direction"] = "incoming"
    source["period"] = source["t"].str[:7]
    keys = ["fmp", "direction"]
    individuals = source.groupby(keys)["n"].sum()
    site_days = source.groupby([*keys, "period", "route", "from", "to"])["t"].nunique()
    days = site_days.groupby([*keys, "period"]).max().groupby(keys).sum()
    assert len(body["rows"]) == len(individuals)
    for row in body["rows"]:
        key = (row["fmp"], row["direction"])
        assert row["suppressed"] is False
        assert row["individuals"] == individuals[key]
        assert row["days"] == days[key]
        assert row["daily_average"] == pytest.approx(individuals[key] / days[key])


def test_minors_shown_only_without_small_counts(client, examples):
    body = get_json(client, "/flows?by=fmp")
    rows = {row["fmp"]: row for row in body["rows"]}
    demographics = pd.read_csv(examples / "fmp_demographics_example.csv")
    minors = demographics[demographics["age"] == "under 18"]
    arlit = minors[minors["fmp"] == "ner-arlit"]
    arlit_all = demographics.loc[demographics["fmp"] == "ner-arlit", "n"].sum()
    assert rows["ner-arlit"]["minors"] == nearest_five(arlit["n"].sum())
    assert rows["ner-arlit"]["uac"] == nearest_five(arlit["uac"].sum())
    # 9 people counted by sex and age at Arlit, all minors: published 10 minors, and no share on a base under 20.
    assert (arlit["n"].sum(), arlit_all) == (9, 9)
    assert rows["ner-arlit"]["share_minors"] is None
    seguedine_uac = minors.loc[minors["fmp"] == "ner-seguedine", "uac"].sum()
    assert 1 <= seguedine_uac < MIN_COUNT
    assert [rows["ner-seguedine"][m] for m in ("minors", "share_minors", "uac", "share_uac")] == [None] * 4


def test_flows_by_sex_and_age_are_rounded_and_a_small_group_hidden(client, examples):
    body = get_json(client, "/flows?by=sex,age")
    demographics = pd.read_csv(examples / "fmp_demographics_example.csv")
    expected = demographics.groupby(["sex", "age"])["n"].sum()
    assert 1 <= expected[("female", "under 18")] < MIN_COUNT
    for row in body["rows"]:
        exact = expected[(row["sex"], row["age"])]
        if row["suppressed"]:
            assert row["individuals"] is None and 1 <= exact < MIN_COUNT
        else:
            assert row["individuals"] == nearest_five(exact)
    hidden = [row for row in body["rows"] if row["suppressed"]]
    assert len(hidden) == 1
    shown = numbers_in(body["rows"])
    assert not any(
        expected[(row["sex"], row["age"])] in shown for row in hidden if expected[(row["sex"], row["age"])]
    )


def test_deaths_by_year_and_cause_match_pandas(client, examples):
    source = pd.read_csv(examples / "mmp_current_export.csv", encoding="utf-8-sig")
    source["category"] = source["Cause of Death"].map(EXAMPLE_CAUSE_CATEGORIES)
    assert source["category"].notna().all()
    for by, column in [("year", "Incident Year"), ("cause", "category")]:
        body = get_json(client, f"/deaths?by={by}")
        groups = source.groupby(column)
        assert {row[by]: row["incidents"] for row in body["rows"]} == groups.size().to_dict()
        for measure, source_column in [
            ("dead", "Number of Dead"),
            ("missing", "Minimum Estimated Number of Missing"),
            ("dead_and_missing", "Total Number of Dead and Missing"),
        ]:
            expected = groups[source_column].sum(min_count=1)
            for row in body["rows"]:
                total = expected[row[by]]
                assert row[measure] == (None if pd.isna(total) else total)
    assert set(body["disclosure"]["measures"].values()) == {"exact"}


def test_country_filter_applies_to_deaths_and_other_filters_are_reported_unapplied(client, examples):
    body = get_json(client, "/deaths?country=NER&gender=female")
    source = pd.read_csv(examples / "mmp_current_export.csv", encoding="utf-8-sig")
    niger = source[source["Country of Incident"] == "Niger"]
    assert body["rows"][0]["incidents"] == len(niger)
    assert body["filters_not_applied"] == ["gender"]


def test_sources_list_datasets_with_synthetic_flag(client):
    fourmi = get_json(client, "/4mi/driver")["sources"]
    assert [(s["kind"], s["file_name"], s["synthetic"]) for s in fourmi] == [("4mi", "4mi_example.csv", True)]
    flow_sources = get_json(client, "/flows")["sources"]
    assert {(s["kind"], s["synthetic"]) for s in flow_sources} == {
        ("fmp", False),
        ("fmp-demographics", False),
    }
    assert all(s["credit"] and s["licence"] and len(s["sha256"]) == 64 for s in fourmi + flow_sources)
    listed = get_json(client, "/datasets")["datasets"]
    assert {(d["kind"], d["synthetic"]) for d in listed} == {
        ("4mi", True), ("fmp", False), ("fmp-demographics", False), ("mmp", False)
    }  # fmt: skip


def test_csv_starts_with_credits_and_a_synthetic_warning(client):
    comments, table = get_csv(client, "/4mi/smuggler_used?format=csv&by=gender")
    assert any("Mixed Migration Centre" in line and "4mi_example.csv" in line for line in comments)
    assert any("synthetic" in line.lower() and "WARNING" in line for line in comments)
    assert list(table.columns) == ["category", "gender", *FOURMI_MEASURES, "suppressed"]
    flow_comments, _ = get_csv(client, "/flows?format=csv")
    assert any("fmp_example.csv" in line for line in flow_comments)
    assert not any("WARNING" in line for line in flow_comments)


def test_successful_answers_may_be_cached_for_five_minutes(client):
    for path in ["/deaths", "/4mi/driver?format=csv", "/datasets", "/openapi.json"]:
        assert client.get(PREFIX + path).headers["Cache-Control"] == "public, max-age=300", path
    refused = client.get(PREFIX + "/deaths?by=colour")
    assert refused.status_code == 400
    assert "max-age" not in refused.headers.get("Cache-Control", "")


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/flows?colour=red", "colour"),
        ("/4mi/driver?gender=unknown", "gender"),
        ("/4mi/driver?route=nowhere", "route"),
        ("/deaths?country=ner", "country"),
        ("/flows?region=mars", "region"),
        ("/flows?region=europe", "region"),
        ("/4mi/driver?lang=xx", "lang"),
        ("/datasets?lang=xx", "lang"),
        ("/4mi/driver?period_from=2023-13", "period_from"),
        ("/flows?period_from=2023-05&period_to=2023-01", "period_to"),
        ("/deaths?period_to=May", "period_to"),
        ("/flows?period_from=0000-01", "period_from"),
        ("/4mi/driver?period_to=9999-12", "period_to"),
        ("/4mi/driver?by=colour", "by"),
        ("/flows?by=gender", "by"),
        ("/deaths?by=year,fmp", "by"),
        ("/4mi/driver?by=gender&by=year", "by"),
        ("/4mi/no_such_indicator", "indicator"),
        ("/flows?format=xml", "format"),
        ("/datasets?format=pdf", "format"),
        ("/datasets?country=NER", "country"),
        ("/deaths?region=a,b", "region"),
        ("/4mi/driver?" + "&".join(f"x{i}=1" for i in range(300)), "query"),
    ],
)
def test_bad_parameter_is_a_400_naming_it(client, path, parameter):
    body = get_json(client, path, status=400)
    assert body["error"]["parameter"] == parameter
    assert body["error"]["message"]


def test_bad_region_message_names_the_value_and_the_regions(client):
    message = get_json(client, "/flows?region=europe", status=400)["error"]["message"]
    assert message == "'europe' is not a known value (expected one of east-africa-yemen, west-north-africa)"


@pytest.mark.parametrize(
    "path", ["/4mi/driver?by=gender", "/flows?by=period", "/deaths?by=year", "/datasets"]
)
def test_the_interface_language_of_a_link_is_accepted_and_changes_no_number(client, path):
    separator = "&" if "?" in path else "?"
    assert get_json(client, f"{path}{separator}lang=fr") == get_json(client, path)


# Each endpoint with the dimensions its source has: 4Mi cells carry a place only for incident_place
# and a perpetrator only for incident_perpetrator (other indicators give no rows by those).
BREAKDOWNS = {
    "/4mi/incident_perpetrator": [d for d in FOURMI_DIMENSIONS if d != "place"],
    "/4mi/incident_place": [d for d in FOURMI_DIMENSIONS if d != "perpetrator"],
    "/4mi/intended_destination": [d for d in FOURMI_DIMENSIONS if d not in ("place", "perpetrator")],
    "/flows": list(FLOW_DIMENSIONS),
    "/deaths": list(DEATH_DIMENSIONS),
}
# Several dimensions at once (the API takes at most 3 besides the category).
COMBINED = {
    "/4mi/incident_perpetrator": "perpetrator,gender,age_group",
    "/4mi/incident_place": "place,period,nationality",
    "/4mi/intended_destination": "category,admin1,location,year",
    "/flows": "period,fmp,direction",
    "/deaths": "year,route,cause",
}


def test_breakdowns_cover_every_dimension():
    fourmi = {d for path, dims in BREAKDOWNS.items() if path.startswith("/4mi/") for d in dims}
    assert fourmi == set(FOURMI_DIMENSIONS)
    assert set(BREAKDOWNS["/flows"]) == set(FLOW_DIMENSIONS)
    assert set(BREAKDOWNS["/deaths"]) == set(DEATH_DIMENSIONS)


@pytest.mark.parametrize("path", BREAKDOWNS)
def test_every_breakdown_dimension_answers_in_json_and_csv(client, path):
    for dimension in BREAKDOWNS[path]:
        query = f"{path}?by={dimension}" + ("&route=central_med_niger" if dimension == "segment" else "")
        rows = get_json(client, query)["rows"]
        assert rows, (path, dimension)
        assert all(dimension in row for row in rows)
        assert_csv_carries_the_json_answer(client, query)
    table = assert_csv_carries_the_json_answer(client, f"{path}?by={COMBINED[path]}")
    assert set(COMBINED[path].split(",")) <= set(table.columns)


def test_filters_matching_nothing_give_no_rows(client):
    for path in [
        "/4mi/driver?country=SEN",
        "/4mi/driver?country=SEN&by=gender",
        "/deaths?country=SEN&by=year",
    ]:
        assert get_json(client, path)["rows"] == []
    assert get_json(client, "/flows?country=SEN")["rows"][0]["individuals"] == 0


FUZZ_VALUES = st.sampled_from(
    ["", "NER", "ner", "2023-03", "2024-00", "female", "central_med_niger", "west-north-africa",
     "gender,year", "csv", "json", "NER-800", "%00", "a" * 80, " , ", "é", "45+", "18-24"]
)  # fmt: skip
FUZZ_NAMES = st.sampled_from([*PARAMS, "by", "format", "lang", "x"])


@settings(max_examples=40, deadline=None)
@given(
    path=st.sampled_from(["/4mi/driver", "/4mi/incident_place", "/flows", "/deaths", "/datasets"]),
    params=st.lists(st.tuples(FUZZ_NAMES, FUZZ_VALUES), max_size=4),
)
def test_no_query_string_gives_a_server_error(client, path, params):
    response = client.get(PREFIX + path, query_string=params)
    assert response.status_code in (200, 400)
    body = response.get_json() if response.mimetype == "application/json" else None
    if response.status_code == 400:
        assert body["error"]["parameter"] in {*PARAMS, "by", "format", "lang", "x", "query"}


def test_openapi_document_describes_every_route(client, app):
    document = json.loads(client.get(PREFIX + "/openapi.json").get_data(as_text=True))
    assert document["openapi"].startswith("3.1")
    routes = {
        re.sub(r"<(\w+)>", r"{\1}", rule.rule.removeprefix(PREFIX))
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(PREFIX + "/")
    }
    assert routes == set(document["paths"])
    for path, dimensions in [("/4mi/{indicator}", FOURMI_DIMENSIONS), ("/flows", FLOW_DIMENSIONS)]:
        parameters = {p["name"]: p for p in document["paths"][path]["get"]["parameters"]}
        assert set(parameters) >= {*PARAMS, "by", "format", "lang"}
        assert parameters["by"]["schema"]["items"]["enum"] == list(dimensions)
    refs = re.findall(r'"\$ref": "#/([^"]+)"', json.dumps(document))
    assert refs
    for ref in refs:
        node = document
        for part in ref.split("/"):
            node = node[part]


def test_cached_answers_are_copies(app, service):
    with app.app_context():
        first = service.fourmi("driver", Filters(), ("gender",))
        assert not first.rows.empty
        first.rows.loc[:, "respondents"] = 999
        first.sources[0]["credit"] = "changed"
        again = service.fourmi("driver", Filters(), ("gender",))
    assert not (again.rows["respondents"] == 999).any()
    assert again.sources[0]["credit"] != "changed"


def test_vocabulary_accepts_stored_and_boundary_admin1_codes(app, service):
    with app.app_context():
        vocabulary = service.vocabulary()
    assert {"BFA-2799|BFA-2800|BFA-2834", "NER-800", "BFA-2799"} <= vocabulary.admin1
    assert "central_med_niger" in vocabulary.routes
    assert vocabulary.genders == {"female", "male", "other"}
    assert "NER" in vocabulary.countries and vocabulary.regions == {"east-africa-yemen", "west-north-africa"}
