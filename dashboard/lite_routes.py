"""The low-bandwidth view: ``/lite/`` and ``/lite/<page>``, plain HTML built on the server, no JavaScript.

A page takes the same query as the app's page (filters, ``lang``) plus the page's own controls
(``page_<control>=``, the control's default when absent) and shows what the app's page shows: its
title, its filters in words and a form to change them, its key figures, every panel as a table
with its note, base, period and sources, its map as a small picture drawn on the server
(``/lite/<page>/map.svg``, cached), links to the other pages and to the full view, a language
switch and the sources' credits and licences. A bad parameter is a 400 page naming it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from types import ModuleType
from urllib.parse import quote

import dash
from dash import hooks, html
from dash.development.base_component import Component
from flask import Blueprint, Response, abort, render_template, request

from core.i18n import SUPPORTED_LOCALES, _, in_series, labelled, language, language_name
from exports.about import caveats, chart_heading, disclosure_rule, source_line
from exports.controls import page_controls
from exports.links import control_parameter
from figures.theme import WIDEST_CHART_PX, chart_width
from indicators.filters import LANG, MULTI_PARAMS, PARAMS, FilterError, Filters, parse_query
from layouts import ids
from layouts.data_table import cell_text, column_format
from layouts.pages import PAGES
from layouts.shell import banner_sentences
from panels.filters import FILTER_LABELS, filters_text, month_options, with_default_region, within_data
from panels.maps import with_map_note
from panels.overview import key_figures
from panels.pages import PAGE_CONTENT, PageContent, controls_in_words
from panels.static_map import map_numbers, map_svg, map_title, static_caption
from panels.tables import HIDDEN_TEXT, SUPPRESSED_CLASS
from panels.text import PanelContent
from view_data import ViewData, cache

LITE_PREFIX = "/lite"
HOME = "overview"
MAX_AGE_S = 300  # how long browsers and proxies keep a page or picture before asking again
#: The element the app draws into: what it holds is shown until the app's scripts have run.
APP_ENTRY = '<div id="react-entry-point">'
#: Dash's words in that element while its scripts load (in English only).
DASH_LOADING = re.compile(r'(<div class="_dash-loading">)\s*Loading\.\.\.\s*(</div>)')
#: Filters the form offers as lists to pick one or several from (those the region has choices for), and
#: as boxes to tick.
LISTED = ("route", "country", "area")
TICKED = ("gender", "age_group")


@dataclass(frozen=True)
class PageFacts:
    """What the app's own layout of a page says: its title, introduction and map layer."""

    title: str
    intro: str
    map_layer: str | None


def _walk(node: object) -> Iterator[Component]:
    if isinstance(node, list | tuple):
        for item in node:
            yield from _walk(item)
    elif isinstance(node, Component):
        yield node
        yield from _walk(getattr(node, "children", None))


def _id_type(component: Component) -> object:
    identity = getattr(component, "id", None)
    return identity.get("type") if isinstance(identity, dict) else None


@functools.cache
def page_facts(service: ViewData, page: str, lang: str) -> PageFacts:
    """Title, introduction and first map layer of the app's layout of ``page``."""
    del lang  # a key of the cache: the layout's words are in the request's language
    components = list(_walk(_layout_module(page).layout(service)))
    return PageFacts(
        title=next(str(c.children) for c in components if isinstance(c, html.H1)),
        intro=next(str(c.children) for c in components if isinstance(c, html.P)),
        map_layer=next((str(c.value) for c in components if _id_type(c) == ids.MAP_LAYER), None),
    )


def _layout_module(page: str) -> ModuleType:
    return next(module for module in PAGES if getattr(module, "PAGE", None) == page)


def lite_pages() -> list[str]:
    """The pages with a low-bandwidth view, in the app's navigation order."""
    return [module.PAGE for module in PAGES if getattr(module, "PAGE", None) in PAGE_CONTENT]


def lite_path(page: str) -> str:
    """The address of a page's low-bandwidth view (without query string)."""
    return f"{LITE_PREFIX}/" if page == HOME else f"{LITE_PREFIX}/{page}"


def lite_href(path: str, query: str) -> str:
    """The low-bandwidth view of the app's page at ``path`` (the overview for a page without one): the
    query's filters, language and this page's controls (the app's other parameters left out)."""
    pages = {str(_app_page(page)["path"]): page for page in lite_pages()}
    page = pages.get(path.rstrip("/") or "/", HOME)
    read = {*PARAMS, LANG, *(control_parameter(name) for name in PAGE_CONTENT[page].controls)}
    kept = [part for part in query.split("&") if part.partition("=")[0] in read]
    if not any(part.partition("=")[0] == LANG for part in kept):
        kept.append(f"{LANG}={language()}")
    return _with_query(lite_path(page), "&".join(kept))


@hooks.index()
def lite_link(index: str) -> str:
    """The app's HTML with a link to its low-bandwidth view where the app will be drawn: shown while the
    app's scripts load on a slow link, or for good when JavaScript is off; replaced once the app is drawn."""
    href = lite_href(request.path, request.query_string.decode("utf-8", "replace"))
    link = f'<p class="lite-link"><a href="{escape(href)}">{escape(_("Low-bandwidth view"))}</a></p>'
    return index.replace(APP_ENTRY, APP_ENTRY + link, 1)


@hooks.index()
def loading_words(index: str) -> str:
    """The app's HTML with Dash's "Loading..." in the interface language, as read while its scripts load."""
    words = escape(_("Loading…"))
    return DASH_LOADING.sub(lambda found: f"{found[1]}{words}{found[2]}", index, count=1)


def _app_page(page: str) -> dict[str, object]:
    return dash.page_registry[_layout_module(page).__name__]


def _with_query(path: str, query: str) -> str:
    return f"{request.script_root}{path}?{query}" if query else f"{request.script_root}{path}"


def _read_view(service: ViewData, page: str) -> tuple[PageContent, Filters, dict[str, object], str]:
    """The page's content, the query's filters (default region filled in), control values and language."""
    content = PAGE_CONTENT[page]
    parameters = tuple(control_parameter(name) for name in content.controls)
    filters, extras = parse_query(
        request.query_string.decode("utf-8", "replace"), service.vocabulary(), parameters
    )
    defaults = {name: control.default(service) for name, control in content.controls.items()}
    controls = page_controls(service, content, extras, fallback=defaults)
    shown = within_data(service, with_default_region(service, filters))[
        0
    ]  # the form offers the data's months
    in_region = {
        name: content.controls[name].shown(service, shown.region, str(v)) for name, v in controls.items()
    }
    return content, shown, in_region, extras.get(LANG) or language()


def _table(
    records: Sequence[Mapping[str, object]], columns: Sequence[Mapping[str, object]]
) -> dict[str, object]:
    """Table rows as header and rows of (text, class, link) cells, numbers in the language's format; a cell
    holding an address of the app (What changed most links each change to its view) links to its lite view."""
    formats = [column_format(column, records) for column in columns]
    rows = []
    for record in records:
        cells = []
        for column, (kind, places) in zip(columns, formats, strict=True):
            value = record.get(str(column["field"]))
            hidden = HIDDEN_TEXT in column and value == column[HIDDEN_TEXT]
            classes = " ".join(name for name in (kind, SUPPRESSED_CLASS if hidden else None) if name)
            if isinstance(value, str) and value.startswith("/"):
                path, _mark, query = value.partition("?")
                cells.append((_("Open this view"), classes, lite_href(path, query)))
            else:
                cells.append((cell_text(value, language(), places), classes, ""))
        rows.append(cells)
    header = [
        (str(column.get("headerName") or column["field"]), kind or "")
        for column, (kind, _places) in zip(columns, formats, strict=True)
    ]
    return {"header": header, "rows": rows}


def _panel(content: PanelContent) -> dict[str, object]:
    title, subtitle = chart_heading(content.figure)
    note = labelled(_("Note"), content.note) if content.note else ""
    return {"title": title, "subtitle": subtitle, "note": note, **_table(content.table, content.columns)}


def _sources(contents: Sequence[PanelContent]) -> tuple[dict[str, object], ...]:
    found = {(s["kind"], s["name"], s["sha256"]): s for content in contents for s in content.sources}
    return tuple(found.values())


def _form(service: ViewData, page: str, filters: Filters, controls: Mapping[str, object], lang: str) -> dict:
    """The filter form's fields: selects and boxes with their options and what is chosen."""
    choices = service.filter_choices(filters.region)
    months = month_options([option["value"] for option in choices.period])

    def options(items: list[dict[str, str]], chosen: Sequence[str]) -> list[dict[str, object]]:
        return [{**item, "selected": item["value"] in chosen} for item in items]

    def single(parameter: str, items: list[dict[str, str]], blank: str | None) -> dict[str, object]:
        value = getattr(filters, parameter)
        return {
            "name": parameter,
            "label": str(FILTER_LABELS[parameter]),
            "blank": blank,
            "options": options(items, [value] if value else []),
        }

    content = PAGE_CONTENT[page]
    listed = [p for p in LISTED if getattr(choices, p)]
    return {
        "action": f"{request.script_root}{lite_path(page)}",
        "selects": [
            single("region", choices.region, None),
            single("period_from", months, _("Earliest")),
            single("period_to", months, _("Latest")),
        ],
        "lists": [
            {
                "name": p,
                "label": str(FILTER_LABELS[p]),
                "options": options(getattr(choices, p), getattr(filters, p)),
            }
            for p in listed
        ],
        "boxes": [
            {
                "name": p,
                "label": str(FILTER_LABELS[p]),
                "options": options(getattr(choices, p), getattr(filters, p)),
            }
            for p in TICKED
        ],
        "controls": [
            {
                "name": control_parameter(name),
                "label": str(control.label),
                "blank": None,
                "options": [
                    {
                        "label": control.value_label(service, value),
                        "value": value,
                        "selected": value == controls[name],
                    }
                    for value in control.region_choices(service, filters.region)
                ],
            }
            for name, control in content.controls.items()
        ],
        "kept": [
            (p, value) for p in MULTI_PARAMS if p not in (*listed, *TICKED) for value in getattr(filters, p)
        ],
        "lang": lang,
    }


def lite_page(service: ViewData, page: str) -> dict[str, object]:
    """Everything the low-bandwidth template shows for ``page`` and the request's query."""
    content, filters, controls, lang = _read_view(service, page)
    facts = page_facts(service, page, language())
    with chart_width(WIDEST_CHART_PX):
        built = content.build(service, filters, controls)
    panels = [built[key] for key in content.panels]
    sources = _sources(panels)
    query = filters.to_query_string(lang)
    control_query = "&".join(
        f"{control_parameter(name)}={quote(str(value), safe='')}" for name, value in controls.items()
    )
    in_words = in_series(
        labelled(name, value) for name, value in controls_in_words(service, content, controls)
    )
    app_page = _app_page(page)
    context: dict[str, object] = {
        "lang": language(),
        "title": facts.title,
        "intro": facts.intro,
        "site": _("Mixed migration protection monitor"),
        "lite_name": _("Low-bandwidth view"),
        "banner": banner_sentences(service.loaded_sources()),
        "filters": labelled(_("Filters"), filters_text(service, filters)),
        "controls": labelled(_("Page controls"), in_words) if in_words else "",
        "form": _form(service, page, filters, controls, lang),
        "apply": _("Show"),
        "change_filters": _("Change the filters"),
        "key_figures": key_figures(service, filters) if page == HOME else [],
        "panels": [_panel(panel) for panel in panels],
        "pages_label": _("Pages"),
        "pages": [
            {
                "name": str(_app_page(other)["name"]),
                "href": _with_query(lite_path(other), query),
                "current": other == page,
            }
            for other in lite_pages()
        ],
        "full_view": _("Open the full, interactive view"),
        "full_href": _with_query(str(app_page["path"]), query),
        "languages_label": _("Interface language"),
        "languages": [
            {
                "code": code,
                "name": language_name(code),
                "href": _with_query(
                    lite_path(page), "&".join(p for p in (filters.to_query_string(code), control_query) if p)
                ),
                "current": code == language(),
            }
            for code in SUPPORTED_LOCALES
        ],
        "sources_label": _("Sources and licences"),
        "sources": [source_line(source) for source in sources],
        "disclosure": labelled(_("Disclosure rule"), disclosure_rule(service)),
        "caveats_label": _("Caveats"),
        "caveats": caveats(sources),
        "methodology": _("Methodology: every dataset, the disclosure rule and the caveats"),
        "methodology_href": _with_query("/methodology", f"{LANG}={lang}"),
        "table_label": _("The chart's numbers"),
    }
    if facts.map_layer:
        rows, columns = map_numbers(service, facts.map_layer, filters)
        context["map"] = {
            "heading": labelled(_("Map"), map_title(facts.map_layer)),
            "src": _with_query(f"{LITE_PREFIX}/{page}/map.svg", query),
            "alt": map_title(facts.map_layer),
            "caption": with_map_note(static_caption(facts.map_layer), service.profile(filters.region)),
            "table_toggle": _("Show the map's numbers as a table"),
            **_table(rows, columns),
        }
    return context


@cache.memoize()
def _rendered(service: ViewData, version: int, page: str, query: str, lang: str) -> str:
    """The HTML of ``page`` for the request's ``query`` in ``lang``, from the app's cache when built before."""
    del version, query, lang  # keys of the cached page: the request holds the query and its language
    return render_template("lite/page.html", **lite_page(service, page))


def _cached(response: Response) -> Response:
    """Kept by browsers and proxies for a few minutes, revalidated by its ETag, per language asked for."""
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE_S
    response.vary.add("Accept-Language")
    response.add_etag()
    return response.make_conditional(request)


def _error_page(title: str, message: str) -> str:
    return render_template(
        "lite/error.html",
        lang=language(),
        title=title,
        message=message,
        back=_("Open the low-bandwidth view without filters"),
        back_href=_with_query(lite_path(HOME), f"{LANG}={language()}"),
    )


def create_lite_routes(service: ViewData) -> Blueprint:
    """The low-bandwidth view's blueprint, answering from ``service``."""
    lite = Blueprint("lite", __name__, url_prefix=LITE_PREFIX, template_folder="templates")

    @lite.get("/", defaults={"page": HOME})
    @lite.get("/<page>")
    def page_view(page: str) -> Response:
        """One page as plain HTML."""
        if page not in lite_pages():
            abort(404)
        query = request.query_string.decode("utf-8", "replace")
        body = _rendered(service, service.data_version(), page, query, language())
        return _cached(Response(body, mimetype="text/html"))

    @lite.get("/<page>/map.svg")
    def map_picture(page: str) -> Response:
        """The page's map for the query's filters, as a small SVG picture."""
        if page not in lite_pages():
            abort(404)
        layer = page_facts(service, page, language()).map_layer
        if layer is None:
            abort(404)
        _content, filters, _controls, _lang = _read_view(service, page)
        return _cached(Response(map_svg(service, layer, filters), mimetype="image/svg+xml"))

    @lite.errorhandler(FilterError)
    def bad_parameter(error: FilterError) -> tuple[str, int]:
        """A 400 page naming the parameter and what is wrong with it, and a way back."""
        return _error_page(_("This link cannot be shown"), labelled(error.parameter, error.message)), 400

    @lite.errorhandler(404)
    def not_found(_error: Exception) -> tuple[str, int]:
        """A 404 page in the request's language."""
        return _error_page(_("Page not found"), _("This dashboard has no page at this address.")), 404

    return lite
