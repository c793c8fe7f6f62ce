"""Answers while the database cannot answer: unreachable (503, retried by itself) or a view past its budget.

A page asked while the database is unreachable gets a short page in the reader's language that
reloads itself every ``RETRY_S`` seconds (a ``Refresh`` header); the API and Dash's own requests get
JSON. A statement cut at its budget (``Config.statement_timeout_ms``) asks the reader to narrow the
filters. Both are 503 with ``Retry-After`` and are logged in one line, never as a traceback: nothing
is wrong with the code, and the service answers again by itself when the database does.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import dash
from dash import html
from dash.development.base_component import Component
from flask import Blueprint, Flask, Response, has_request_context, json, render_template, request

from core.i18n import _, language
from data_access.db import DATABASE_PROBLEMS, is_query_timeout
from view_data import ViewData

RETRY_S = 10
DATA_PATHS = ("/api/", "/_dash-")  # answered in JSON; every other path is a page
P = ParamSpec("P")
T = TypeVar("T")
log = logging.getLogger(__name__)


def problem_title(error: BaseException) -> str:
    """What the reader is told went wrong, in one short sentence."""
    if is_query_timeout(error):
        return _("This view took too long")
    return _("The data is temporarily unavailable")


def problem_message(error: BaseException, *, retrying: bool) -> str:
    """What the reader can do about it (``retrying``: the page reloads itself)."""
    if is_query_timeout(error):
        return _(
            "Computing it took longer than this dashboard allows. Narrow the filters "
            "(a shorter period, fewer places, fewer breakdowns) and try again."
        )
    if retrying:
        return _(
            "The dashboard cannot reach its database just now. This page tries again by itself every "
            "%(seconds)s seconds.",
            seconds=RETRY_S,
        )
    return _("The dashboard cannot reach its database just now. Try again in a moment.")


def _logged(error: BaseException) -> None:
    what = "a statement ran past its budget" if is_query_timeout(error) else "the database is unavailable"
    detail = str(getattr(error, "orig", error)).strip().splitlines()
    asked = f"{request.method} {request.full_path}" if has_request_context() else "start-up"
    log.warning("%s: %s (%s)", asked, what, detail[0] if detail else "")


def problem_response(error: Exception) -> Response:
    """A 503 for a database that cannot answer ``error``'s request: JSON for data requests, else a page."""
    _logged(error)
    if request.path.startswith(DATA_PATHS):
        body = {
            "error": {
                "parameter": None,
                "message": f"{problem_title(error)}. {problem_message(error, retrying=False)}",
            }
        }
        response = Response(json.dumps(body), status=503, mimetype="application/json")
    else:
        page = render_template(
            "lite/error.html",
            lang=language(),
            title=problem_title(error),
            message=problem_message(error, retrying=True),
            back=_("Try again now"),
            back_href=request.full_path if request.query_string else request.path,
        )
        response = Response(page, status=503, mimetype="text/html")
        if not is_query_timeout(error):
            response.headers["Refresh"] = str(RETRY_S)
    response.headers["Retry-After"] = str(RETRY_S)
    response.cache_control.no_store = True
    return response


def answer_database_problems(target: Flask | Blueprint) -> Flask | Blueprint:
    """``target`` answering database problems with :func:`problem_response` (before its own catch-alls)."""
    for problem in DATABASE_PROBLEMS:
        target.register_error_handler(problem, problem_response)
    return target


def tolerant(build: Callable[P, T], *, kept: tuple[Component, ...] = ()) -> Callable[P, T | html.Div]:
    """``build`` (a layout), or a notice saying why it cannot be built now, when the database cannot answer;
    the notice is followed by the components ``kept`` (those Dash requires in a layout)."""

    @functools.wraps(build)
    def layout(*args: P.args, **kwargs: P.kwargs) -> T | html.Div:
        try:
            return build(*args, **kwargs)
        except DATABASE_PROBLEMS as error:
            _logged(error)
            return html.Div(
                [
                    html.H1(problem_title(error), className="h4"),
                    html.P(problem_message(error, retrying=False)),
                    html.A(_("Try again now"), href=""),
                    *kept,
                ],
                className="alert alert-warning m-3",
                role="alert",
            )

    return layout


def once_built(build: Callable[[], T]) -> Callable[[], T | None]:
    """``build()`` kept from the first call the database lets it succeed; None until then."""
    built: list[T] = []

    def get() -> T | None:
        if not built:
            try:
                built.append(build())
            except DATABASE_PROBLEMS:
                return None  # tried again at the next call
        return built[0]

    return get


def database_checked(service: ViewData, page_rules: frozenset[str]) -> Callable[[], None]:
    """A ``before_request`` hook reading the data version (at most once a second) before a page's HTML is
    sent, so a page asked while the database is unreachable gets the 503 page, not a page that cannot load."""

    def check() -> None:
        if request.url_rule is not None and request.url_rule.rule in page_rules:
            service.data_version()

    return check


def tolerate_database_outages(server: Flask, service: ViewData, page_rules: frozenset[str]) -> None:
    """Answer database problems with 503s, check the database before sending a page, and build every
    registered page's layout tolerantly (Dash builds them all on its first request)."""
    answer_database_problems(server)
    server.before_request(database_checked(service, page_rules))
    for page in dash.page_registry.values():
        page["layout"] = tolerant(page["layout"])
