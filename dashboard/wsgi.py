"""WSGI entry point: ``gunicorn dashboard.wsgi:server``; briefings: ``celery --app dashboard.wsgi:celery_app worker``."""

from dashboard.app import create_app
from dashboard.briefings import CELERY_EXTENSION

app = create_app()
server = app.server
celery_app = server.extensions.get(CELERY_EXTENSION)  # set when CACHE_REDIS_URL is
