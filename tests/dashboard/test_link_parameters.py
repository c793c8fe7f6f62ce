"""Links with bad parameters show the page with the reason, never a blank page; ``lang`` is carried."""

from __future__ import annotations

import json

import pytest

from layouts import ids
from layouts.filter_bar import filter_id

PAGES_WITH_A_MAP = ["/", "/incidents", "/drivers", "/smugglers", "/flows", "/deaths"]
REFUSED = {  # query string: what the filter bar must say about it
    "?gender=unknown": "gender: 'unknown' is not a known value",
    "?region=europe": "region: 'europe' is not a known value (expected one of east-africa-yemen, west-north-africa)",
    "?lang=xx": "lang: 'xx' is not a language the dashboard offers (expected one of en, fr)",
}


def _prop(component: str | dict[str, str], prop: str) -> str:
    """A property's key as Dash writes it (a dictionary id as compact JSON with sorted keys)."""
    if isinstance(component, dict):
        component = json.dumps(component, sort_keys=True, separators=(",", ":"))
    return f"{component}.{prop}"


def _dash_id(text: str) -> str | dict[str, str]:
    return json.loads(text) if text.startswith("{") else text


def callback_answer(app, output: str, values: dict[str, object], changed: str) -> dict[str, dict]:
    """Dash's answer, as the browser asks it, of the callback writing ``output`` (``id.property``).

    ``values`` gives the inputs and states by ``id.property`` (None for the others); ``changed`` the trigger.
    """
    client = app.server.test_client()
    [callback] = [
        c
        for c in client.get("/_dash-dependencies").get_json()
        if f"..{output}.." in c["output"] or c["output"] == output
    ]

    def props(items: list[dict[str, str]]) -> list[dict[str, object]]:
        return [
            {
                "id": _dash_id(i["id"]),
                "property": i["property"],
                "value": values.get(f"{i['id']}.{i['property']}"),
            }
            for i in items
        ]

    outputs = [part.rsplit(".", 1) for part in callback["output"].strip(".").split("...")]
    payload = {
        "output": callback["output"],
        "outputs": [{"id": _dash_id(component), "property": prop} for component, prop in outputs]
        if callback["output"].startswith("..")
        else {"id": _dash_id(outputs[0][0]), "property": outputs[0][1]},
        "inputs": props(callback["inputs"]),
        "state": props(callback["state"]),
        "changedPropIds": [changed],
    }
    response = client.post("/_dash-update-component", json=payload)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_json()["response"]


def page_content(app, path: str, search: str) -> str:
    """The content Dash's page router sends for ``path`` and ``search``, as JSON text."""
    answer = callback_answer(
        app,
        "_pages_content.children",
        {"_pages_location.pathname": path, "_pages_location.search": search},
        "_pages_location.pathname",
    )
    return json.dumps(answer["_pages_content"]["children"])


def filter_bar_on_opening(app, search: str) -> dict[str, dict]:
    """The filter bar's answer when a link with ``search`` is opened."""
    return callback_answer(
        app, _prop(ids.FILTER_ERROR, "children"), {_prop(ids.URL, "search"): search}, "url.search"
    )


def _error_text(answer: dict[str, dict]) -> str:
    return json.dumps(answer[ids.FILTER_ERROR]["children"], ensure_ascii=False)


@pytest.mark.parametrize("search", REFUSED)
def test_a_refused_link_is_served_like_any_other_refused_link(app, search):
    client = app.server.test_client()
    assert client.get(f"/flows{search}").status_code == client.get("/flows?gender=unknown").status_code == 200


@pytest.mark.parametrize("path", PAGES_WITH_A_MAP)
@pytest.mark.parametrize("search", REFUSED)
def test_a_page_opened_from_a_refused_link_shows_its_content_and_the_reason(app, path, search):
    content = page_content(app, path, search)
    assert ids.MAP_GRAPH in content  # the page and its map, drawn for the default region
    answer = filter_bar_on_opening(app, search)
    assert REFUSED[search] in _error_text(answer)
    assert "showing all data instead" in _error_text(answer)
    assert answer[ids.FILTER_STATE]["data"] == "region=west-north-africa"


def test_a_link_in_french_is_accepted_and_kept(app):
    assert ids.MAP_GRAPH in page_content(app, "/flows", "?region=west-north-africa&lang=fr")
    answer = filter_bar_on_opening(app, "?region=west-north-africa&lang=fr")
    assert answer[ids.FILTER_ERROR]["children"] is None
    assert answer[ids.FILTER_STATE]["data"] == "region=west-north-africa&lang=fr"  # navigation links keep it


def test_changing_a_filter_keeps_the_language_in_the_address(app):
    gender = _prop(filter_id("gender"), "value")
    answer = callback_answer(
        app,
        _prop(ids.FILTER_ERROR, "children"),
        {
            _prop(ids.URL, "search"): "?lang=fr",
            _prop(filter_id("region"), "value"): "west-north-africa",
            gender: ["female"],
        },
        gender,
    )
    assert answer[ids.URL]["search"] == "?region=west-north-africa&gender=female&lang=fr"
