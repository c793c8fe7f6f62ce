"""The panels of every page: which builder fills them and which page controls it reads (``panels.pages``)."""

from __future__ import annotations

from dash import Dash

from callbacks.panels import register_page_panels
from panels.pages import PAGE_CONTENT
from view_data import ViewData


def register(app: Dash, service: ViewData) -> None:
    """Register the panel callback of every page with panels."""
    for page, content in PAGE_CONTENT.items():
        register_page_panels(app, service, page, content.build, controls=tuple(content.controls))
