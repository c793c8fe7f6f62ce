"""The real PostgreSQL cut off from the app by a proxy, then back: 503s with a message, then the right numbers."""

from __future__ import annotations

import time

from sqlalchemy.engine import URL

from tests.faults.conftest import FLOWS_FILE, app_through, flows_total, served_flows
from tests.tcp_proxy import TcpProxy
from view_data.service import VERSION_TTL_S

UNAVAILABLE = "The data is temporarily unavailable"


def _after_the_version_is_read_again() -> None:
    time.sleep(VERSION_TTL_S + 0.2)


def test_database_cut_mid_run_gives_503s_then_answers_again(faults_database: URL, proxy: TcpProxy) -> None:
    for app in app_through(faults_database, proxy):
        client = app.server.test_client()
        assert served_flows(client) == (FLOWS_FILE.name, flows_total(FLOWS_FILE))
        assert client.get("/").status_code == 200

        proxy.cut()
        _after_the_version_is_read_again()
        page = client.get("/")
        assert page.status_code == 503
        assert UNAVAILABLE in page.get_data(as_text=True)
        assert page.headers["Refresh"] == "10"  # the page asks again by itself
        french = client.get("/?lang=fr")
        assert french.status_code == 503
        assert "Les données sont momentanément indisponibles" in french.get_data(as_text=True)
        api = client.get("/api/v1/flows")
        assert api.status_code == 503
        assert UNAVAILABLE in api.get_json()["error"]["message"]
        layout = client.get("/_dash-layout")  # a page loaded just before the cut shows the notice
        assert UNAVAILABLE in layout.get_data(as_text=True)
        ready = client.get("/readyz")
        assert ready.status_code == 503
        assert ready.get_json()["checks"]["database"]["ok"] is False
        assert client.get("/healthz").status_code == 200

        proxy.restore()
        _after_the_version_is_read_again()
        assert served_flows(client) == (FLOWS_FILE.name, flows_total(FLOWS_FILE))
        assert client.get("/").status_code == 200
        assert client.get("/readyz").get_json() == {
            "status": "ready",
            "checks": {
                "database": {"ok": True, "detail": "migrated"},
                "cache": {"ok": True, "detail": "reachable"},
            },
        }


def test_app_started_without_its_database_serves_once_it_is_back(
    faults_database: URL, proxy: TcpProxy
) -> None:
    proxy.cut()
    for app in app_through(faults_database, proxy):  # starting does not fail
        client = app.server.test_client()
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 503
        assert client.get("/").status_code == 503

        proxy.restore()
        _after_the_version_is_read_again()
        assert client.get("/").status_code == 200
        layout = client.get("/_dash-layout").get_data(as_text=True)
        assert UNAVAILABLE not in layout
        assert "filter" in layout  # the real shell, with its filter bar
        assert served_flows(client) == (FLOWS_FILE.name, flows_total(FLOWS_FILE))
