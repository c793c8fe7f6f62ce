"""Application factory."""

from __future__ import annotations

import functools
from collections import OrderedDict

import dash
from dash import State
from flask import Response, request
from flask_babel import Babel
from flask_compress import Compress

import callbacks
from callbacks import briefing as briefing_callbacks
from callbacks.language import page_language
from core.config import PROJECT_ROOT, Config
from core.i18n import select_locale
from dashboard.api import create_api
from dashboard.briefings import briefing_jobs, create_briefing_routes
from dashboard.export_routes import create_export_routes
from dashboard.geometry_routes import create_geometry_routes
from dashboard.health_routes import create_health_routes
from dashboard.lite_routes import create_lite_routes
from dashboard.outage import answer_database_problems, once_built, tolerant, tolerate_database_outages
from dashboard.secret_key import secret_key
from dashboard.security import secure
from layouts import ids, pages
from layouts.shell import app_shell, validation_layout
from panels.maps import GEOMETRY_PATH
from view_data import ViewData, cache
from view_data.redis_cache import OutageTolerantRedisCache

ASSETS_DIR = PROJECT_ROOT / "assets"
TRANSLATIONS_DIR = PROJECT_ROOT / "translations"
CATCH_ALL_RULE = "/<path:path>"
YEAR_S = 365 * 24 * 3600
DAY_S = 24 * 3600
COMPRESS_SETTINGS = {  # HTML, callback JSON, JS, CSS, GeoJSON; best encoding the browser accepts
    "COMPRESS_MIMETYPES": [
        "text/html",
        "text/css",
        "text/plain",
        "text/javascript",
        "application/javascript",
        "application/json",
        "application/geo+json",
        "image/svg+xml",
        "image/x-icon",
        "image/vnd.microsoft.icon",
    ],
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    "COMPRESS_ALGORITHM_STREAMING": ["br", "gzip"],  # unfingerprinted /assets files are streamed
    "COMPRESS_BR_LEVEL": 5,
    "COMPRESS_CACHE_KEY": lambda request: request.full_path,
}
#: Cache backends used in place of the configured one: Redis's serves uncached, logging once, while unreachable.
CACHE_BACKENDS = {"RedisCache": f"{OutageTolerantRedisCache.__module__}.{OutageTolerantRedisCache.__name__}"}
COMPONENT_SUITES = "/_dash-component-suites/"
ASSETS_PATH = "/assets/"


class ComponentSuiteCache:
    """Flask-Compress's cache: keeps the compressed bytes of static files and map geometry only.

    Component-suite files, fingerprinted ``/assets`` files (``?m=<mtime>``; the plotly.js bundle
    alone is 3 MB, about 0.2 s to compress) and the map's GeoJSON documents (asked without a query
    string) are compressed once per process, not on every visit. Every other answer is compressed
    afresh. At most ``MAX_ENTRIES`` are kept (the least recently used go first), so crafted
    fingerprints cannot grow it without bound.
    """

    MAX_ENTRIES = 128

    def __init__(self) -> None:
        self._compressed: OrderedDict[str, bytes] = OrderedDict()

    def __len__(self) -> int:
        return len(self._compressed)

    def get(self, key: str) -> bytes | None:
        """The compressed bytes stored under ``key`` (``"<algorithm>;<path>?<query>"``), if any."""
        value = self._compressed.get(key)
        if value is not None:
            self._compressed.move_to_end(key)
        return value

    def set(self, key: str, value: bytes) -> None:
        """Keep ``value`` if ``key`` names a static file or a map geometry document."""
        geometry = f";{GEOMETRY_PATH}" in key and key.endswith("?")  # keys end with the query string
        asset = f";{ASSETS_PATH}" in key and "?m=" in key
        if f";{COMPONENT_SUITES}" in key or geometry or asset:
            self._compressed[key] = value
            self._compressed.move_to_end(key)
            while len(self._compressed) > self.MAX_ENTRIES:
                self._compressed.popitem(last=False)


def create_app(config: Config | None = None) -> dash.Dash:
    """Build the Dash app and its Flask server from ``config`` (default: the environment)."""
    config = config or Config.from_env()
    service = ViewData.for_config(config)
    dash.page_registry.clear()
    app = dash.Dash(
        __name__,
        use_pages=True,
        pages_folder="",
        assets_folder=str(ASSETS_DIR),
        serve_locally=True,
        external_stylesheets=[],
        title="Mixed migration protection monitor",
        update_title=None,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
        routing_callback_inputs={pages.SHOWN_PAGE_ARG: State(ids.PAGE_SHOWN, "data")},
    )
    server = app.server
    server.secret_key = secret_key()
    server.config.update(
        CACHE_TYPE=CACHE_BACKENDS.get(config.cache_type, config.cache_type),
        CACHE_DEFAULT_TIMEOUT=config.cache_timeout_s,
        CACHE_REDIS_URL=config.cache_redis_url,
        BABEL_TRANSLATION_DIRECTORIES=str(TRANSLATIONS_DIR),
        **COMPRESS_SETTINGS,
        COMPRESS_CACHE_BACKEND=ComponentSuiteCache,
    )
    cache.init_app(server)
    Babel(server, locale_selector=functools.partial(select_locale, page_language))
    server.register_blueprint(answer_database_problems(create_api(service)))
    server.register_blueprint(create_health_routes(service))
    server.register_blueprint(create_geometry_routes(service))
    server.register_blueprint(create_export_routes(service))
    server.register_blueprint(create_lite_routes(service))
    jobs = briefing_jobs(config, server, service)
    server.register_blueprint(create_briefing_routes(jobs))
    callbacks.register_all(app, service)
    briefing_callbacks.register(app, jobs)
    secure(app)
    server.after_request(_unknown_pages_not_found)
    server.after_request(_fingerprinted_cached_for_a_year)
    Compress(server)
    server.after_request(_fingerprinted_assets_read_whole)  # runs before Compress's hook
    with server.app_context():
        pages.register_all(service)
        app.layout = tolerant(lambda: app_shell(service), kept=(dash.page_container,))
        tolerate_database_outages(server, service, frozenset({"/", CATCH_ALL_RULE}))
        light = once_built(functools.partial(validation_layout, service))  # the database may be down at start
        app.validation_layout = light()

    @server.before_request
    def _keep_the_light_validation_layout() -> None:
        # Dash Pages replaces the validation layout on the first request with every page's full
        # layout (figures included), which Dash then inlines into every HTML page: put ours back.
        # This hook is registered after Dash's own, so it runs after it.
        app.validation_layout = light()

    return app


def _fingerprinted_assets_read_whole(response: Response) -> Response:
    """A fingerprinted ``/assets`` file as a body, not a stream, so its compressed bytes are cached."""
    fingerprinted = request.path.startswith(ASSETS_PATH) and "m" in request.args
    if fingerprinted and request.method == "GET" and response.status_code == 200 and response.is_streamed:
        response.direct_passthrough = False
        response.set_data(response.get_data())
    return response


def _fingerprinted_cached_for_a_year(response: Response) -> Response:
    """Long cache lifetime for responses whose URL changes when their content does.

    Dash names component-suite files with their package's version and mtime (and already gives
    them a year's ``max-age``); ``/assets`` files carry ``?m=<mtime>``.
    """
    if request.method not in {"GET", "HEAD"} or response.status_code not in {200, 304}:
        return response
    suites = request.path.startswith(COMPONENT_SUITES) and response.cache_control.max_age == YEAR_S
    assets = request.path.startswith(ASSETS_PATH) and "m" in request.args
    if suites or assets:
        response.cache_control.public = True
        response.cache_control.max_age = YEAR_S
        response.cache_control.immutable = True
        response.cache_control.no_cache = None
    elif request.path == "/_favicon.ico":  # its ?v= is Dash's version, not the icon's: a day, not a year
        response.cache_control.public = True
        response.cache_control.max_age = DAY_S
    return response


def _unknown_pages_not_found(response: Response) -> Response:
    """An address no page has gets its not-found page with status 404 (Dash answers 200 to every path)."""
    catch_all = request.url_rule is not None and request.url_rule.rule == CATCH_ALL_RULE
    if catch_all and response.status_code == 200 and request.path.rstrip("/") not in pages.page_paths():
        response.status_code = 404
    return response
