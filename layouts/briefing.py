"""The "Briefing PDF" box: which pages' charts, a button that builds the PDF, its progress and link."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from core.i18n import _, language
from layouts import ids
from panels.pages import PAGE_CONTENT

#: The page whose charts a briefing holds when none is ticked and the page shown has none.
HOME_PAGE = "overview"
#: Milliseconds between two looks at a briefing's job while the box follows it.
TICK_MS = 1000


def page_path(page: str) -> str:
    """The address of a page with panels (``overview`` is the home page)."""
    return "/" if page == HOME_PAGE else f"/{page}"


def page_of(pathname: str | None) -> str:
    """The page with panels shown at ``pathname``, else the home page."""
    page = (pathname or "/").strip("/") or HOME_PAGE
    return page if page in PAGE_CONTENT else HOME_PAGE


def briefing_box() -> html.Details:
    """A closed box: tick pages, build the briefing, follow its progress, download it."""
    names = {entry["path"]: str(entry["name"]) for entry in dash.page_registry.values()}
    return html.Details(
        [
            html.Summary(_("Briefing PDF"), className="small"),
            dcc.Store(id=ids.PDF_LANGUAGE, data=language()),
            dcc.Store(id=ids.PDF_JOB),
            dcc.Interval(id=ids.PDF_TICK, interval=TICK_MS, disabled=True),
            html.P(
                _(
                    "One chart per page with its note, base and sources, a cover with the filters "
                    "and a page of sources and caveats. Without a ticked page: the page shown."
                ),
                className="small text-body-secondary mb-1",
            ),
            dbc.Checklist(
                id=ids.PDF_PAGES,
                options=[{"label": names.get(page_path(page), page), "value": page} for page in PAGE_CONTENT],
                value=[],
                inline=True,
                className="small",
            ),
            dbc.Button(
                _("Build the briefing"), id=ids.PDF_BUILD, size="sm", color="primary", className="me-2"
            ),
            html.Span(id=ids.PDF_PROGRESS, role="status", className="small me-2"),
            html.Span(id=ids.PDF_STATUS, role="status", className="small me-2"),
            html.A(_("Download the briefing (PDF)"), id=ids.PDF_LINK, hidden=True, className="small"),
        ],
        className="d-print-none mb-2",
    )
