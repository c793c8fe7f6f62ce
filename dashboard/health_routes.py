"""Health endpoints for a process manager or load balancer: ``/healthz`` (alive) and ``/readyz`` (can answer).

``/healthz`` touches nothing: 200 while the process serves requests. ``/readyz`` checks the database
(reachable, migrated to the latest schema) and the cache (a value written can be read back), and
answers 503 while any check fails. Both answer JSON and are never cached.
"""

from __future__ import annotations

import secrets

from flask import Blueprint, Response, json

from data_access.db import schema_status
from view_data import ViewData, cache


def _answer(body: dict[str, object], status: int) -> Response:
    response = Response(json.dumps(body), status=status, mimetype="application/json")
    response.cache_control.no_store = True
    return response


def database_check(service: ViewData) -> dict[str, object]:
    """``{"ok": ..., "detail": ...}`` for the service's database."""
    ok, detail = schema_status(service.engine)
    return {"ok": ok, "detail": detail}


def cache_check() -> dict[str, object]:
    """``{"ok": ..., "detail": ...}`` for the configured cache."""
    token = secrets.token_hex(8)
    key = f"readyz-{token}"  # one per probe: concurrent probes of several workers do not meet
    try:
        readable = cache.set(key, token, timeout=60) is not False and cache.get(key) == token
        cache.delete(key)
    except Exception as error:  # any backend's failure means "not reachable"
        return {"ok": False, "detail": f"unreachable ({type(error).__name__})"}
    return {"ok": readable, "detail": "reachable" if readable else "a value written could not be read back"}


def create_health_routes(service: ViewData) -> Blueprint:
    """The blueprint of ``/healthz`` and ``/readyz`` for ``service``."""
    health = Blueprint("health", __name__)

    @health.get("/healthz")
    def healthz() -> Response:
        """200 while this process answers requests; reads nothing."""
        return _answer({"status": "alive"}, 200)

    @health.get("/readyz")
    def readyz() -> Response:
        """200 when the database and the cache can be used, else 503; each check named."""
        checks = {"database": database_check(service), "cache": cache_check()}
        ready = all(check["ok"] for check in checks.values())
        return _answer({"status": "ready" if ready else "not ready", "checks": checks}, 200 if ready else 503)

    return health
