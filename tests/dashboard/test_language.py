"""Every answer follows the page's language: the layout, page content and callbacks, cached or not.

Dash's requests carry no query string: the layout request is read in the language of the page's
address (its Referer), callbacks in the language their filter state names. Answers in one
language are asked right after the same answers in the other, so a cache keyed without the
language would hand one language's answer to the other.
"""

from __future__ import annotations

import json

import pytest

from layouts import ids
from layouts.panel_card import panel_id

ENGLISH = {"economic": "Economic reasons", "libya": "Libya", "women": "Women", "month": "Mar 2023"}
FRENCH = {"economic": "Raisons économiques", "libya": "Libye", "women": "Femmes", "month": "mars 2023"}
REGION = "region=west-north-africa"


def _concrete(spec: str, panel: str) -> dict | str:
    """An output or input id of Dash's dependency list, a wildcard's ``["ALL"]`` replaced by ``panel``."""
    if not spec.startswith("{"):
        return spec
    return {key: panel if value == ["ALL"] else value for key, value in json.loads(spec).items()}


def callback_text(app, output: str, values: dict[str, object], panel: str = "", headers=None) -> str:
    """The JSON text of Dash's answer to the callback whose output list names ``output``.

    ``values``: input and state values by ``id.property`` (wildcards written as ``["ALL"]``);
    wildcard outputs, inputs and states are asked for the one ``panel``.
    """
    client = app.server.test_client()
    [callback] = [c for c in client.get("/_dash-dependencies").get_json() if output in c["output"]]

    def item(spec: dict[str, str]) -> dict | list:
        concrete = {
            "id": _concrete(spec["id"], panel),
            "property": spec["property"],
            "value": values.get(f"{spec['id']}.{spec['property']}"),
        }
        return [concrete] if "ALL" in spec["id"] else concrete

    outputs = [part.rsplit(".", 1) for part in callback["output"].strip(".").split("...")]
    payload = {
        "output": callback["output"],
        "outputs": [
            [{"id": _concrete(i, panel), "property": p}]
            if "ALL" in i
            else {"id": _concrete(i, panel), "property": p}
            for i, p in outputs
        ],
        "inputs": [item(spec) for spec in callback["inputs"]],
        "state": [item(spec) for spec in callback["state"]],
        "changedPropIds": [f"{callback['inputs'][0]['id']}.{callback['inputs'][0]['property']}"],
    }
    response = client.post("/_dash-update-component", json=payload, headers=headers or {})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return json.dumps(response.get_json()["response"], ensure_ascii=False)


def _in_language(text: str, expected: dict[str, str], other: dict[str, str], keys: list[str]) -> None:
    for key in keys:
        assert expected[key] in text, f"{expected[key]!r} missing"
        assert other[key] not in text, f"{other[key]!r} shown in the other language"


def overview_panel(app, state: str, headers=None) -> str:
    """The overview's drivers panel for the filter state ``state``."""
    graph = json.dumps(panel_id(ids.PANEL_GRAPH, "overview", "ALL"), sort_keys=True, separators=(",", ":"))
    graph = graph.replace('"ALL"', '["ALL"]')
    return callback_text(app, f"{graph}.figure", {f"{ids.FILTER_STATE}.data": state}, "drivers", headers)


@pytest.mark.parametrize("order", [("en", "fr", "en"), ("fr", "en", "fr")])
def test_panels_answer_in_the_language_of_the_filter_state_whatever_was_cached_before(app, order):
    for lang in order:
        text = overview_panel(app, f"{REGION}&period_from=2023-03&lang={lang}")
        expected, other = (FRENCH, ENGLISH) if lang == "fr" else (ENGLISH, FRENCH)
        _in_language(text, expected, other, ["economic", "month"])


def test_without_lang_the_browser_language_decides(app):
    french = overview_panel(app, REGION, headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    english = overview_panel(app, REGION, headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert FRENCH["economic"] in french and ENGLISH["economic"] in english


def page_text(app, path: str, search: str) -> str:
    """The page Dash Pages' router sends for ``path`` and ``search`` (the map's figure included)."""
    return callback_text(
        app,
        "_pages_content.children",
        {"_pages_location.pathname": path, "_pages_location.search": search},
    )


@pytest.mark.parametrize("order", [("en", "fr", "en"), ("fr", "en", "fr")])
def test_page_content_and_the_cached_map_follow_the_address_language(app, order):
    for lang in order:
        text = page_text(app, "/", f"?{REGION}&lang={lang}")
        expected, other = (FRENCH, ENGLISH) if lang == "fr" else (ENGLISH, FRENCH)
        _in_language(text, expected, other, ["libya"])  # a country's name on the map


def test_filter_options_follow_the_filter_state_language(app):
    region = json.dumps({"parameter": "region", "type": ids.FILTER}, separators=(",", ":"))
    for lang, expected, other in (("fr", FRENCH, ENGLISH), ("en", ENGLISH, FRENCH)):
        text = callback_text(
            app,
            f"{json.dumps({'parameter': 'gender', 'type': ids.FILTER}, separators=(',', ':'))}.options",
            {f"{region}.value": "west-north-africa", f"{ids.FILTER_STATE}.data": f"{REGION}&lang={lang}"},
        )
        _in_language(text, expected, other, ["women", "libya"])


def test_the_shell_is_in_the_language_of_the_page_it_is_loaded_for(app):
    client = app.server.test_client()
    for lang, expected, other in (("fr", FRENCH, ENGLISH), ("en", ENGLISH, FRENCH)):
        page = f"http://localhost/incidents?{REGION}&period_from=2023-03&lang={lang}"
        assert f'<html lang="{lang}">' in client.get(page).get_data(as_text=True)
        shell = client.get("/_dash-layout", headers={"Referer": page, "Accept-Language": "de"})
        _in_language(shell.get_data(as_text=True), expected, other, ["month"])  # the period boxes' hints
