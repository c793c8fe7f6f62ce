"""Map geometry travels once, from its own year-cached URL: never inside a page or a callback answer."""

from __future__ import annotations

import json

import brotli
import pytest
from plotly.io.json import to_json_plotly

from dashboard.app import ComponentSuiteCache
from figures.maps import ADMIN0, ADMIN1, CONTEXT, feature_collection
from layouts import ids
from panels.maps import geometry_url, initial_map
from tests.dashboard.test_app import page_content

REGION = "west-north-africa"
NAMES = (ADMIN0, ADMIN1, CONTEXT)
PAGE_LIMIT = 150 * 1024
MAP_ANSWER_LIMIT = 60 * 1024
COORDINATES = '"coordinates"'


@pytest.fixture
def urls(app, service):
    with app.server.test_request_context("/"):
        return geometry_url(service, REGION)


def _json(node: object) -> str:
    return to_json_plotly(node)


def _map_graphs(node: object) -> list[dict]:
    """The props of every map graph in a serialised layout."""
    return [
        props
        for props in _all_props(node)
        if isinstance(props.get("id"), dict) and props["id"].get("type") == ids.MAP_GRAPH
    ]


def _string_sources(figure: dict) -> list[str]:
    """Every geometry reference of a figure that is a URL."""
    sources = [layer["source"] for layer in figure["layout"]["map"]["layers"]]
    sources += [trace["geojson"] for trace in figure["data"] if "geojson" in trace]
    assert all(isinstance(source, str) for source in sources), "geometry inlined in the figure"
    return sources


def test_each_geometry_url_answers_the_services_geometry_kept_a_year(app, service, urls):
    geometry = service.geometry(service.profile(REGION))
    expected = {
        ADMIN0: feature_collection(geometry.admin0),
        ADMIN1: feature_collection(geometry.admin1, "adm1_code"),
        CONTEXT: feature_collection(geometry.context),
    }
    client = app.server.test_client()
    for name in NAMES:
        response = client.get(urls(name))
        assert response.status_code == 200, name
        assert response.mimetype == "application/geo+json"
        assert json.loads(response.get_data()) == json.loads(_json(expected[name])), name
        cache = response.headers["Cache-Control"]
        assert "max-age=31536000" in cache and "immutable" in cache and "public" in cache, cache
        brotlied = client.get(urls(name), headers={"Accept-Encoding": "br, gzip"})
        assert brotlied.headers["Content-Encoding"] == "br"
        assert brotli.decompress(brotlied.get_data()) == response.get_data()
    assert len(expected[ADMIN1]["features"]) > 50 and len(expected[CONTEXT]["features"]) >= 6


def test_the_digest_in_the_url_changes_with_the_content(urls):
    digests = {urls(name).rsplit(".", 2)[-2] for name in NAMES}
    assert len(digests) == len(NAMES)
    assert all(urls(name).startswith(f"/_geometry/{REGION}/{name}.") for name in NAMES)


def test_only_current_documents_of_known_regions_answer(app, urls):
    client = app.server.test_client()
    admin1 = urls(ADMIN1)
    digest = admin1.rsplit(".", 2)[-2]
    refused = [
        admin1.replace(digest, "0" * len(digest)),
        admin1.replace(f"/{ADMIN1}.", "/hubs."),
        admin1.replace(REGION, "elsewhere"),
        f"/_geometry/{REGION}/..%2F..%2Fcore%2Fconfig.{digest}.geojson",
        f"/_geometry/{REGION}/../../pyproject.toml",
        f"/_geometry/%2E%2E/{ADMIN1}.{digest}.geojson",
        "/_geometry/",
    ]
    for url in refused:
        response = client.get(url)
        assert response.status_code == 404, url
        body = response.get_data(as_text=True)
        assert COORDINATES not in body and "[project]" not in body and "database_url" not in body, url
    assert client.get(admin1).status_code == 200


def test_the_first_map_references_the_geometry_and_carries_none(app, service, urls):
    with app.server.test_request_context("/"):
        figure, slots = initial_map(service, REGION)
    sources = _string_sources(figure)
    assert set(sources) == {urls(ADMIN0), urls(ADMIN1), urls(CONTEXT)}
    assert COORDINATES not in _json(figure)
    choropleth = figure["data"][slots["choropleth"]]
    admin1 = json.loads(app.server.test_client().get(urls(ADMIN1)).get_data())
    # plotly matches ``locations`` with each feature's ``id`` (featureidkey's default), after fetching.
    assert choropleth.get("featureidkey", "id") == "id"
    assert set(choropleth["locations"]) == {feature["id"] for feature in admin1["features"]}


@pytest.mark.parametrize("path", ["/", "/flows"])
def test_a_map_page_carries_no_geometry_and_stays_small(app, urls, path):
    content, _title = page_content(app, path)
    graphs = _map_graphs(content)
    assert graphs, "the page has a map"
    for graph in graphs:
        assert set(_string_sources(graph["figure"])) <= {urls(ADMIN0), urls(ADMIN1), urls(CONTEXT)}
    text = _json(content)
    assert COORDINATES not in text and "FeatureCollection" not in text
    assert len(text.encode()) < PAGE_LIMIT


def map_answer(app, layer: str, shown_region: str | None) -> tuple[str, int]:
    """The map callback's answer (JSON text) for the overview's map showing ``shown_region``, and its size."""
    content, _title = page_content(app, "/")
    graph = _map_graphs(content)[0]
    page = graph["id"]["page"]
    slots = next(
        props["data"]
        for props in _all_props(content)
        if props.get("id") == {"type": ids.MAP_SLOTS, "page": page}
    )
    outputs = [
        ({"type": ids.MAP_GRAPH, "page": page}, "figure"),
        ({"type": ids.MAP_TABLE, "page": page}, "children"),
        ({"type": ids.MAP_CAPTION, "page": page}, "children"),
        ({"type": ids.MAP_SLOTS, "page": page}, "data"),
        ({"type": ids.MAP_REGION, "page": page}, "data"),
    ]
    wildcard = [({**output, "page": ["MATCH"]}, prop) for output, prop in outputs]
    payload = {
        "output": ".." + "...".join(f"{_id(i)}.{p}" for i, p in wildcard) + "..",
        "outputs": [{"id": i, "property": p} for i, p in outputs],
        "inputs": [
            {"id": ids.FILTER_STATE, "property": "data", "value": f"region={REGION}"},
            {"id": {"type": ids.MAP_LAYER, "page": page}, "property": "value", "value": layer},
            {"id": {"type": ids.MAP_TABLE_TOGGLE, "page": page}, "property": "n_clicks", "value": 1},
        ],
        "state": [
            {"id": {"type": ids.MAP_SLOTS, "page": page}, "property": "data", "value": slots},
            {"id": {"type": ids.MAP_REGION, "page": page}, "property": "data", "value": shown_region},
        ],
        "changedPropIds": [f"{_id({'type': ids.MAP_LAYER, 'page': page})}.value"],
    }
    response = app.server.test_client().post("/_dash-update-component", json=payload)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return json.dumps(response.get_json()), len(response.get_data())


@pytest.mark.parametrize("layer", ["incidents", "flows", "deaths"])
def test_a_map_callback_answer_carries_no_geometry_and_stays_small(app, urls, layer):
    text, size = map_answer(app, layer, REGION)
    assert "figure" in text and "operations" in text
    assert COORDINATES not in text and "FeatureCollection" not in text
    assert size < MAP_ANSWER_LIMIT
    assert ids.MAP_REGION not in text, "the same region's map is only recoloured"
    if layer == "incidents":
        assert urls(ADMIN1) in text, "the hidden units' overlay points at every unit's geometry"


def test_a_map_of_another_region_is_redrawn_from_geometry_urls(app, urls):
    text, size = map_answer(app, "incidents", "another-region")
    answer = json.loads(text)["response"]
    assert answer[next(key for key in answer if ids.MAP_REGION in key)]["data"] == REGION
    assert COORDINATES not in text and "FeatureCollection" not in text
    assert urls(ADMIN0) in text and urls(CONTEXT) in text, "the new region's boundaries, by URL"
    assert size < PAGE_LIMIT


def _id(component_id: dict) -> str:
    """A pattern-matching id as Dash writes it in a callback's output string."""
    return json.dumps(component_id, sort_keys=True, separators=(",", ":"))


def _all_props(node: object) -> list[dict]:
    """The props of every component in a serialised layout."""
    if isinstance(node, list):
        return [props for item in node for props in _all_props(item)]
    if not isinstance(node, dict):
        return []
    props = node.get("props", {})
    return [props] + [found for value in props.values() for found in _all_props(value)]


def test_geometry_is_compressed_once_per_process_and_only_for_its_plain_urls(urls):
    cache = ComponentSuiteCache()
    plain, queried = f"br;{urls(ADMIN1)}?", f"br;{urls(ADMIN1)}?again=1"
    cache.set(plain, b"compressed")
    cache.set(queried, b"compressed")
    cache.set("br;/_dash-layout?", b"compressed")
    assert cache.get(plain) == b"compressed"
    assert cache.get(queried) is None and cache.get("br;/_dash-layout?") is None


def test_static_files_are_compressed_once_and_crafted_fingerprints_cannot_grow_the_cache():
    cache = ComponentSuiteCache()
    bundle = "br;/assets/vendor/bundle.min.js?m=1700000000.0"
    cache.set(bundle, b"compressed")
    cache.set("br;/assets/layout.css?", b"compressed")
    assert cache.get(bundle) == b"compressed"
    assert cache.get("br;/assets/layout.css?") is None
    for fingerprint in range(10 * ComponentSuiteCache.MAX_ENTRIES):
        cache.set(f"br;/_dash-component-suites/dash/dash_renderer.v{fingerprint}m1.min.js?", b"x" * 10)
    assert len(cache) == ComponentSuiteCache.MAX_ENTRIES
