"""The briefing page: the views of a shared link, or of this browser's briefing, checked and listed."""

from __future__ import annotations

from urllib.parse import parse_qs

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, html
from flask import request

from indicators.filters import language_of_query
from layouts import ids
from layouts.pages.saved_briefing import PATH, page_names, view_item, view_pages
from panels.saved_briefing import briefing_link, parse_views
from panels.view import VIEW
from view_data import ViewData


def register(app: Dash, service: ViewData) -> None:
    """Register the callback listing the briefing page's views."""

    @app.callback(
        Output(ids.BRIEFING_VIEWS, "data"),
        Output(ids.BRIEFING_LIST, "children"),
        Output(ids.BRIEFING_PROBLEMS, "children"),
        Output(ids.BRIEFING_ADDRESS, "children"),
        Output(ids.BRIEFING_ADDRESS, "href"),
        Output(ids.BRIEFING_START, "disabled"),
        Input(ids.BRIEFING_PAGE, "data"),
        Input(ids.URL, "search"),
        Input(ids.SAVED_BRIEFING, "data"),
    )
    def list_briefing(_page: object, search: str | None, saved: list[str] | None) -> tuple:
        """A link's views when it names some (shown as given), else this browser's (which can be edited)."""
        given = parse_qs((search or "").removeprefix("?")).get(VIEW)
        texts = given if given is not None else [view for view in saved or [] if isinstance(view, str)]
        views, problems = parse_views(service, texts, view_pages())
        names = page_names()
        items = [
            view_item(
                index, len(texts), names[view.path], view.in_words(service), view.address, given is None
            )
            for index, view in views
        ]
        link = briefing_link(PATH, [view for _index, view in views], language_of_query(search or ""))
        alert = dbc.Alert(
            html.Ul([html.Li(problem) for problem in problems], className="mb-0"), color="danger"
        )
        return (
            [view.address for _index, view in views],
            items,
            alert if problems else None,
            request.host_url.rstrip("/") + request.script_root + link,
            link,
            not views,
        )
