"""The app factory, the WSGI entry point and the synthetic banner."""

from __future__ import annotations

import json
import re
from urllib.parse import urlparse

import plotly

from tests.dashboard.conftest import loaded_app


def _layout(app) -> str:
    return app.server.test_client().get("/_dash-layout").get_data(as_text=True)


def test_every_page_is_served(app):
    client = app.server.test_client()
    for path in ("/", "/incidents", "/drivers", "/smugglers", "/flows", "/deaths", "/route", "/methodology"):
        assert client.get(path).status_code == 200, path


def test_banner_is_shown_while_synthetic_data_is_loaded(app):
    assert "Synthetic demonstration data" in _layout(app)


def test_no_banner_without_synthetic_data(tmp_path, examples):
    app = loaded_app(tmp_path, examples, synthetic=False)
    assert "Synthetic demonstration data" not in _layout(app)


def test_wsgi_module_exports_the_server_dash_uses(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'wsgi.sqlite'}")
    import importlib

    from data_access.db import make_engine, migrate

    migrate(make_engine(f"sqlite:///{tmp_path / 'wsgi.sqlite'}"))
    import dashboard.wsgi as wsgi

    wsgi = importlib.reload(wsgi)
    assert wsgi.server is wsgi.app.server
    response = wsgi.server.test_client().get("/")
    assert response.status_code == 200
    assert "_dash-config" in response.get_data(as_text=True)


def test_no_stylesheet_or_script_is_loaded_from_another_host(app):
    html = app.server.test_client().get("/").get_data(as_text=True)
    hosts = {urlparse(url).hostname for url in re.findall(r"https?://[^\"' >]+", html)}
    assert hosts <= {"localhost", "127.0.0.1"}
    config = json.loads(html.split('id="_dash-config" type="application/json">')[1].split("</script>")[0])
    assert config["serve_locally"] is True


def test_no_chart_offers_to_upload_itself_to_a_cloud_service(app):
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

        walk(json.loads(json.dumps(all_layouts(), cls=plotly.utils.PlotlyJSONEncoder)))
    assert len(configs) >= 8
    assert all("sendChartToCloud" in config.get("modeBarButtonsToRemove", []) for config in configs)
