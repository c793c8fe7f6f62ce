"""Periods stay within the loaded data, and a filter value no control offers is refused by name.

A link may name any month from 1900 to 2099: the page shows the view narrowed to the months the
data covers and says so, and the period lists never hold more months than the data. A hand-made
callback request giving the filter bar values of the wrong type or unknown codes is answered with
the bad-parameter message in the filter bar.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators.filters import Filters, clamp_periods
from layouts import ids
from panels.filters import period_options
from tests.conftest import config_of
from tests.hostile.test_callback_fuzz import _body
from view_data import ViewData

REGION = "west-north-africa"
MONTH = st.builds("{:04d}-{:02d}".format, st.integers(1900, 2099), st.integers(1, 12))


def _examples_months() -> list[str]:
    """The months of the example files, read from the files themselves (the MMP export's dates, the others' months)."""
    from tests.conftest import EXAMPLES

    mmp = pd.read_csv(EXAMPLES / "mmp_current_export.csv", dtype=str)["Incident Date"].str[:7]
    fmp = pd.read_csv(EXAMPLES / "fmp_example.csv", dtype=str)["t"].str[:7]
    fourmi = pd.read_csv(EXAMPLES / "4mi_example.csv", dtype=str)["period"]
    demographics = pd.read_csv(EXAMPLES / "fmp_demographics_example.csv", dtype=str).iloc[:, 0].str[:7]
    return sorted({*mmp, *fmp, *fourmi, *demographics})


@given(MONTH, MONTH, st.lists(MONTH, min_size=1, max_size=5))
def test_a_clamped_period_lies_within_the_data_and_keeps_its_order(start, end, months):
    start, end = sorted((start, end))
    inside, moved = clamp_periods(Filters(period_from=start, period_to=end), months)
    assert min(months) <= inside.period_from <= inside.period_to <= max(months)
    assert set(moved) == {
        name for name, value in (("period_from", start), ("period_to", end)) if getattr(inside, name) != value
    }


def test_without_data_no_period_applies():
    inside, moved = clamp_periods(Filters(period_from="2023-01", period_to="2023-02"), [])
    assert (inside.period_from, inside.period_to, moved) == (None, None, ("period_from", "period_to"))


@pytest.fixture(scope="module")
def service(dash_app, loaded_sqlite) -> ViewData:
    del dash_app
    return ViewData.for_config(config_of(loaded_sqlite))


def test_the_period_list_never_holds_more_months_than_the_data(dash_app, service):
    first, last = _examples_months()[0], _examples_months()[-1]
    span = pd.period_range(first, last, freq="M").strftime("%Y-%m").tolist()
    with dash_app.server.test_request_context("/"):
        wide = period_options(service, Filters(region=REGION, period_from="1900-01", period_to="2099-12"))
    assert [option["value"] for option in wide] == span


def _sync_filters(client, search: str, values: dict[str, Any] | None = None) -> dict[str, Any]:
    """The filter bar's answer to ``search`` (a link opened) or, with ``values``, to its controls changed."""
    listed = client.get("/_dash-dependencies").get_json()
    dependency = next(d for d in listed if f"{ids.FILTER_ERROR}.children" in d["output"])
    names = [entry["id"] for entry in dependency["inputs"]]
    given = [search, None, *[None] * (len(names) - 2), None]
    for name, value in (values or {}).items():
        given[next(i for i, n in enumerate(names) if f'"parameter":"{name}"' in n)] = value
    body = _body(dependency, given)
    if values:
        changed = next(n for n in names if f'"parameter":"{next(iter(values))}"' in n)
        body["changedPropIds"] = [f"{changed}.value"]
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_json()["response"]


def _period_from(answer: dict[str, Any]) -> dict[str, Any]:
    return answer[json.dumps({"parameter": "period_from", "type": "filter"}, separators=(",", ":"))]


def test_a_link_with_a_period_wider_than_the_data_shows_the_data_and_says_so(client):
    months = _examples_months()
    answer = _sync_filters(client, "?period_from=1900-01&period_to=2099-12")
    assert answer[ids.FILTER_STATE]["data"].endswith(f"period_from={months[0]}&period_to={months[-1]}")
    assert len(_period_from(answer)["options"]) == len(pd.period_range(months[0], months[-1], freq="M"))
    note = json.dumps(answer[ids.FILTER_ERROR]["children"])
    assert "narrowed to the months the data covers" in note


def test_a_link_within_the_data_is_shown_as_it_is_without_a_note(client):
    answer = _sync_filters(client, "?period_from=2023-01&period_to=2023-06")
    assert answer[ids.FILTER_STATE]["data"].endswith("period_from=2023-01&period_to=2023-06")
    assert answer[ids.FILTER_ERROR]["children"] is None


@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({"gender": [{"a": 1}]}, "gender"),
        ({"region": ["west-north-africa"]}, "region"),
        ({"route": "no_such_route"}, "route"),
        ({"period_from": "1000-01"}, "period_from"),
        ({"country": ["x" * 100_000]}, "country"),
    ],
)
def test_a_control_value_no_option_offers_is_refused_by_name(client, values, named):
    answer = _sync_filters(client, f"?region={REGION}", values)
    message = json.dumps(answer[ids.FILTER_ERROR]["children"])
    assert f"{named}: " in message
    assert len(message) < 2_000


def test_the_low_bandwidth_form_shows_a_too_wide_period_narrowed_to_the_data(client):
    months = _examples_months()
    page = client.get("/lite/deaths?period_from=1900-01&period_to=2099-12").get_data(as_text=True)
    selected = re.findall(r'<option value="(\d{4}-\d{2})" selected>', page)
    assert selected == [months[0], months[-1]]
