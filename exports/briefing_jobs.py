"""Briefings built as background jobs, shared by every asker of the same briefing.

A job is keyed by its briefing (normalised query and data version, :meth:`Briefing.key`): the
app's button and the direct address share its progress and its finished file. Both start it the
same way (:meth:`BriefingJobs.start` queues it on a worker unless it is finished or claimed); the
worker claims the key and builds; askers follow its state until the file is there. At most
:data:`MAX_RUNNING` briefings are built at once across processes (a store-wide slot each); the
others wait for a slot. State and files live in a store every process sees: a diskcache folder
in development, Redis in production. Files are kept :data:`FILE_TTL_S` seconds, the store is
bounded in size, a claim or slot of a job that died lapses after :data:`JOB_TTL_S` seconds.
"""

from __future__ import annotations

import pickle
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol

from kombu.exceptions import OperationalError as BrokerUnreachableError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from core.i18n import _
from exports.briefing import Progress

#: Errors of a store or queue that cannot be reached (production's Redis, Celery's broker): briefings
#: are then unavailable, the rest of the app is not.
QUEUE_UNREACHABLE = (RedisConnectionError, RedisTimeoutError, BrokerUnreachableError)

#: Briefings built at once across every process.
MAX_RUNNING = 2
#: Seconds a claim or a slot lasts: longer than any briefing takes, short enough to retry one that died.
JOB_TTL_S = 600
#: Seconds a finished briefing is kept; a failed one is retried after FAILED_TTL_S.
FILE_TTL_S = 3600
FAILED_TTL_S = 30
#: Seconds between two looks at a job's state while waiting for its file or for a slot.
POLL_S = 0.3


class Store(Protocol):
    """A key-value store shared by processes, with expiry and an atomic "add if absent"."""

    def add(self, key: str, value: object, seconds: int) -> bool: ...
    def put(self, key: str, value: object, seconds: int) -> None: ...
    def get(self, key: str) -> object | None: ...
    def delete(self, key: str) -> None: ...


class DiskStore:
    """A :class:`Store` in a diskcache folder (development: shared by the processes of one machine)."""

    def __init__(self, directory: str, size_limit: int) -> None:
        import diskcache

        self._cache = diskcache.Cache(directory, size_limit=size_limit)

    def add(self, key: str, value: object, seconds: int) -> bool:
        return bool(self._cache.add(key, value, expire=seconds))

    def put(self, key: str, value: object, seconds: int) -> None:
        self._cache.set(key, value, expire=seconds)

    def get(self, key: str) -> object | None:
        return self._cache.get(key)

    def delete(self, key: str) -> None:
        self._cache.delete(key)


class RedisStore:
    """A :class:`Store` in Redis (production: shared by the web and worker processes)."""

    def __init__(self, url: str, prefix: str = "briefing:") -> None:
        import redis

        self._redis = redis.Redis.from_url(url)
        self._prefix = prefix

    def add(self, key: str, value: object, seconds: int) -> bool:
        return bool(self._redis.set(self._prefix + key, pickle.dumps(value), nx=True, ex=seconds))

    def put(self, key: str, value: object, seconds: int) -> None:
        self._redis.set(self._prefix + key, pickle.dumps(value), ex=seconds)

    def get(self, key: str) -> object | None:
        raw = self._redis.get(self._prefix + key)
        return None if raw is None else pickle.loads(raw)  # written by this class only

    def delete(self, key: str) -> None:
        self._redis.delete(self._prefix + key)


@dataclass(frozen=True)
class JobState:
    """Where a briefing's job is: ``waiting`` for a slot, ``running``, ``done`` or ``failed``."""

    status: str
    done: int = 0
    total: int = 0


class BriefingJobs:
    """Start, build, follow and fetch briefings.

    ``normalise(query)`` gives a query's job key and normalised query (a ``FilterError`` for a bad
    one); ``build(query, progress)`` the PDF; ``submit(key, query)`` queues :meth:`run` on a worker.
    """

    def __init__(
        self,
        store: Store,
        normalise: Callable[[str], tuple[str, str]],
        build: Callable[[str, Progress], bytes],
    ) -> None:
        self.store = store
        self.normalise = normalise
        self.build = build
        self.submit: Callable[[str, str], None] = self.run

    def state(self, key: str) -> JobState | None:
        """The job's state (``None``: never asked, or expired)."""
        if self.store.get(f"file:{key}") is not None:
            return JobState("done")
        state = self.store.get(f"state:{key}")
        return state if isinstance(state, JobState) else None

    def result(self, key: str) -> bytes | None:
        """The finished briefing, if it is there."""
        data = self.store.get(f"file:{key}")
        return data if isinstance(data, bytes) else None

    def start(self, key: str, query: str) -> None:
        """Queue the job unless it is finished or already claimed."""
        if self.result(key) is None and self.store.get(f"claim:{key}") is None:
            self.store.put(f"state:{key}", JobState("waiting"), JOB_TTL_S)
            self.submit(key, query)

    def run(self, key: str, query: str) -> None:
        """Build the briefing (on a worker) unless another has claimed it."""
        if self.result(key) is not None or not self.store.add(f"claim:{key}", 1, JOB_TTL_S):
            return

        def progress(done: int, total: int) -> None:
            self.store.put(f"state:{key}", JobState("running", done, total), JOB_TTL_S)

        try:
            with _Slot(self.store, key):
                progress(0, 0)
                data = self.build(query, progress)
            self.store.put(f"file:{key}", data, FILE_TTL_S)
            self.store.delete(f"state:{key}")
        except Exception:
            self.store.put(f"state:{key}", JobState("failed"), FAILED_TTL_S)
            raise
        finally:
            self.store.delete(f"claim:{key}")

    def wait(self, key: str, budget_s: float) -> bytes | None:
        """The finished briefing, waiting up to ``budget_s`` seconds for it (``None`` if not ready)."""
        deadline = time.monotonic() + budget_s
        while True:
            data = self.result(key)
            state = self.state(key)
            if data is not None or time.monotonic() >= deadline or (state and state.status == "failed"):
                return data
            time.sleep(POLL_S)


class _Slot(AbstractContextManager[None]):
    """One of the :data:`MAX_RUNNING` turns to build, waited for while the job reads "waiting"."""

    def __init__(self, store: Store, key: str) -> None:
        self.store = store
        self.key = key
        self.name = ""

    def __enter__(self) -> None:
        deadline = time.monotonic() + JOB_TTL_S
        while time.monotonic() < deadline:
            for index in range(MAX_RUNNING):
                if self.store.add(f"slot:{index}", self.key, JOB_TTL_S):
                    self.name = f"slot:{index}"
                    return
            time.sleep(POLL_S)
        raise TimeoutError("no turn to build a briefing came")

    def __exit__(self, *_exc: object) -> None:
        self.store.delete(self.name)


def progress_text(state: JobState) -> str:
    """Where a briefing's job is, in words."""
    if state.status == "running" and state.total:
        return _("Chart %(done)d of %(total)d drawn…", done=state.done, total=state.total)
    return _("Waiting for a turn to build the briefing…")


def unavailable_text() -> str:
    """What a reader is told while briefings' store or queue cannot be reached."""
    return _("Briefings are temporarily unavailable; try again in a few minutes.")
