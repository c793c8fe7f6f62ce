"""The picture renderer: no browser left behind, a bounded number of pictures, a shared browser kept."""

from __future__ import annotations

import os
import time
from pathlib import Path

import plotly.graph_objects as go
import pytest

from exports.render import PictureError, PicturesBusyError, Renderer

CHART = go.Figure(go.Bar(x=["a", "b"], y=[3, 4]))


def running(marker: str, parent: int | None = None) -> set[int]:
    """Processes (not zombies, children of ``parent`` if given) whose command line holds ``marker``."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            state, ppid = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:2]
        except OSError:
            continue
        if marker in command and state != "Z" and parent in (None, int(ppid)):
            found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """True while process ``pid`` runs (a zombie has ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.fixture
def silent_browser(tmp_path) -> tuple[Path, Path]:
    """A "browser" that never answers: it notes its process id and sleeps."""
    started = tmp_path / "started"
    script = tmp_path / "silent-browser"
    script.write_text(f"#!/bin/sh\necho $$ >> {started}\nexec sleep 300\n")
    script.chmod(0o755)
    return script, started


def test_a_browser_that_does_not_start_in_time_is_killed_and_not_started_again_at_once(silent_browser):
    script, started = silent_browser
    renderer = Renderer(str(script), deadline_s=3)
    with pytest.raises(PictureError), renderer.turn() as deadline:
        renderer.draw(CHART, "svg", 200, 100, deadline=deadline)
    assert started.exists(), "the fake browser was never launched"
    assert running(str(script)) == set()  # its launcher
    assert [pid for pid in started.read_text().split() if alive(int(pid))] == []  # the "browser"
    with pytest.raises(PictureError), renderer.turn() as deadline:
        renderer.draw(CHART, "svg", 200, 100, deadline=deadline)
    assert len(started.read_text().split()) == 1  # refused without launching another browser


def test_a_picture_beyond_the_turns_is_refused_as_busy():
    renderer = Renderer("/nonexistent", max_in_flight=1, queue_wait_s=0.1)
    with renderer.turn(), pytest.raises(PicturesBusyError), renderer.turn():
        pass
    with renderer.turn() as deadline:
        assert deadline > time.monotonic()


@pytest.mark.skipif(not Renderer.from_env().available(), reason="no Chromium to draw with")
def test_one_picture_that_fails_leaves_the_browser_to_the_others():
    renderer = Renderer.from_env()
    try:
        with renderer.turn() as deadline:
            assert renderer.draw(CHART, "svg", 200, 100, deadline=deadline).startswith(b"<svg")
        browsers = running(renderer.browser_path, parent=os.getpid())
        assert browsers, "the browser is not a child of this process"
        with pytest.raises(PictureError):
            renderer.draw(CHART, "svg", 200, 100, deadline=time.monotonic())  # out of time at once
        with renderer.turn() as deadline:
            assert renderer.draw(CHART, "png", 200, 100, deadline=deadline).startswith(b"\x89PNG")
        assert running(renderer.browser_path, parent=os.getpid()) == browsers
    finally:
        renderer.close()
