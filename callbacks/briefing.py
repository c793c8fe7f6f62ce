"""The briefing button: one callback that starts the briefing's job, then follows it by polling.

The job is built on the jobs' worker (a thread of the server in development, Celery in
production); the button's callback runs in the server's process, starts the job (as the direct
address starts it) and turns on an interval whose ticks read the job's state from the shared
store until the file is there. Polling forks no process (a fork taken while another thread holds
a lock can hang for ever) and works the same on both paths.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from dash import Dash, Input, Output, State, ctx
from dash.exceptions import PreventUpdate

from core.i18n import _
from exports.briefing import briefing_query
from exports.briefing_jobs import QUEUE_UNREACHABLE, BriefingJobs, JobState, progress_text, unavailable_text
from exports.links import EXPORT_PREFIX
from indicators.filters import FilterError
from layouts import ids
from layouts.briefing import page_of

#: Seconds the button follows a briefing before saying it could not be built.
FOLLOW_S = 300


@dataclass(frozen=True)
class Box:
    """What the briefing box shows: the job it follows (``None``: none), its progress, a message, the file."""

    job: dict[str, str | float] | None = None
    progress: str = ""
    message: str = ""
    href: str | None = None

    def outputs(self) -> tuple[object, ...]:
        """The callback's outputs: the job, the interval and button turned off while it is followed."""
        following = self.job is not None
        return self.job, not following, following, self.progress, self.message, self.href, self.href is None


def box_of(job: dict[str, str | float], state: JobState | None, now: float) -> Box:
    """The box while following ``job`` (its ``key``, and ``until`` when to give up) in ``state``."""
    if state is None or state.status == "failed" or now > float(job["until"]):
        return Box(message=_("The briefing could not be built; try again in a minute."))
    if state.status == "done":
        return Box(message=_("The briefing is ready."), href=f"{EXPORT_PREFIX}/briefings/{job['key']}.pdf")
    return Box(job=job, progress=progress_text(state))


def register(app: Dash, jobs: BriefingJobs) -> None:
    """Register the briefing button's callback (its ticks carry the filter state: their language)."""

    def update_box(
        _clicks: int | None,
        _ticks: int | None,
        state: str | None,
        search: str | None,
        pathname: str | None,
        pages: list[str],
        lang: str,
        job: dict[str, str | float] | None,
    ) -> tuple[object, ...]:
        try:
            if ctx.triggered_id == ids.PDF_BUILD:
                query = briefing_query(state, pages or [page_of(pathname)], search, lang)
                try:
                    key, normalised = jobs.normalise(query)
                except FilterError as error:
                    return Box(message=str(error)).outputs()
                jobs.start(key, normalised)
                job = {"key": key, "until": time.time() + FOLLOW_S}
            elif job is None:  # a tick sent before the interval was turned off
                raise PreventUpdate
            return box_of(job, jobs.state(str(job["key"])), time.time()).outputs()
        except QUEUE_UNREACHABLE:  # the jobs' store or queue is down: say so and stop following
            return Box(message=unavailable_text()).outputs()

    app.callback(
        Output(ids.PDF_JOB, "data"),
        Output(ids.PDF_TICK, "disabled"),
        Output(ids.PDF_BUILD, "disabled"),
        Output(ids.PDF_PROGRESS, "children"),
        Output(ids.PDF_STATUS, "children"),
        Output(ids.PDF_LINK, "href"),
        Output(ids.PDF_LINK, "hidden"),
        Input(ids.PDF_BUILD, "n_clicks"),
        Input(ids.PDF_TICK, "n_intervals"),
        State(ids.FILTER_STATE, "data"),
        State(ids.URL, "search"),
        State(ids.URL, "pathname"),
        State(ids.PDF_PAGES, "value"),
        State(ids.PDF_LANGUAGE, "data"),
        State(ids.PDF_JOB, "data"),
        prevent_initial_call=True,
    )(update_box)
