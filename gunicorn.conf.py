"""gunicorn settings of the production web process (the ``Procfile``'s ``web``).

Every value can be overridden on gunicorn's command line or in ``GUNICORN_CMD_ARGS``. The worker
class and thread count were chosen by measurement with ``python -m dashboard loadtest``
(docs/performance.md#load-gunicorn-postgresql-and-redis).
"""

import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8050')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# The last resort: a worker silent for this long is killed and replaced (the database's statement
# timeout and the engine's time budget end a slow request well before).
timeout = 30
graceful_timeout = 20  # on SIGTERM or a reload, requests under way get this long to finish
keepalive = 5
# A worker is replaced after about this many requests, so memory a long-lived process gathers stays
# bounded; the jitter keeps the workers from being replaced at the same moment. Measured: a worker's
# memory levels off at about 330 MiB within minutes, while each replacement costs a start-up (tens of
# seconds on busy cores) during which the other worker serves alone; at 1,000 requests that happened
# every 3 minutes under 50 readers and made the slowest 1% of answers wait about a minute.
max_requests = 10000
max_requests_jitter = 1000
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
