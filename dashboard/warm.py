"""The default view computed before its first visitor: at start-up and after every load.

A visitor opening the dashboard sees the overview with the default filters. Its answers (key
figures, the four panels, the map's first layer, the filter bar's choices) are computed here
into the configured cache, so that visitor gets warm answers. Each server process keeps its
default view warm with a thread that notices a new data version (at most ``WARM_POLL_S``
after it is visible to the process); the load commands warm a shared cache (Redis) directly.
"""

from __future__ import annotations

import logging
import threading
import time

from dash import Dash

from core.config import Config
from data_access.db import DATABASE_PROBLEMS
from panels.filters import filters_from_state
from panels.maps import initial_map, layer_options, map_patch
from panels.overview import key_figures
from panels.pages import PAGE_CONTENT
from view_data import ViewData

WARM_POLL_S = 2.0
PROCESS_CACHES = frozenset({"SimpleCache", "NullCache", "null", "simple"})
log = logging.getLogger(__name__)


def warm_default_view(app: Dash, service: ViewData) -> float:
    """Compute every answer of the overview for the default filters into the cache; seconds it took."""
    started = time.perf_counter()
    with app.server.test_request_context("/"):
        filters = filters_from_state(service, None)
        service.filter_choices(filters.region)
        content = PAGE_CONTENT["overview"]
        content.build(service, filters, {name: c.default(service) for name, c in content.controls.items()})
        key_figures(service, filters)
        _figure, slots = initial_map(service, filters.region)
        map_patch(service, layer_options()[0]["value"], filters, slots)
    return time.perf_counter() - started


def shared_cache(config: Config) -> bool:
    """Whether the configured cache outlives a process and is seen by the servers (Redis, not in-process)."""
    return config.cache_type not in PROCESS_CACHES


def keep_warm(app: Dash, service: ViewData, stop: threading.Event) -> None:
    """Warm the default view now and whenever the data version changes, until ``stop`` is set."""
    warmed = None
    unavailable = False
    while not stop.is_set():
        try:
            version = service.data_version()
            if version != warmed:
                seconds = warm_default_view(app, service)
                warmed = version
                log.info("default view of data version %s computed in %.1f s", version, seconds)
            unavailable = False
        except (
            DATABASE_PROBLEMS
        ) as error:  # unreachable, or still being migrated: said once, tried at every poll
            if not unavailable:
                log.warning("database unavailable (%s); warming again once it answers", type(error).__name__)
            unavailable = True
        except Exception:
            log.exception("could not compute the default view; trying again in %s s", WARM_POLL_S)
        stop.wait(WARM_POLL_S)


def start_keeping_warm(app: Dash, service: ViewData) -> threading.Event:
    """Run :func:`keep_warm` in a daemon thread of this process; set the returned event to stop it."""
    stop = threading.Event()
    threading.Thread(target=keep_warm, args=(app, service, stop), name="keep-warm", daemon=True).start()
    return stop
