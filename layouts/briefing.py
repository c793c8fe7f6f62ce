"""The "Briefing PDF" box: which pages' charts, a button that builds the PDF, its progress and link."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from core.i18n import _, language
from panels.pages import PAGE_CONTENT

BRIEFING_PAGES = "briefing-pages"
BRIEFING_BUILD = "briefing-build"
BRIEFING_PROGRESS = "briefing-progress"
BRIEFING_STATUS = "briefing-status"
BRIEFING_LINK = "briefing-link"
BRIEFING_JOB = "briefing-job"  # the job being followed: its key and language
BRIEFING_LANGUAGE = "briefing-language"  # the language the page was drawn in
#: The page whose charts a briefing holds when none is ticked and the page shown has none.
HOME_PAGE = "overview"


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
            dcc.Store(id=BRIEFING_LANGUAGE, data=language()),
            dcc.Store(id=BRIEFING_JOB),
            html.P(
                _(
                    "One chart per page with its note, base and sources, a cover with the filters "
                    "and a page of sources and caveats. Without a ticked page: the page shown."
                ),
                className="small text-body-secondary mb-1",
            ),
            dbc.Checklist(
                id=BRIEFING_PAGES,
                options=[{"label": names.get(page_path(page), page), "value": page} for page in PAGE_CONTENT],
                value=[],
                inline=True,
                className="small",
            ),
            dbc.Button(
                _("Build the briefing"), id=BRIEFING_BUILD, size="sm", color="primary", className="me-2"
            ),
            html.Span(id=BRIEFING_PROGRESS, role="status", className="small me-2"),
            html.Span(id=BRIEFING_STATUS, role="status", className="small me-2"),
            html.A(_("Download the briefing (PDF)"), id=BRIEFING_LINK, hidden=True, className="small"),
        ],
        className="d-print-none mb-2",
    )
