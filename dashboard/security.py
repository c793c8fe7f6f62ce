"""Security headers on every answer, and not-found answers that say so.

Every response (pages, callbacks, API, low-bandwidth view, static files, exports, errors) carries:

* a Content-Security-Policy under which the app runs and an injected script does not: scripts only
  from this site plus Dash's own inline scripts (the renderer and the clientside callbacks, allowed by
  their SHA-256 hash as :meth:`dash.Dash.csp_hashes` gives them); the map library's workers from the
  ``blob:`` URLs it builds them from; no plugins, no ``<base>`` elsewhere, forms sent here only, and
  no page of another site may frame these (the export and briefing pictures are drawn by a browser
  from the figure itself, never by framing a page). Styles allow ``'unsafe-inline'``: plotly.js and
  the data table write ``<style>`` elements and ``style`` attributes while drawing, and the
  low-bandwidth view has its stylesheet inline; injected CSS cannot run code, and a page holds no
  secret a selector could leak (published aggregates only, no login).
* ``X-Content-Type-Options: nosniff``: a browser takes a CSV or JSON answer for what it says it is.
* ``Referrer-Policy: strict-origin-when-cross-origin``: another site learns at most this site's
  origin, never the filters in a page's address. Requests within the site keep their full referrer,
  which the app needs: Dash's layout request carries no query string, so its language is read from
  the ``lang`` of the page's address in its Referer (:func:`core.i18n.referrer_language`);
  ``no-referrer`` would draw a French page's frame in the browser's language.

Unknown addresses under ``/api`` get a JSON 404 (405 for a method an endpoint does not take) in the
API's error shape; a malformed ``/_dash-component-suites/`` address gets a 404 instead of Dash's
``DependencyException`` (a 500).

A small ``after_request`` hook rather than flask-talisman: talisman's last release is of 2023, and
its defaults (redirect to HTTPS, HSTS, secure session cookie) belong to the TLS-terminating proxy and
would each have to be turned off for the plain-HTTP development server; what remains is three headers.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import NoReturn

import dash
from dash.exceptions import DependencyException
from flask import Blueprint, Response, abort, current_app, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from dashboard.api import PREFIX, error_response

API_ROOT = "/api"
#: The policy's directives without Dash's inline-script hashes (added to ``script-src`` per app).
POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "worker-src": ("'self'", "blob:"),
    "style-src": ("'self'", "'unsafe-inline'"),
    "img-src": ("'self'", "data:", "blob:"),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
    "frame-ancestors": ("'none'",),
}
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
NOT_FOUND_MESSAGE = f"no API endpoint at this address; the endpoints are listed at {PREFIX}/openapi.json"
METHOD_MESSAGE = "this endpoint answers GET only"
NOT_FOUND_ENDPOINT = "api_not_found.not_found"


def content_security_policy(script_hashes: Iterable[str]) -> str:
    """The Content-Security-Policy header value, allowing the inline scripts of ``script_hashes``
    (each quoted as CSP writes it: ``'sha256-<base64>'``)."""
    directives = {**POLICY, "script-src": tuple(dict.fromkeys((*POLICY["script-src"], *script_hashes)))}
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def secure(app: dash.Dash) -> None:
    """Give every answer of ``app`` the security headers; answer unknown API and component paths 404."""
    server = app.server
    server.after_request(functools.partial(_with_security_headers, app))
    server.register_blueprint(_api_not_found())
    server.register_error_handler(NotFound, _json_under_api)
    server.register_error_handler(MethodNotAllowed, _json_under_api)
    server.register_error_handler(DependencyException, _missing_component_file)


def _with_security_headers(app: dash.Dash, response: Response) -> Response:
    # Dash adds the Pages title script on its first request, before this hook runs: hash what it has now.
    response.headers.setdefault("Content-Security-Policy", content_security_policy(app.csp_hashes()))
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def _api_not_found() -> Blueprint:
    """``/api`` and every address under it that no endpoint has (Dash would answer its page)."""
    blueprint = Blueprint("api_not_found", __name__, url_prefix=API_ROOT)

    @blueprint.get("/", strict_slashes=False)
    @blueprint.get("/<path:rest>")
    def not_found(rest: str = "") -> NoReturn:
        del rest
        abort(404)

    return blueprint


def _json_under_api(error: HTTPException) -> Response | HTTPException:
    """Under ``/api``, the API's JSON error; elsewhere the error's own page."""
    if request.path != API_ROOT and not request.path.startswith(f"{API_ROOT}/"):
        return error
    if isinstance(error, MethodNotAllowed) and _endpoint_for_get() != NOT_FOUND_ENDPOINT:
        response = error_response(405, None, METHOD_MESSAGE)
        response.headers["Allow"] = ", ".join(error.valid_methods or ())
        return response
    return error_response(404, None, NOT_FOUND_MESSAGE)


def _endpoint_for_get() -> str:
    """The endpoint a GET of the request's address reaches (the catch-all when no endpoint has it)."""
    endpoint, _arguments = current_app.url_map.bind_to_environ(request.environ).match(method="GET")
    return str(endpoint)


def _missing_component_file(_error: DependencyException) -> HTTPException:
    """Dash raises this for a package or file it does not serve: that is a missing page, not a fault."""
    return NotFound()
