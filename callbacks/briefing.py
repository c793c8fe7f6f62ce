"""The briefing button: a callback that starts the briefing's job, a background callback that follows it.

The job is started in the server's process (as the direct address starts it) and built on the
jobs' worker; the background callback only reads its state, so the process Dash's development
manager forks for it does no database work.
"""

from __future__ import annotations

from collections.abc import Callable

from dash import Dash, Input, Output, State

from core.i18n import _
from exports.briefing import briefing_query
from exports.briefing_jobs import BriefingJobs, JobState, progress_text
from exports.links import EXPORT_PREFIX
from indicators.filters import FilterError
from layouts import ids
from layouts.briefing import page_of

#: Seconds the button follows a briefing before saying it could not be built.
FOLLOW_S = 300


def register(app: Dash, jobs: BriefingJobs, manager: object) -> None:
    """Register the briefing button's callbacks; the following one runs on ``manager``."""

    def start_briefing(
        _clicks: int, state: str | None, search: str | None, pathname: str | None, pages: list[str], lang: str
    ) -> tuple[dict[str, str] | None, str]:
        query = briefing_query(state, pages or [page_of(pathname)], search, lang)
        try:
            key, normalised = jobs.normalise(query)
        except FilterError as error:
            return None, str(error)
        jobs.start(key, normalised)
        return {"key": key, "lang": lang}, ""

    def follow_briefing(
        set_progress: Callable[[str], None], job: dict[str, str] | None
    ) -> tuple[str | None, bool, str]:
        with jobs.context(f"lang={job['lang']}" if job else ""):
            if not job:
                return None, True, ""
            final = jobs.follow(job["key"], lambda state: set_progress(progress_text(state)), FOLLOW_S)
            if final != JobState("done"):
                return None, True, _("The briefing could not be built; try again in a minute.")
            return f"{EXPORT_PREFIX}/briefings/{job['key']}.pdf", False, _("The briefing is ready.")

    app.callback(
        Output(ids.PDF_JOB, "data"),
        Output(ids.PDF_STATUS, "children", allow_duplicate=True),
        Input(ids.PDF_BUILD, "n_clicks"),
        State(ids.FILTER_STATE, "data"),
        State(ids.URL, "search"),
        State(ids.URL, "pathname"),
        State(ids.PDF_PAGES, "value"),
        State(ids.PDF_LANGUAGE, "data"),
        prevent_initial_call=True,
    )(start_briefing)
    app.callback(
        Output(ids.PDF_LINK, "href"),
        Output(ids.PDF_LINK, "hidden"),
        Output(ids.PDF_STATUS, "children"),
        Input(ids.PDF_JOB, "data"),
        background=True,
        manager=manager,
        progress=[Output(ids.PDF_PROGRESS, "children")],
        running=[
            (Output(ids.PDF_BUILD, "disabled"), True, False),
            (Output(ids.PDF_PROGRESS, "hidden"), False, True),
            (Output(ids.PDF_STATUS, "hidden"), True, False),
            (Output(ids.PDF_LINK, "hidden"), True, False),
        ],
        prevent_initial_call=True,
    )(follow_briefing)
