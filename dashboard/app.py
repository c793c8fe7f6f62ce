"""Application factory."""

from __future__ import annotations

import dash
from flask import Response, request
from flask_babel import Babel

import callbacks
from core.config import PROJECT_ROOT, Config
from core.i18n import select_locale
from dashboard.api import create_api
from layouts import pages
from layouts.shell import app_shell
from view_data import ViewData, cache

ASSETS_DIR = PROJECT_ROOT / "assets"
TRANSLATIONS_DIR = PROJECT_ROOT / "translations"
CATCH_ALL_RULE = "/<path:path>"


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
    )
    server = app.server
    server.config.update(
        CACHE_TYPE=config.cache_type,
        CACHE_DEFAULT_TIMEOUT=config.cache_timeout_s,
        CACHE_REDIS_URL=config.cache_redis_url,
        BABEL_TRANSLATION_DIRECTORIES=str(TRANSLATIONS_DIR),
    )
    cache.init_app(server)
    Babel(server, locale_selector=select_locale)
    server.register_blueprint(create_api(service))
    callbacks.register_all(app, service)
    server.after_request(_unknown_pages_not_found)
    with server.app_context():
        pages.register_all(service)
        app.layout = lambda: app_shell(service)
        app.validation_layout = dash.html.Div([app_shell(service), *pages.all_layouts(service)])
    return app


def _unknown_pages_not_found(response: Response) -> Response:
    """An address no page has gets its not-found page with status 404 (Dash answers 200 to every path)."""
    catch_all = request.url_rule is not None and request.url_rule.rule == CATCH_ALL_RULE
    if catch_all and response.status_code == 200 and request.path.rstrip("/") not in pages.page_paths():
        response.status_code = 404
    return response
