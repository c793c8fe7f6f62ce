"""A saved briefing: views of the dashboard in order, named in one link and checked before they are shown.

A view is a page's address and its query string (``/drivers?gender=female&page_breakdown=route``).
The link repeats ``view=`` once per view (``/briefing?view=%2Fflows&view=%2Fdrivers%3Fgender%3Dfemale``),
so it stays readable; it holds at most :data:`MAX_VIEWS` views of at most :data:`MAX_VIEW_CHARS`
characters each. Each view is checked as its page would check it (filters, page controls), and
written back in the filters' own order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from core.i18n import _, in_series, labelled
from core.text import quoted
from indicators.filters import LANG, FilterError, Filters, parse_query
from panels.filters import filters_text, with_default_region
from panels.pages import PAGE_CONTENT, control_value, controls_in_words
from panels.view import PRESENT, SLIDE, VIEW, control_parameter, without
from view_data import ViewData

MAX_VIEWS = 20
MAX_VIEW_CHARS = 500


class ViewError(ValueError):
    """A view a briefing cannot show, and why."""


@dataclass(frozen=True)
class BriefingView:
    """One checked view: its page's address and key (None for a page without panels), filters and controls."""

    path: str
    page: str | None
    filters: Filters
    controls: tuple[tuple[str, str], ...]

    @property
    def address(self) -> str:
        """The view's address: its page, the filters in their order, then the page controls given."""
        parts = [self.filters.to_query_string()]
        parts += [f"{control_parameter(name)}={quote(value, safe='')}" for name, value in self.controls]
        query = "&".join(part for part in parts if part)
        return f"{self.path}?{query}" if query else self.path

    def in_words(self, service: ViewData) -> str:
        """The view's filters and page controls in words, e.g. "Region: …; Gender: Women; Break down by: Route"."""
        words = [filters_text(service, with_default_region(service, self.filters))]
        if self.page in PAGE_CONTENT:
            content = PAGE_CONTENT[self.page]
            given = dict(self.controls)
            shown = {
                name: control_value(service, self.page, name, given.get(name))[0] for name in content.controls
            }
            words += [labelled(name, value) for name, value in controls_in_words(service, content, shown)]
        return in_series(words)


def parse_view(service: ViewData, text: str, pages: Mapping[str, str | None]) -> BriefingView:
    """The view ``text`` names, among ``pages`` (address: page key); a :class:`ViewError` saying why not.

    ``present``, ``slide`` and ``lang`` say how a view is shown, not which: they are dropped.
    """
    if len(text) > MAX_VIEW_CHARS:
        raise ViewError(_("longer than %(count)d characters", count=MAX_VIEW_CHARS))
    path, _mark, query = text.strip().partition("?")
    path = path.rstrip("/") or "/"
    if path not in pages:
        raise ViewError(
            _(
                "%(path)s is not a page of the dashboard (expected one of %(paths)s)",
                path=quoted(path),
                paths=", ".join(pages),
            )
        )
    page = pages[path]
    names = PAGE_CONTENT[page].controls if page in PAGE_CONTENT else {}
    parameters = [control_parameter(name) for name in names]
    try:
        filters, extras = parse_query(
            without(query, [PRESENT, SLIDE, LANG]), service.vocabulary(), parameters
        )
    except FilterError as error:
        raise ViewError(str(error)) from error
    controls = []
    for name in names:
        given = extras.get(control_parameter(name))
        value, problem = control_value(service, page, name, given)
        if problem:
            raise ViewError(problem)
        if given is not None:
            controls.append((name, value))
    return BriefingView(path, page, filters, tuple(controls))


def parse_views(
    service: ViewData, texts: Sequence[str], pages: Mapping[str, str | None]
) -> tuple[list[tuple[int, BriefingView]], list[str]]:
    """The views a briefing can show with their place among ``texts``, and one message per view left out."""
    views, problems = [], []
    for index, text in enumerate(texts[:MAX_VIEWS]):
        try:
            views.append((index, parse_view(service, text, pages)))
        except ViewError as error:
            problems.append(
                _("View %(number)d (%(view)s): %(problem)s", number=index + 1, view=text[:80], problem=error)
            )
    if len(texts) > MAX_VIEWS:
        problems.append(
            _(
                "A briefing holds at most %(count)d views: the last %(left)d are left out.",
                count=MAX_VIEWS,
                left=len(texts) - MAX_VIEWS,
            )
        )
    return views, problems


def briefing_link(path: str, views: Sequence[BriefingView], lang: str | None) -> str:
    """The one link naming ``views`` in order (and the interface language), on the briefing page at ``path``."""
    parts = [f"{VIEW}={quote(view.address, safe='/,')}" for view in views]
    if lang:
        parts.append(f"{LANG}={lang}")
    return f"{path}?{'&'.join(parts)}" if parts else path
