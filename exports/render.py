"""Draw figures as SVG or PNG in one headless Chromium per process (kaleido), reused, with a timeout.

The browser is the system's (``BROWSER_PATH``, default ``/usr/bin/chromium``); nothing is downloaded.
It starts at the first picture and runs an event loop in its own thread; requests from any thread
wait for their picture at most ``timeout_s`` seconds.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import os
import threading
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout

import plotly.graph_objects as go
from kaleido import Kaleido

DEFAULT_BROWSER = "/usr/bin/chromium"
DEFAULT_TIMEOUT_S = 30.0


class PictureError(RuntimeError):
    """No picture can be drawn: no browser, or it did not answer in time."""


class Renderer:
    """One browser drawing figures, started on first use and restarted after a failure."""

    def __init__(self, browser_path: str = DEFAULT_BROWSER, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
        self.browser_path = browser_path
        self.timeout_s = timeout_s
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido: Kaleido | None = None
        atexit.register(self.close)

    @classmethod
    def from_env(cls) -> Renderer:
        """A renderer of the browser named by ``BROWSER_PATH`` (the system Chromium by default)."""
        return cls(os.environ.get("BROWSER_PATH") or DEFAULT_BROWSER)

    def available(self) -> bool:
        """True when the browser's executable is there."""
        return os.path.isfile(self.browser_path) and os.access(self.browser_path, os.X_OK)

    def draw(self, figure: go.Figure, image_format: str, width: int, height: int, scale: float = 1) -> bytes:
        """``figure`` drawn as ``image_format`` (``svg`` or ``png``) at ``width`` × ``height`` px."""
        kaleido, loop = self._started()
        opts = {"format": image_format, "width": width, "height": height, "scale": scale}
        future = asyncio.run_coroutine_threadsafe(kaleido.calc_fig(figure.to_dict(), opts=opts), loop)
        try:
            return self._result(future, "drawing the picture")
        except PictureError:
            self.close()  # a browser that failed once is started afresh for the next picture
            raise

    def close(self) -> None:
        """Close the browser (it starts again on the next picture)."""
        with self._lock:
            kaleido, loop = self._kaleido, self._loop
            self._kaleido = self._loop = None
        if kaleido is not None and loop is not None:
            with contextlib.suppress(Exception):  # a browser that will not close ends with the process
                asyncio.run_coroutine_threadsafe(kaleido.close(), loop).result(self.timeout_s)
            loop.call_soon_threadsafe(loop.stop)

    def _started(self) -> tuple[Kaleido, asyncio.AbstractEventLoop]:
        with self._lock:
            if self._kaleido is None or self._loop is None:
                if not self.available():
                    raise PictureError(f"no browser at {self.browser_path} to draw pictures with")
                loop = asyncio.new_event_loop()
                threading.Thread(target=loop.run_forever, name="export-browser", daemon=True).start()
                try:
                    self._kaleido = self._result(
                        asyncio.run_coroutine_threadsafe(self._open(), loop), "starting"
                    )
                except PictureError:
                    loop.call_soon_threadsafe(loop.stop)
                    raise
                self._loop = loop
            return self._kaleido, self._loop

    async def _open(self) -> Kaleido:
        kaleido = Kaleido(path=self.browser_path, mathjax=False, timeout=self.timeout_s)
        await kaleido.open()
        return kaleido

    def _result(self, future: Future, doing: str) -> object:
        try:
            return future.result(self.timeout_s)
        except FutureTimeout:
            future.cancel()
            raise PictureError(f"the browser took more than {self.timeout_s:g} s {doing}") from None
        except Exception as error:
            raise PictureError(f"the browser failed {doing}: {error}") from error
