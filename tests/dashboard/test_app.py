"""The app factory, the WSGI entry point, page routing (404 for unknown pages) and the synthetic banner."""

from __future__ import annotations

import importlib
import json
import re
from urllib.parse import urlparse

import plotly
import pytest

from core.config import Config
from data_access.db import make_engine, migrate
from layouts import ids
from tests.conftest import config_of, dashboard_app, load_examples, page_registry_restored, sqlite_engine
from view_data import ViewData

PAGES = {  # path: heading of the page
    "/": "Overview",
    "/incidents": "Protection incidents",
    "/drivers": "Drivers of migration",
    "/smugglers": "Smugglers",
    "/flows": "Flows through flow monitoring points",
    "/deaths": "Deaths and disappearances",
    "/route": "Route profile",
    "/methodology": "Methodology and data",
}
NOT_FOUND = "Page not found"


def _layout(app) -> str:
    return app.server.test_client().get("/_dash-layout").get_data(as_text=True)


def router_request(path: str, search: str = "", shown: str | None = None) -> dict:
    """The callback request Dash's page router sends when the browser opens ``path``.

    ``shown`` names the page on screen (``"<path>|<language>"``), None on arrival.
    """
    return {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [
            {"id": "_pages_content", "property": "children"},
            {"id": "_pages_store", "property": "data"},
        ],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": path},
            {"id": "_pages_location", "property": "search", "value": search},
        ],
        "changedPropIds": ["_pages_location.pathname"],
        "state": [{"id": ids.PAGE_SHOWN, "property": "data", "value": shown}],
    }


def page_content(app, path: str, search: str = "") -> tuple[dict, str]:
    """The page content and title Dash's page router sends the browser for ``path`` (as the browser asks)."""
    payload = router_request(path, search)
    response = app.server.test_client().post("/_dash-update-component", json=payload)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    answer = response.get_json()["response"]
    return answer["_pages_content"]["children"], answer["_pages_store"]["data"]["title"]


def _headings(node: object) -> list[str]:
    """Texts of every H1 in a serialised Dash layout."""
    if isinstance(node, list):
        return [text for item in node for text in _headings(item)]
    if not isinstance(node, dict):
        return []
    props = node.get("props", {})
    own = [props["children"]] if node.get("type") == "H1" and isinstance(props.get("children"), str) else []
    return own + _headings(props.get("children"))


@pytest.mark.parametrize("path", PAGES)
def test_every_page_is_served_with_its_own_content(app, path):
    response = app.server.test_client().get(path)
    assert response.status_code == 200, path
    assert "_dash-config" in response.get_data(as_text=True)
    content, title = page_content(app, path)
    assert _headings(content) == [PAGES[path]]
    assert title != NOT_FOUND


@pytest.mark.parametrize("path", ["/no-such-page", "/drivers/extra", "/Drivers"])
def test_an_unknown_page_is_a_404_saying_it_was_not_found(app, path):
    response = app.server.test_client().get(path)
    assert response.status_code == 404
    assert "_dash-config" in response.get_data(as_text=True)  # the app still loads, to show the page
    content, title = page_content(app, path)
    assert title == NOT_FOUND
    assert _headings(content) == [NOT_FOUND]
    assert "no page at this address" in json.dumps(content)


def test_api_and_dash_routes_are_not_turned_into_404(app):
    client = app.server.test_client()
    assert client.get("/api/v1/datasets").status_code == 200
    assert client.get("/_dash-layout").status_code == 200
    assert client.get("/_dash-dependencies").status_code == 200


def _text(node: object) -> str:
    """The text a user reads in a serialised Dash component."""
    if isinstance(node, str):
        return node
    if isinstance(node, list):
        return "".join(_text(item) for item in node)
    if isinstance(node, dict):
        return _text(node.get("props", {}).get("children"))
    return ""


def _banner(node: object) -> str | None:
    """Text of the synthetic-data banner in a serialised Dash layout, None without a banner."""
    if isinstance(node, list):
        return next((text for item in node if (text := _banner(item)) is not None), None)
    if not isinstance(node, dict):
        return None
    props = node.get("props", {})
    return _text(node) if props.get("id") == "synthetic-banner" else _banner(props.get("children"))


def _banner_of(app) -> str | None:
    return _banner(json.loads(_layout(app)))


CAVEAT = (
    "The synthetic figures are generated in the published formats; "
    "they are not real observations and must not be quoted."
)


def test_banner_names_the_synthetic_and_the_real_sources(app):
    assert _banner_of(app) == (
        "Synthetic demonstration data: 4Mi interviews. Real: DTM flow monitoring, Missing Migrants Project. "
        + CAVEAT
    )


@pytest.mark.parametrize(
    ("synthetic", "banner"),
    [
        (
            {"4mi", "fmp", "fmp-demographics", "mmp"},
            "Synthetic demonstration data: 4Mi interviews, DTM flow monitoring, Missing Migrants Project. "
            + CAVEAT,
        ),
        (
            {"4mi", "fmp", "fmp-demographics"},
            "Synthetic demonstration data: 4Mi interviews, DTM flow monitoring. Real: Missing Migrants Project. "
            + CAVEAT,
        ),
        (set(), None),
    ],
    ids=["all-synthetic", "real-mmp", "all-real"],
)
def test_banner_a_user_sees_for_the_loaded_sources(
    tmp_path, migrated_sqlite_file, reference, synthetic, banner
):
    engine = load_examples(
        sqlite_engine(tmp_path / "app.sqlite", migrated_sqlite_file), reference, synthetic=synthetic
    )
    for app in dashboard_app(engine):
        layout = _layout(app)
        assert "Skip to content" in layout  # the shell was served
        assert _banner_of(app) == banner
    engine.dispose()


def test_wsgi_module_exports_the_server_dash_uses(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'wsgi.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("SECRET_KEY", "a-test-secret")
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    with page_registry_restored():
        import dashboard.wsgi as wsgi

        wsgi.keep_warm.set()  # stops the default view's thread of a first import
        wsgi = importlib.reload(wsgi)
        wsgi.keep_warm.set()
        assert wsgi.server is wsgi.app.server
        client = wsgi.server.test_client()
        response = client.get("/")
        assert response.status_code == 200
        assert "_dash-config" in response.get_data(as_text=True)
        assert client.get("/api/v1/datasets").get_json() == {"datasets": []}  # it reads DATABASE_URL
        ViewData.for_config(Config.from_env()).engine.dispose()


def test_no_stylesheet_or_script_is_loaded_from_another_host(app):
    html = app.server.test_client().get("/").get_data(as_text=True)
    hosts = {urlparse(url).hostname for url in re.findall(r"https?://[^\"' >]+", html)}
    assert hosts <= {"localhost", "127.0.0.1"}
    config = json.loads(html.split('id="_dash-config" type="application/json">')[1].split("</script>")[0])
    assert config["serve_locally"] is True
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts and all(src.startswith("/") for src in scripts)


def test_no_chart_offers_to_upload_itself_to_a_cloud_service(app, loaded_sqlite):
    configs = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "Graph":
                configs.append(node["props"].get("config", {}))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    with app.server.test_request_context("/"):
        from layouts.pages import all_layouts

        layouts = all_layouts(ViewData.for_config(config_of(loaded_sqlite)))
        walk(json.loads(json.dumps(layouts, cls=plotly.utils.PlotlyJSONEncoder)))
    assert len(configs) >= 8
    assert all("sendChartToCloud" in config.get("modeBarButtonsToRemove", []) for config in configs)


def test_a_filter_change_on_the_page_on_screen_does_not_rebuild_the_page(app):
    """The router answers nothing for the page already on screen in its language; anything else is rebuilt."""
    client = app.server.test_client()

    def answer(path: str, search: str, shown: str | None) -> dict:
        response = client.post("/_dash-update-component", json=router_request(path, search, shown))
        assert response.status_code in {200, 204}, response.get_data(as_text=True)[:500]
        return response.get_json()["response"] if response.status_code == 200 else {}

    first, _title = page_content(app, "/drivers", "?lang=fr")
    shown = first["props"]["data-page"]
    assert shown == "/drivers|fr"
    assert "_pages_content" not in answer("/drivers", "?lang=fr&gender=female", shown)
    assert "_pages_content" in answer("/drivers", "?lang=en&gender=female", shown)
    assert "_pages_content" in answer("/flows", "?lang=fr&gender=female", shown)
