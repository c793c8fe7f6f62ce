"""What an export is about: chart, filters, base, period, sources, disclosure rule, caveats, date.

Every format carries the same lines (:func:`about_lines`): a picture's footer, a CSV's ``#``
header block, an XLSX's metadata sheet.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
import plotly.graph_objects as go

from core.i18n import _, in_series, labelled, stored_
from indicators.filters import Filters
from panels.filters import filters_text
from panels.text import PanelContent, hidden_mark, not_representative, period_text
from view_data import ViewData

_TAG = re.compile(r"<[^>]+>")
#: Source kinds whose caveat every export of their numbers carries.
MINIMUM_ESTIMATES = "mmp"
NOT_REPRESENTATIVE = "4mi"


@dataclass(frozen=True)
class About:
    """The words around an export's numbers, in the request's language."""

    title: str
    subtitle: str  # base, period covered and source credits, as the chart shows them
    filters: str
    period: str
    controls: str
    note: str
    sources: tuple[dict[str, object], ...]
    disclosure: str
    caveats: tuple[str, ...]
    generated: datetime
    link: str


def chart_heading(figure: go.Figure) -> tuple[str, str]:
    """The chart's title and subtitle as plain text (the figure's title block unwrapped)."""
    text = figure.layout.title.text or ""
    title, subtitle = [], []
    for part in text.split("<br>"):
        (subtitle if part.startswith("<span") else title).append(html.unescape(_TAG.sub("", part)).strip())
    return " ".join(p for p in title if p), " ".join(p for p in subtitle if p)


def caveats(sources: Sequence[dict[str, object]]) -> tuple[str, ...]:
    """The caveats of the sources: synthetic data first, then each source's own."""
    kinds = {str(source["kind"]) for source in sources}
    found = []
    if any(bool(source["synthetic"]) for source in sources):
        found.append(
            _(
                "The synthetic figures are generated in the published formats; "
                "they are not real observations and must not be quoted."
            )
        )
    if NOT_REPRESENTATIVE in kinds:
        found.append(not_representative())
    if MINIMUM_ESTIMATES in kinds:
        found.append(
            _("Missing Migrants Project figures are minimum estimates; locations are mostly approximate.")
        )
    return tuple(found)


def disclosure_rule(service: ViewData) -> str:
    """The disclosure rule of the service in a sentence."""
    rule = service.rule
    return _(
        "Counts about people are rounded to the nearest %(round)s and counts from 1 to %(largest)s are "
        "hidden (“%(hidden)s”); shares come from the rounded counts and none is shown on a base under "
        "%(base)s; the note says which numbers follow it.",
        round=rule.round_to,
        largest=rule.min_count - 1,
        hidden=hidden_mark(service),
        base=rule.min_base,
    )


def about_panel(
    service: ViewData,
    content: PanelContent,
    filters: Filters,
    controls: list[tuple[str, str]],
    *,
    generated: datetime,
    link: str,
) -> About:
    """What an export of ``content`` (built for ``filters`` and the page ``controls``, in words) is about."""
    title, subtitle = chart_heading(content.figure)
    return About(
        title=title,
        subtitle=subtitle,
        filters=filters_text(service, filters),
        period=period_text(filters),
        controls=in_series(labelled(name, value) for name, value in controls),
        note=content.note,
        sources=content.sources,
        disclosure=disclosure_rule(service),
        caveats=caveats(content.sources),
        generated=generated,
        link=link,
    )


def source_line(source: dict[str, object]) -> str:
    """A source's credit line with its licence, dataset, file and load date; synthetic ones flagged."""
    line = _(
        "%(credit)s (licence: %(licence)s); dataset %(name)s, file %(file)s, loaded %(loaded)s",
        credit=stored_(str(source["credit"])),
        licence=stored_(str(source["licence"])),
        name=source["name"],
        file=source["file_name"],
        loaded=pd.Timestamp(source["loaded_at"]).strftime("%Y-%m-%d"),
    )
    return f"{line} — {_('synthetic')}" if source["synthetic"] else line


def about_lines(about: About) -> list[tuple[str, str]]:
    """(label, text) lines, the same in every format; a line per source and per caveat."""
    lines = [
        (_("Chart"), about.title),
        (_("Base, period and sources"), about.subtitle),
        (_("Filters"), about.filters),
        (_("Period chosen"), about.period),
    ]
    if about.controls:
        lines.append((_("Page controls"), about.controls))
    lines += [(_("Source"), source_line(source)) for source in about.sources]
    lines.append((_("Disclosure rule"), about.disclosure))
    if about.note:
        lines.append((_("Note"), about.note))
    lines += [(_("Caveat"), caveat) for caveat in about.caveats]
    lines += [
        (_("Generated"), about.generated.strftime("%Y-%m-%d %H:%M UTC")),
        (_("Link"), about.link),
    ]
    return lines
