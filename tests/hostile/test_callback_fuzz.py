"""Crafted values for every server callback of the app are answered, never with a server error.

The callbacks are read from the app's own ``/_dash-dependencies``; each input, and each state,
is sent values a browser would never send (wrong types, nested objects, huge texts, unknown codes,
months outside the data) as a POST to ``/_dash-update-component``, like a hand-made request.
The answer is 200 (the outputs, a filter bar saying why a value was refused) or 204 (nothing to
update), never 500.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

CRAFTED = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.just("x" * 200_000),
    st.sampled_from(["1000-01", "0000-01", "9999-12", "2099-12", "1900-01", "2023-13", "zz", "ZZZ", "?a=b"]),
    st.lists(st.one_of(st.text(max_size=5), st.integers(), st.none()), max_size=4),
    st.lists(st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2), max_size=2),
    st.dictionaries(
        st.text(max_size=5), st.recursive(st.text(max_size=5), lambda c: st.lists(c, max_size=2)), max_size=3
    ),
)


def _concrete(identity: str) -> Any:
    """A component id of the dependency list, wildcards (``["ALL"]``, ``["MATCH"]``) given a value."""
    if not identity.startswith("{"):
        return identity
    parsed = json.loads(identity)
    return {key: "overview" if isinstance(value, list) else value for key, value in parsed.items()}


def _pattern(identity: str) -> bool:
    """An id matching every component of a pattern (``ALL``): its values and outputs are lists."""
    return '["ALL"]' in identity or '["ALLSMALLER"]' in identity


def _outputs(output: str) -> list[Any]:
    """The outputs of a dependency as a request names them (one concrete id for a pattern)."""
    parts = output.removeprefix("..").removesuffix("..").split("...") if output.startswith("..") else [output]
    found = []
    for part in parts:
        identity, _dot, prop = part.split("@")[0].rpartition(".")
        item = {"id": _concrete(identity), "property": prop}
        found.append([item] if _pattern(identity) else item)
    return found


def _body(dependency: dict[str, Any], values: list[Any]) -> dict[str, Any]:
    """A ``/_dash-update-component`` request giving the dependency's inputs, then its states, ``values``."""
    entries = [*dependency["inputs"], *dependency["state"]]
    items = []
    for entry, value in zip(entries, values, strict=True):
        item = {"id": _concrete(entry["id"]), "property": entry["property"], "value": value}
        items.append([item] if _pattern(entry["id"]) else item)
    outputs = _outputs(dependency["output"])
    return {
        "output": dependency["output"],
        "outputs": outputs if dependency["output"].startswith("..") else outputs[0],
        "inputs": items[: len(dependency["inputs"])],
        "state": items[len(dependency["inputs"]) :],
        "changedPropIds": [f"{entries[0]['id']}.{entries[0]['property']}"],
    }


@pytest.fixture(scope="module")
def dependencies(client) -> list[dict[str, Any]]:
    listed = client.get("/_dash-dependencies").get_json()
    return [d for d in listed if d.get("clientside_function") is None]


def test_the_app_has_server_callbacks_to_try(dependencies):
    assert len(dependencies) >= 20


def test_every_callback_answers_crafted_values_without_a_server_error(client, dependencies):
    failures = []

    @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(data=st.data())
    def answer(data):
        for dependency in dependencies:
            count = len(dependency["inputs"]) + len(dependency["state"])
            values = data.draw(st.lists(CRAFTED, min_size=count, max_size=count))
            response = client.post("/_dash-update-component", json=_body(dependency, values))
            if response.status_code not in (200, 204):
                failures.append((dependency["output"][:80], str(values)[:200], response.status_code))

    answer()
    assert not failures, "\n".join(map(str, dict.fromkeys(failures)))


@pytest.mark.parametrize("width", [float("inf"), float("-inf"), 1e308, -(2**63)])
def test_a_window_width_no_browser_has_is_answered_without_a_server_error(client, dependencies, width):
    panels = [
        d
        for d in dependencies
        if d["output"].startswith('..{"page":"overview"') and "panel-graph" in d["output"]
    ]
    assert panels, "the overview has no panel callback to try"
    for dependency in panels:
        names = [entry["id"] for entry in [*dependency["inputs"], *dependency["state"]]]
        values = [width if name == "viewport-width" else None for name in names]
        body = json.dumps(_body(dependency, values), allow_nan=True)
        response = client.post("/_dash-update-component", data=body, content_type="application/json")
        assert response.status_code in (200, 204), (width, response.status_code)


def test_an_unknown_trend_indicator_is_answered_without_a_server_error(client, dependencies):
    trends = [
        d
        for d in dependencies
        if d["output"].startswith('..{"page":"trends"') and "panel-graph" in d["output"]
    ]
    assert trends, "the trends page has no panel callback to try"
    for dependency in trends:
        entries = [*dependency["inputs"], *dependency["state"]]
        values = [
            "no-such-indicator" if '"name":"indicator"' in str(entry["id"]) else None for entry in entries
        ]
        response = client.post("/_dash-update-component", json=_body(dependency, values))
        assert response.status_code in (200, 204), response.status_code
