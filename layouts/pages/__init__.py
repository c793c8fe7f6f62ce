"""Page registration: each page module has a ``register()`` called by the factory."""

from __future__ import annotations

from layouts.pages import methodology


def register_all() -> None:
    """Register every page with Dash Pages, in navigation order."""
    methodology.register()
