"""The briefing button: a background callback that builds (or follows) the briefing's job."""

from __future__ import annotations

from collections.abc import Callable

from dash import Dash, Input, Output, State
from dash.background_callback.managers import BaseBackgroundCallbackManager

from core.i18n import _
from exports.briefing import briefing_query
from exports.briefing_jobs import BriefingJobs, JobState, progress_text
from exports.links import EXPORT_PREFIX
from indicators.filters import FilterError
from layouts import ids
from layouts.briefing import (
    BRIEFING_BUILD,
    BRIEFING_LANGUAGE,
    BRIEFING_LINK,
    BRIEFING_PAGES,
    BRIEFING_PROGRESS,
    BRIEFING_STATUS,
    page_of,
)

#: Seconds the button follows a briefing before saying it could not be built.
FOLLOW_S = 300


def register(app: Dash, jobs: BriefingJobs, manager: BaseBackgroundCallbackManager) -> None:
    """Register the briefing button's background callback on ``manager``."""

    def make_briefing(
        set_progress: Callable[[str], None],
        _clicks: int,
        state: str | None,
        search: str | None,
        pathname: str | None,
        pages: list[str],
        lang: str,
    ) -> tuple[str | None, bool, str]:
        query = briefing_query(state, pages or [page_of(pathname)], search, lang)
        with jobs.context(query):
            try:
                key, normalised = jobs.normalise(query)
            except FilterError as error:
                return None, True, str(error)
            final = jobs.follow(key, normalised, lambda job: set_progress(progress_text(job)), FOLLOW_S)
            if final != JobState("done"):
                return None, True, _("The briefing could not be built; try again in a minute.")
            return f"{EXPORT_PREFIX}/briefings/{key}.pdf", False, _("The briefing is ready.")

    app.callback(
        Output(BRIEFING_LINK, "href"),
        Output(BRIEFING_LINK, "hidden"),
        Output(BRIEFING_STATUS, "children"),
        Input(BRIEFING_BUILD, "n_clicks"),
        State(ids.FILTER_STATE, "data"),
        State(ids.URL, "search"),
        State(ids.URL, "pathname"),
        State(BRIEFING_PAGES, "value"),
        State(BRIEFING_LANGUAGE, "data"),
        background=True,
        manager=manager,
        progress=[Output(BRIEFING_PROGRESS, "children")],
        running=[
            (Output(BRIEFING_BUILD, "disabled"), True, False),
            (Output(BRIEFING_PROGRESS, "hidden"), False, True),
            (Output(BRIEFING_STATUS, "hidden"), True, False),
        ],
        prevent_initial_call=True,
    )(make_briefing)
