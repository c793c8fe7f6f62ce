"""Thin callbacks: each module's ``register`` wires inputs to the panels and the service."""

from dash import Dash

from callbacks import (
    errors,  # noqa: F401 - registers Dash's error hook: malformed callback values answer no update
    exports,
    filters,
    maps,
    navigation,
    overview,
    page_controls,
    pages,
    presentation,
    route_choices,
    saved_briefing,
    trends,
)
from view_data import ViewData


def register_all(app: Dash, service: ViewData) -> None:
    """Register every callback of the dashboard on ``app`` (called by the app factory)."""
    filters.register(app, service)
    pages.register(app, service)
    page_controls.register(app, service)
    route_choices.register(app, service)
    exports.register(app)
    overview.register(app, service)
    trends.register(app, service)
    maps.register(app, service)
    navigation.register(app)
    presentation.register(app)
    saved_briefing.register(app, service)
