"""WSGI entry point: ``gunicorn dashboard.wsgi:server``; briefings: ``celery --app dashboard.wsgi:celery_app worker``.

Production: refuses to start without ``SECRET_KEY`` (:func:`dashboard.secret_key.production_secret_key`).
"""

from core.config import Config
from dashboard.app import create_app
from dashboard.briefings import CELERY_EXTENSION
from dashboard.secret_key import production_secret_key
from dashboard.warm import start_keeping_warm
from view_data import ViewData

production_secret_key()
app = create_app()
server = app.server
celery_app = server.extensions.get(CELERY_EXTENSION)  # set when CACHE_REDIS_URL is
keep_warm = start_keeping_warm(app, ViewData.for_config(Config.from_env()))  # this process's default view
