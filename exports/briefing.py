"""A briefing: chosen charts of the dashboard's pages in one PDF, with a cover and a sources page.

``/export/briefing.pdf?<filters>&pages=<page or page.panel>,…&page_<control>=…&lang=`` names
one: ``pages`` lists pages (every chart of the page, in the page's order) or single charts
(``incidents.types``), in the briefing's order, at most :data:`MAX_CHARTS` charts; a page control
not given takes the route filter's value (route page) or the control's default. The
document has a cover (filters, period, date, contents), one chart per page with its title, base,
period, sources and note, then every source with its credit and licence, the disclosure rule and
the caveats.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from flask_babel import format_datetime

from core.i18n import _, labelled, language
from core.text import quoted
from exports.about import about_lines, about_panel, caveats, chart_heading, disclosure_rule, source_line
from exports.controls import page_controls
from exports.links import EXPORT_PREFIX, control_parameter, export_query
from exports.pdf import BriefingDocument, Footer
from exports.render import Renderer
from figures.theme import WIDEST_CHART_PX, chart_width, label_width
from indicators.filters import LANG, FilterError, Filters, language_of_query, parse_query
from panels.filters import filters_text, with_default_region
from panels.pages import PAGE_CONTENT, controls_in_words
from panels.text import PanelContent, period_text
from panels.view import CONTROL_PREFIX
from view_data import ViewData

BRIEFING_PATH = f"{EXPORT_PREFIX}/briefing.pdf"
PAGES = "pages"
DEFAULT_PAGES = "overview"
#: Charts one briefing may hold (each is drawn by the browser, about a second each).
MAX_CHARTS = 12
#: A chart's picture (px): a slide's width, at least a little under half as tall (taller when its
#: rows need it: the page then scales it down whole), drawn at twice the pixels.
CHART_WIDTH_PX = 1280
CHART_HEIGHT_PX = 560
CHART_SCALE = 2
CHART_TOP_PX = 24
#: Characters per line of a category label: the picture is wider than any screen's chart, so a long
#: list (What changed most) takes fewer lines and is not shrunk to fit the page.
CHART_LABEL_CHARS = 48
CONTROL_PARAMETERS = tuple(
    sorted({control_parameter(name) for content in PAGE_CONTENT.values() for name in content.controls})
)
#: Progress of a briefing being built: charts drawn so far and in all.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Briefing:
    """What a briefing shows: the filters, the charts (page, panel) in order, the controls, the language."""

    filters: Filters
    charts: tuple[tuple[str, str], ...]
    controls: tuple[tuple[str, str], ...]
    lang: str

    @property
    def query(self) -> str:
        """The normalised query string naming this briefing (each value once, in a fixed order)."""
        pages = ",".join(f"{page}.{panel}" for page, panel in self.charts)
        parts = [self.filters.to_query_string(), f"{PAGES}={pages}"]
        parts += [f"{control_parameter(name)}={value}" for name, value in self.controls]
        return "&".join([part for part in parts if part] + [f"{LANG}={self.lang}"])

    def key(self, data_version: int) -> str:
        """The briefing's job key: its query and the data version, hashed."""
        return hashlib.sha256(f"{data_version}|{self.query}".encode()).hexdigest()[:32]

    def pages(self) -> list[str]:
        """The pages the charts come from, each once, in order."""
        return list(dict.fromkeys(page for page, _panel in self.charts))


def parse_briefing(service: ViewData, query: str) -> Briefing:
    """The briefing a query string names; a :class:`FilterError` naming the parameter at fault."""
    filters, extras = parse_query(query, service.vocabulary(), (PAGES, *CONTROL_PARAMETERS))
    filters = with_default_region(service, filters)
    charts = chart_list(extras.get(PAGES) or DEFAULT_PAGES)
    fallback = {"route": filters.route[0]} if len(filters.route) == 1 else {}
    controls: dict[str, object] = {}
    for page in dict.fromkeys(page for page, _panel in charts):
        controls |= page_controls(service, PAGE_CONTENT[page], extras, fallback)
    return Briefing(
        filters,
        charts,
        tuple(sorted((k, str(v)) for k, v in controls.items())),
        extras.get(LANG) or language(),
    )


def briefing_query(filter_state: str | None, pages: Sequence[str], page_search: str | None, lang: str) -> str:
    """The query of a briefing of ``pages`` for the filter bar's state, the page controls of the
    address (``page_search``) and the page's language."""
    query = export_query(filter_state, {}, page_search)
    controls = [
        part for part in (page_search or "").lstrip("?").split("&") if part.startswith(CONTROL_PREFIX)
    ]
    parts = [query, f"{PAGES}={','.join(pages)}", *controls]
    if not language_of_query(query):
        parts.append(f"{LANG}={lang}")
    return "&".join(part for part in parts if part)


def chart_list(text: str) -> tuple[tuple[str, str], ...]:
    """(page, panel) of every chart ``pages`` names, each once, in order; at most :data:`MAX_CHARTS`."""
    charts: list[tuple[str, str]] = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        page, _dot, panel = item.partition(".")
        content = PAGE_CONTENT.get(page)
        if content is None or (panel and panel not in content.panels):
            raise FilterError(
                PAGES,
                _(
                    "%(value)s is not a page or chart (expected a page among %(pages)s, "
                    "or a page and one of its charts, e.g. incidents.types)",
                    value=quoted(item),
                    pages=", ".join(PAGE_CONTENT),
                ),
            )
        charts += [(page, key) for key in ((panel,) if panel else content.panels)]
    charts = list(dict.fromkeys(charts))
    if not charts:
        raise FilterError(PAGES, _("names no chart"))
    if len(charts) > MAX_CHARTS:
        raise FilterError(
            PAGES, _("names %(count)d charts (at most %(most)d)", count=len(charts), most=MAX_CHARTS)
        )
    return tuple(charts)


@dataclass(frozen=True)
class BriefingChart:
    """One chart of a briefing: its content, its lines in words and its picture."""

    content: PanelContent
    lines: list[tuple[str, str]]
    png: bytes


def build_briefing(
    service: ViewData,
    briefing: Briefing,
    renderer: Renderer,
    progress: Progress,
    *,
    generated: datetime,
    link: str,
) -> bytes:
    """The briefing as PDF bytes; ``progress(k, n)`` after each of the ``n`` charts is drawn."""
    controls = dict(briefing.controls)
    built: dict[str, dict[str, PanelContent]] = {}
    charts: list[BriefingChart] = []
    total = len(briefing.charts)
    for page, panel in briefing.charts:
        content = PAGE_CONTENT[page]
        if page not in built:
            with chart_width(WIDEST_CHART_PX), label_width(CHART_LABEL_CHARS):
                built[page] = content.build(service, briefing.filters, controls)
        shown = built[page][panel]
        in_words = controls_in_words(service, content, controls)
        about = about_panel(service, shown, briefing.filters, in_words, generated=generated, link=link)
        charts.append(BriefingChart(shown, about_lines(about), _chart_png(renderer, shown)))
        progress(len(charts), total)
    return _document(service, briefing, charts, generated, link)


def _chart_png(renderer: Renderer, content: PanelContent) -> bytes:
    figure = content.figure  # its title block is the page's text: drawn without it
    height = max(CHART_HEIGHT_PX, int(figure.layout.height or 0))  # a long list keeps its rows' height
    sized = type(figure)(figure).update_layout(
        width=CHART_WIDTH_PX, height=height, title_text="", margin_t=CHART_TOP_PX
    )
    with renderer.turn() as deadline:
        return renderer.draw(sized, "png", CHART_WIDTH_PX, height, CHART_SCALE, deadline=deadline)


def _document(
    service: ViewData, briefing: Briefing, charts: list[BriefingChart], generated: datetime, link: str
) -> bytes:
    sources = _unique(source for chart in charts for source in chart.content.sources)
    footer = Footer(
        page_label=_("Page %(page)s of %(pages)s", page="{page}", pages="{pages}"),
        generated=labelled(_("Generated"), format_datetime(generated, "long")),
        synthetic=_("Synthetic demonstration data: not real observations, not to be quoted")
        if any(source["synthetic"] for source in sources)
        else "",
    )
    title = _("Briefing: mixed migration protection monitor")
    document = BriefingDocument(footer, title, generated)
    _cover(document, service, briefing, charts, title)
    for chart in charts:
        _chart_page(document, chart)
    _sources_page(document, service, sources, link)
    return document.to_bytes()


def _cover(
    document: BriefingDocument,
    service: ViewData,
    briefing: Briefing,
    charts: list[BriefingChart],
    title: str,
) -> None:
    document.add_page()
    document.ln(20)
    document.heading(title, 22)
    document.heading(service.profile(briefing.filters.region).label(language()), 16)
    document.ln(4)
    document.paragraph(labelled(_("Filters"), filters_text(service, briefing.filters)), 12)
    document.paragraph(labelled(_("Period chosen"), period_text(briefing.filters)), 12)
    document.ln(6)
    document.heading(_("Contents"), 13)
    for number, chart in enumerate(charts, start=2):
        document.paragraph(
            _("Page %(page)s: %(chart)s", page=number, chart=chart_heading(chart.content.figure)[0]), 11
        )
    document.paragraph(_("Page %(page)s: sources and caveats", page=len(charts) + 2), 11)


def _chart_page(document: BriefingDocument, chart: BriefingChart) -> None:
    document.add_page()
    title, subtitle = chart_heading(chart.content.figure)
    document.heading(title)
    below = [subtitle, *(labelled(label, text) for label, text in chart.lines if label == _("Note"))]
    below += [labelled(label, text) for label, text in chart.lines if label == _("Page controls")]
    document.chart(chart.png, below)


def _sources_page(
    document: BriefingDocument, service: ViewData, sources: list[dict[str, object]], link: str
) -> None:
    document.add_page()
    document.heading(_("Sources and caveats"))
    for source in sources:
        document.paragraph(labelled(_("Source"), source_line(source)))
    document.ln(3)
    document.paragraph(labelled(_("Disclosure rule"), disclosure_rule(service)))
    for caveat in caveats(sources):
        document.paragraph(labelled(_("Caveat"), caveat))
    document.ln(3)
    document.paragraph(labelled(_("Link"), link))


def _unique(sources: Iterable[dict[str, object]]) -> list[dict[str, object]]:
    found = {(source["kind"], source["name"], source["sha256"]): source for source in sources}
    return list(found.values())
