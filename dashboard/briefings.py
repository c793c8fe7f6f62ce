"""Briefing PDFs of one app: their jobs and ``/export/briefing.pdf``.

``/export/briefing.pdf?<filters>&pages=…&lang=`` answers the finished file when its job ends
within :data:`WAIT_S` seconds, else 202 with the address that serves it when ready
(``/export/briefings/<key>.pdf``: 202 while it is built, the file once it is, 404 for a job
nobody asked or whose file has expired). A bad parameter is a 400 naming it.

Jobs run on a Celery queue in Redis, their state and files in Redis too, when ``CACHE_REDIS_URL``
is set (its worker is the ``Procfile``'s ``worker``); else on a thread of this process, their state
and files in a diskcache folder (``JOBS_DIR``, default ``data/jobs``). The app's button starts them
the same way and follows their state by polling (:mod:`callbacks.briefing`).
"""

from __future__ import annotations

import functools
import logging
import os
import re
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager
from datetime import UTC, datetime

from flask import Blueprint, Flask, Response, abort, current_app, jsonify, request, url_for

from core.config import Config
from core.i18n import _
from dashboard.api import bad_parameter, error_response
from exports.briefing import BRIEFING_PATH, Progress, build_briefing, parse_briefing
from exports.briefing_jobs import (
    QUEUE_UNREACHABLE,
    BriefingJobs,
    DiskStore,
    RedisStore,
    progress_text,
    unavailable_text,
)
from exports.links import EXPORT_PREFIX
from exports.render import Renderer
from indicators.filters import FilterError
from view_data import ViewData

#: Seconds the direct address waits for its briefing before answering 202.
WAIT_S = 5.0
WAIT_SETTING = "BRIEFING_WAIT_S"
#: Bytes the development store of finished briefings and job states may take.
STORE_BYTES = 200 * 1024 * 1024
KEY = re.compile(r"[0-9a-f]{32}")
#: Where the Flask app keeps its jobs and (production) its Celery app.
JOBS_EXTENSION = "briefing_jobs"
CELERY_EXTENSION = "celery"
log = logging.getLogger(__name__)


def briefing_jobs(config: Config, server: Flask, service: ViewData) -> BriefingJobs:
    """The app's briefing jobs: on Celery in Redis when ``CACHE_REDIS_URL`` is set, else on a thread."""
    parent = os.getpid()
    renderer = Renderer.from_env()  # the jobs' browser, started by the first build of the process that builds

    def context(query: str) -> AbstractContextManager[object]:
        return server.test_request_context(f"{BRIEFING_PATH}?{query}")

    def normalise(query: str) -> tuple[str, str]:
        briefing = parse_briefing(service, query)
        return briefing.key(service.data_version()), briefing.query

    def build(query: str, progress: Progress) -> bytes:
        if os.getpid() != parent:  # Celery's forked worker: the parent's database connections are not ours
            service.engine.dispose(close=False)
        with context(query):
            return build_briefing(
                service,
                parse_briefing(service, query),
                renderer,
                progress,
                generated=datetime.now(UTC),
                link=f"{request.script_root}{BRIEFING_PATH}?{query}",
            )

    folder = config.jobs_dir
    if config.cache_redis_url:
        from celery import Celery

        celery = Celery("dashboard", broker=config.cache_redis_url, backend=config.cache_redis_url)
        jobs = BriefingJobs(RedisStore(config.cache_redis_url), normalise, build)

        def run_briefing(key: str, query: str) -> None:
            jobs.run(key, query)

        task = celery.task(name="briefing", ignore_result=True)(run_briefing)
        jobs.submit = lambda key, query: task.delay(key, query)
        server.extensions[CELERY_EXTENSION] = celery
    else:
        jobs = BriefingJobs(DiskStore(str(folder / "briefings"), STORE_BYTES), normalise, build)
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="briefing")
        jobs.submit = lambda key, query: executor.submit(jobs.run, key, query).add_done_callback(
            functools.partial(_log_failure, server)
        )
    server.extensions[JOBS_EXTENSION] = jobs
    return jobs


def _log_failure(server: Flask, future: Future) -> None:
    """Log a briefing that failed on the development thread (no app context there)."""
    if future.exception() is not None:
        server.logger.error("briefing failed", exc_info=future.exception())


def create_briefing_routes(jobs: BriefingJobs) -> Blueprint:
    """``/export/briefing.pdf`` and ``/export/briefings/<key>.pdf``; the app's ``BRIEFING_WAIT_S``
    setting (default :data:`WAIT_S`) is how long the first waits for its file."""
    routes = Blueprint("briefings", __name__, url_prefix=EXPORT_PREFIX)

    @routes.get("/briefing.pdf")
    def briefing() -> Response:
        """The briefing the query names: the file if ready in time, else 202 and where to fetch it."""
        key, query = jobs.normalise(request.query_string.decode("utf-8", "replace"))
        data = jobs.result(key)
        if data is None:
            jobs.start(key, query)
            data = jobs.wait(key, current_app.config.get(WAIT_SETTING, WAIT_S))
        return _answer(jobs, key, data)

    @routes.get("/briefings/<key>.pdf")
    def finished(key: str) -> Response:
        """A briefing asked for before: the file when ready, 202 while it is built."""
        if not KEY.fullmatch(key):
            abort(404)
        return _answer(jobs, key, jobs.result(key))

    routes.register_error_handler(FilterError, bad_parameter)
    for error in QUEUE_UNREACHABLE:
        routes.register_error_handler(error, _queue_unreachable)
    return routes


def _queue_unreachable(error: Exception) -> Response:
    """503 "temporarily unavailable" while the briefings' Redis or queue cannot be reached (one log line)."""
    log.warning("briefing queue unreachable (%s): answered 503", error)
    response = error_response(503, None, unavailable_text())
    response.headers["Retry-After"] = "60"
    return response


def _answer(jobs: BriefingJobs, key: str, data: bytes | None) -> Response:
    if data is not None:
        # TRANSLATORS: the name the briefing PDF is saved under: ASCII letters, digits, hyphens, ".pdf".
        name = _("briefing.pdf")
        return Response(
            data,
            mimetype="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    state = jobs.state(key)
    if state is None:
        return error_response(404, None, _("No briefing is being built at this address; ask for it again."))
    if state.status == "failed":
        return error_response(503, None, _("The briefing could not be built; try again in a minute."))
    location = url_for("briefings.finished", key=key)
    response = jsonify(
        {"briefing": {"status": state.status, "message": progress_text(state), "location": location}}
    )
    response.status_code = 202
    response.headers["Location"] = location
    response.headers["Retry-After"] = "2"
    return response
