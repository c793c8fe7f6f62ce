"""Application factory."""

from __future__ import annotations

import dash

from dashboard.api import api
from dashboard.config import PROJECT_ROOT, Config
from dashboard.extensions import babel, cache, database
from dashboard.i18n import select_locale

ASSETS_DIR = PROJECT_ROOT / "assets"
TRANSLATIONS_DIR = PROJECT_ROOT / "translations"


def create_app(config: Config | None = None) -> dash.Dash:
    """Build the Dash app and its Flask server from ``config`` (default: the environment)."""
    import callbacks
    from layouts import pages
    from layouts.shell import app_shell

    config = config or Config.from_env()
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
        DASHBOARD=config,
        CACHE_TYPE=config.cache_type,
        CACHE_DEFAULT_TIMEOUT=config.cache_timeout_s,
        CACHE_REDIS_URL=config.cache_redis_url,
        BABEL_TRANSLATION_DIRECTORIES=str(TRANSLATIONS_DIR),
    )
    database.init_app(server, config.database_url)
    cache.init_app(server)
    babel.init_app(server, locale_selector=select_locale)
    server.register_blueprint(api)
    callbacks.attach(app)
    with server.app_context():
        pages.register_all()
        app.layout = app_shell
        app.validation_layout = dash.html.Div([app_shell(), *pages.all_layouts()])
    return app
