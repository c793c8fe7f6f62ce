"""The saved briefing: views in order, shown one after the other in the presentation layout.

``/briefing?view=…&view=…`` shows a shared briefing; ``/briefing`` alone shows the one this
browser is building (views added with "Add this view to the briefing", kept in the browser's
local storage: nothing is stored on the server). ``callbacks.saved_briefing`` checks the views
and lists them; "Start the briefing" (or the right arrow) shows the first.
"""

from __future__ import annotations

import functools
import sys

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from core.i18n import _, lazy_
from layouts import ids
from layouts.pages import not_found_404
from layouts.presentation import BRIEFING_PATH
from panels.saved_briefing import MAX_VIEWS
from view_data import ViewData

PATH = BRIEFING_PATH


def view_pages() -> dict[str, str | None]:
    """Every page a briefing may show, by address: its key when it has panels (``PAGE``), else None."""
    return {
        page["path"]: getattr(sys.modules[page["module"]], "PAGE", None)
        for page in dash.page_registry.values()
        if page["path"] not in (PATH, not_found_404.PATH)
    }


def page_names() -> dict[str, str]:
    """Each page's name in the interface language, by address."""
    return {page["path"]: str(page["name"]) for page in dash.page_registry.values()}


def edit_button(index: int, move: int, text: str, label: str) -> html.Button:
    """A button moving the view at ``index`` up (-1) or down (1), or removing it (0)."""
    return html.Button(
        text,
        id={"type": ids.BRIEFING_EDIT, "index": index, "move": move},
        n_clicks=0,
        className="btn btn-sm btn-outline-secondary",
        **{"aria-label": label},
    )


def view_item(index: int, count: int, name: str, words: str, address: str, editable: bool) -> html.Li:
    """One view of the list: its page, its filters and controls in words, and the edit buttons."""
    number = index + 1
    buttons = (
        [
            *([edit_button(index, -1, "↑", _("Move view %(number)d up", number=number))] if index else []),
            *(
                [edit_button(index, 1, "↓", _("Move view %(number)d down", number=number))]
                if index < count - 1
                else []
            ),
            edit_button(index, 0, _("Remove"), _("Remove view %(number)d", number=number)),
        ]
        if editable
        else []
    )
    return html.Li(
        [
            html.Div(
                [html.Strong(name), " ", dcc.Link(_("Open this view"), href=address, className="small ms-2")]
            ),
            html.Div(words, className="small text-body-secondary"),
            html.Div(buttons, className="d-flex gap-1 mt-1") if buttons else None,
        ],
        className="list-group-item",
    )


def layout(_service: ViewData, **_query: str | list[str]) -> html.Div:
    """The briefing's views, the way to start it and its shareable link (filled by ``callbacks.saved_briefing``)."""
    return html.Div(
        [
            html.H1(_("Briefing"), className="h3"),
            html.P(
                _(
                    "A briefing shows views of the dashboard one after the other, in large type for a "
                    "projector: the right and left arrow keys (or the buttons at the foot) step through "
                    "them. Add views with “Add this view to the briefing” on any page; up to %(count)d.",
                    count=MAX_VIEWS,
                ),
                className="text-body-secondary",
            ),
            dcc.Store(id=ids.BRIEFING_VIEWS),
            dcc.Store(id=ids.BRIEFING_PAGE),
            html.Div(id=ids.BRIEFING_PROBLEMS),
            html.Ol(id=ids.BRIEFING_LIST, className="list-group list-group-numbered mb-3"),
            html.Div(
                [
                    dbc.Button(_("Start the briefing"), id=ids.BRIEFING_START, n_clicks=0, disabled=True),
                    html.Span(
                        [
                            dcc.Clipboard(
                                target_id=ids.BRIEFING_ADDRESS,
                                title=_("Copy the briefing link"),
                                className="btn btn-outline-secondary",
                                content=None,
                            ),
                            html.Span(_("Copy the briefing link"), className="ms-1"),
                        ],
                        className="d-inline-flex align-items-center",
                    ),
                ],
                className="d-flex flex-wrap gap-3 align-items-center mb-2",
            ),
            html.P(
                [_("Link to this briefing:"), " ", html.A(id=ids.BRIEFING_ADDRESS, className="text-break")],
                className="small",
            ),
        ]
    )


def register(service: ViewData) -> None:
    """Register the page."""
    dash.register_page(
        __name__,
        path=PATH,
        name=lazy_("Briefing"),
        title=lambda **_path: _("Briefing"),
        layout=functools.partial(layout, service),
        order=9,
    )
