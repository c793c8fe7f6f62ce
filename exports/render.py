"""Draw figures as SVG or PNG in one headless Chromium per process (kaleido), shared and bounded.

The browser is the system's (``BROWSER_PATH``, default ``/usr/bin/chromium``); nothing is downloaded.
It starts at the first picture and runs an event loop in its own thread. At most ``MAX_IN_FLIGHT``
pictures are drawn at once per process: a request waits ``QUEUE_WAIT_S`` for a turn, then is told
to try again. A picture (start, SVG and PNG together) gets ``DEADLINE_S`` seconds, well below
gunicorn's 30 s worker timeout. A browser that fails to start is killed with its children and not
tried again for ``RETRY_AFTER_S`` seconds; one picture's failure does not close the browser the
others use, and a browser that died is started afresh for the next picture.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import os
import signal
import subprocess
import threading
import time
from collections.abc import Coroutine, Iterator
from concurrent.futures import TimeoutError as FutureTimeout

import plotly.graph_objects as go
from kaleido import Kaleido

DEFAULT_BROWSER = "/usr/bin/chromium"
#: Seconds one picture may take, from its turn to its last byte.
DEADLINE_S = 20.0
#: Pictures drawn at once per process (each in its own browser tab).
MAX_IN_FLIGHT = 2
#: Seconds a picture waits for a turn before the request is answered "busy".
QUEUE_WAIT_S = 2.0
#: Seconds after a failed start during which no browser is started again.
RETRY_AFTER_S = 30.0
#: Seconds given to a closing browser before it is killed.
CLOSE_WAIT_S = 5.0


class PictureError(RuntimeError):
    """No picture can be drawn now: no browser, or it failed or was too slow (the text is for logs)."""


class PicturesBusyError(PictureError):
    """Every turn to draw a picture is taken: try again in a few seconds."""


class Renderer:
    """One browser drawing figures for the whole process, started on first use."""

    def __init__(
        self,
        browser_path: str = DEFAULT_BROWSER,
        deadline_s: float = DEADLINE_S,
        max_in_flight: int = MAX_IN_FLIGHT,
        queue_wait_s: float = QUEUE_WAIT_S,
        retry_after_s: float = RETRY_AFTER_S,
    ) -> None:
        self.browser_path = browser_path
        self.deadline_s = deadline_s
        self.max_in_flight = max_in_flight
        self.queue_wait_s = queue_wait_s
        self.retry_after_s = retry_after_s
        self._turns = threading.BoundedSemaphore(max_in_flight)
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido: Kaleido | None = None
        self._failed_at: float | None = None
        atexit.register(self.close)

    @classmethod
    def from_env(cls) -> Renderer:
        """A renderer of the browser named by ``BROWSER_PATH`` (the system Chromium by default)."""
        return cls(os.environ.get("BROWSER_PATH") or DEFAULT_BROWSER)

    def available(self) -> bool:
        """True when the browser's executable is there."""
        return os.path.isfile(self.browser_path) and os.access(self.browser_path, os.X_OK)

    @contextlib.contextmanager
    def turn(self) -> Iterator[float]:
        """A turn to draw one picture, yielding its deadline (``time.monotonic()``); busy if none comes."""
        if not self._turns.acquire(timeout=self.queue_wait_s):
            raise PicturesBusyError(f"{self.max_in_flight} pictures were being drawn")
        try:
            yield time.monotonic() + self.deadline_s
        finally:
            self._turns.release()

    def draw(
        self,
        figure: go.Figure,
        image_format: str,
        width: int,
        height: int,
        scale: float = 1,
        *,
        deadline: float,
    ) -> bytes:
        """``figure`` drawn as ``image_format`` (``svg`` or ``png``) at ``width`` × ``height`` px by ``deadline``."""
        kaleido, loop = self._started(deadline)
        opts = {"format": image_format, "width": width, "height": height, "scale": scale}
        return _result(kaleido.calc_fig(figure.to_dict(), opts=opts), loop, deadline, "drawing the picture")

    def close(self) -> None:
        """Close the browser (it starts again on the next picture)."""
        with self._lock:
            kaleido, loop = self._kaleido, self._loop
            self._kaleido = self._loop = None
        if kaleido is not None and loop is not None:
            _shut(kaleido, loop, ask_first=True)

    def _started(self, deadline: float) -> tuple[Kaleido, asyncio.AbstractEventLoop]:
        if not self._lock.acquire(timeout=max(deadline - time.monotonic(), 0)):
            raise PictureError("the browser took too long to start for another picture")
        try:
            if self._kaleido is not None and self._loop is not None:
                if _alive(self._kaleido):
                    return self._kaleido, self._loop
                _shut(self._kaleido, self._loop, ask_first=False)
                self._kaleido = self._loop = None
            return self._start(deadline)
        finally:
            self._lock.release()

    def _start(self, deadline: float) -> tuple[Kaleido, asyncio.AbstractEventLoop]:
        if self._failed_at is not None and time.monotonic() - self._failed_at < self.retry_after_s:
            raise PictureError(f"the browser failed to start less than {self.retry_after_s:g} s ago")
        if not self.available():
            raise PictureError(f"no browser at {self.browser_path}")
        loop = asyncio.new_event_loop()
        threading.Thread(target=loop.run_forever, name="export-browser", daemon=True).start()
        kaleido: Kaleido | None = None
        try:
            kaleido = _result(self._new(), loop, deadline, "preparing")
            _result(kaleido.open(), loop, deadline, "starting")
        except PictureError:
            self._failed_at = time.monotonic()
            if kaleido is None:
                loop.call_soon_threadsafe(loop.stop)
            else:
                _shut(kaleido, loop, ask_first=False)
            raise
        self._kaleido, self._loop, self._failed_at = kaleido, loop, None
        return kaleido, loop

    async def _new(self) -> Kaleido:
        return Kaleido(path=self.browser_path, n=self.max_in_flight, mathjax=False, timeout=self.deadline_s)


def _result(coroutine: Coroutine, loop: asyncio.AbstractEventLoop, deadline: float, doing: str) -> object:
    """What ``coroutine`` run on ``loop`` returns by ``deadline``; it is cancelled when late."""
    future = asyncio.run_coroutine_threadsafe(coroutine, loop)
    try:
        return future.result(max(deadline - time.monotonic(), 0))
    except FutureTimeout:
        future.cancel()
        raise PictureError(f"the browser was too slow {doing}") from None
    except Exception as error:
        raise PictureError(f"the browser failed {doing}: {error}") from error


def _alive(kaleido: Kaleido) -> bool:
    process = getattr(kaleido, "subprocess", None)
    return process is not None and process.poll() is None


def _kill(kaleido: Kaleido) -> None:
    """Kill the browser's process group: its launcher, the browser and the browser's children."""
    if not _alive(kaleido):
        return
    process = kaleido.subprocess
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # started in a session of its own
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(CLOSE_WAIT_S)


def _shut(kaleido: Kaleido, loop: asyncio.AbstractEventLoop, *, ask_first: bool) -> None:
    """End ``kaleido``'s browser (asked to close first if ``ask_first``, else killed), its files and loop."""
    if not ask_first:
        _kill(kaleido)
    with contextlib.suppress(Exception):  # a dead browser's close only removes its files and pipes
        asyncio.run_coroutine_threadsafe(kaleido.close(), loop).result(CLOSE_WAIT_S)
    _kill(kaleido)
    loop.call_soon_threadsafe(loop.stop)
