"""Page weight a user notices: a small first page, compressed answers, files the browser keeps."""

from __future__ import annotations

import gzip
import json
import re

import brotli
import pytest

from tests.dashboard.test_app import PAGES, page_content, router_request

YEAR = "max-age=31536000"
HTML_LIMIT = 300 * 1024
CONFIG = re.compile(r'<script id="_dash-config" type="application/json">(.*?)</script>', re.S)


def _html(app, path: str = "/") -> str:
    """The HTML of ``path`` after Dash's first request (when Dash Pages builds its own validation layout)."""
    client = app.server.test_client()
    client.get(path)
    return client.get(path).get_data(as_text=True)


def _components(node: object) -> list[dict]:
    """Every serialised component in ``node``, in any prop."""
    if isinstance(node, list):
        return [component for item in node for component in _components(item)]
    if not isinstance(node, dict):
        return []
    own = [node] if {"type", "namespace", "props"} <= node.keys() else []
    return own + [component for value in node.get("props", {}).values() for component in _components(value)]


def _ids(components: list[dict]) -> dict[str, str]:
    """``{id as JSON: component type}`` of the components that have an id."""
    return {
        json.dumps(c["props"]["id"], sort_keys=True): f"{c['namespace']}.{c['type']}"
        for c in components
        if c["props"].get("id") is not None
    }


def _validation_layout(html: str) -> dict:
    return json.loads(CONFIG.search(html).group(1))["validation_layout"]


@pytest.mark.parametrize("path", ["/", "/flows", "/methodology"])
def test_the_first_page_is_small_and_carries_no_figure_or_table_data(app, path):
    html = _html(app, path)
    assert len(html.encode()) < HTML_LIMIT
    for marker in ('"figure"', '"geojson"', '"type":"Tbody"', "choroplethmap", "scattermap"):
        assert marker not in html, marker
    root, *components = _components(_validation_layout(html))
    assert components, "the HTML keeps a validation layout (Dash still checks every callback)"
    assert set(root["props"]) == {"children"}
    assert all(set(component["props"]) == {"id"} for component in components)


def test_the_validation_layout_names_every_component_of_every_page(app):
    listed = _ids(_components(_validation_layout(_html(app))))
    for path in PAGES:
        content, _title = page_content(app, path)
        on_page = _ids(_components(content))
        assert on_page, path
        missing = {key: kind for key, kind in on_page.items() if listed.get(key) != kind}
        assert not missing, f"{path}: components missing from the validation layout: {missing}"


def _script_and_style_urls(html: str) -> list[str]:
    return re.findall(r'<script src="([^"]+)"', html) + re.findall(
        r'<link rel="stylesheet" href="([^"]+)"', html
    )


def test_pages_callbacks_scripts_and_styles_are_gzipped_for_a_browser_that_accepts_gzip(app):
    client = app.server.test_client()
    html = _html(app)
    urls = ["/", "/_dash-layout", "/_dash-dependencies"] + [
        url for url in _script_and_style_urls(html) if url.endswith((".js", ".css")) or "?m=" in url
    ]
    assert any(url.startswith("/assets/") for url in urls) and any(
        "_dash-component-suites" in url for url in urls
    )
    for url in urls:
        plain = client.get(url).get_data()
        if len(plain) < 1024:
            continue
        response = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert response.headers.get("Content-Encoding") == "gzip", url
        assert "Accept-Encoding" in response.headers.get("Vary", ""), url
        body = gzip.decompress(response.get_data())
        assert len(body) > len(response.get_data()), url
        if url not in {"/", "/_dash-layout"}:  # the HTML and layout carry a fresh token per request
            assert body == plain, url


def test_a_page_answer_from_the_router_is_compressed(app):
    payload = router_request("/flows")
    client = app.server.test_client()
    gzipped = client.post("/_dash-update-component", json=payload, headers={"Accept-Encoding": "gzip"})
    assert gzipped.headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(gzipped.get_data()))["response"]["_pages_content"]
    brotlied = client.post("/_dash-update-component", json=payload, headers={"Accept-Encoding": "br, gzip"})
    assert brotlied.headers["Content-Encoding"] == "br"
    assert json.loads(brotli.decompress(brotlied.get_data()))["response"]["_pages_content"]


def test_fingerprinted_scripts_and_styles_are_kept_a_year_and_the_page_is_not(app):
    client = app.server.test_client()
    html = _html(app)
    urls = _script_and_style_urls(html)
    assets = [url for url in urls if url.startswith("/assets/")]
    suites = [url for url in urls if url.startswith("/_dash-component-suites/")]
    assert assets and suites
    for url in assets + suites:
        cache = client.get(url).headers.get("Cache-Control", "")
        assert YEAR in cache and "immutable" in cache and "public" in cache, (url, cache)
    unversioned = assets[0].split("?", 1)[0]
    assert "immutable" not in client.get(unversioned).headers.get("Cache-Control", "")
    assert YEAR not in client.get("/").headers.get("Cache-Control", "")
