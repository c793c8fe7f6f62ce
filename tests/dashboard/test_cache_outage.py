"""Redis unreachable: pages and the API answer uncached with the same numbers, the outage is logged once, caching resumes.

The dashboard talks to the real Redis through a relay of the test's own (tests/tcp_proxy.py),
cut to make Redis unreachable: the shared Redis keeps running.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Iterator

import pytest
import redis
from dash import Dash
from sqlalchemy import Engine

from layouts import ids
from tests.conftest import config_of, page_registry_restored
from tests.dashboard.test_language import callback_text
from tests.tcp_proxy import TcpProxy
from view_data import ViewData, redis_cache

REDIS = ("127.0.0.1", 6379)
REDIS_DB = 14  # this module's own
API_CALLS = ["/api/v1/4mi/driver?by=gender", "/api/v1/flows?by=country", "/api/v1/deaths?by=year"]
PAGES = ["/", "/flows", "/_dash-layout"]
BRIEFING = "/export/briefing.pdf?lang=en"


@pytest.fixture
def cached_keys() -> Iterator[redis.Redis]:
    """This module's Redis database, emptied before and after."""
    client = redis.Redis(*REDIS, db=REDIS_DB)
    client.flushdb()
    yield client
    client.flushdb()


@pytest.fixture
def relay() -> Iterator[TcpProxy]:
    with TcpProxy(REDIS[1], REDIS[0]) as relay:
        yield relay


@pytest.fixture
def redis_app(
    loaded_sqlite: Engine, relay: TcpProxy, cached_keys: redis.Redis, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Dash]:
    """The dashboard caching in Redis through ``relay`` (retrying a lost Redis after 0.2 s, not 5 s)."""
    from dashboard.app import create_app

    monkeypatch.setattr(redis_cache, "RETRY_S", 0.2)
    config = dataclasses.replace(
        config_of(loaded_sqlite),
        cache_type="RedisCache",
        cache_redis_url=f"redis://127.0.0.1:{relay.port}/{REDIS_DB}",
    )
    with page_registry_restored():
        yield create_app(config)
        ViewData.for_config(config).engine.dispose()


def _messages(caplog: pytest.LogCaptureFixture, text: str) -> list[logging.LogRecord]:
    return [record for record in caplog.records if text in record.getMessage()]


def test_an_outage_is_logged_once_and_answers_are_served_uncached_with_the_same_numbers(
    redis_app: Dash,
    app: Dash,
    relay: TcpProxy,
    cached_keys: redis.Redis,
    caplog: pytest.LogCaptureFixture,
) -> None:
    client, reference = redis_app.server.test_client(), app.server.test_client()
    assert client.get(API_CALLS[0]).status_code == 200
    assert cached_keys.dbsize() > 0  # cached in Redis while it is reachable

    relay.cut()
    with caplog.at_level(logging.INFO):
        for _round in range(3):
            for path in API_CALLS:
                answer = client.get(path)
                assert answer.status_code == 200, path
                assert answer.get_json() == reference.get(path).get_json(), path
            for path in PAGES:
                assert client.get(path).status_code == 200, path

    assert len(_messages(caplog, "cache unreachable")) == 1
    assert not [record for record in caplog.records if record.exc_info], "a traceback was logged"


def test_caching_resumes_when_redis_is_back(
    redis_app: Dash, relay: TcpProxy, cached_keys: redis.Redis, caplog: pytest.LogCaptureFixture
) -> None:
    client = redis_app.server.test_client()
    relay.cut()
    before = cached_keys.dbsize()
    assert client.get(API_CALLS[1]).status_code == 200
    assert cached_keys.dbsize() == before  # nothing could be cached

    relay.restore()
    time.sleep(0.3)  # past the backend's pause between attempts
    with caplog.at_level(logging.INFO):
        assert client.get(API_CALLS[2]).status_code == 200

    assert len(_messages(caplog, "cache reachable again")) == 1
    assert cached_keys.dbsize() > before


def test_a_briefing_asked_during_an_outage_is_temporarily_unavailable(
    redis_app: Dash, relay: TcpProxy
) -> None:
    relay.cut()
    answer = redis_app.server.test_client().get(BRIEFING)
    assert answer.status_code == 503
    assert "temporarily unavailable" in answer.get_json()["error"]["message"]


def test_the_briefing_button_during_an_outage_says_briefings_are_unavailable(
    redis_app: Dash, relay: TcpProxy
) -> None:
    relay.cut()
    clicked = {
        f"{ids.PDF_BUILD}.n_clicks": 1,
        f"{ids.URL}.pathname": "/incidents",
        f"{ids.PDF_LANGUAGE}.data": "en",
    }
    box = callback_text(redis_app, f"{ids.PDF_STATUS}.children", clicked)
    assert "Briefings are temporarily unavailable" in box
