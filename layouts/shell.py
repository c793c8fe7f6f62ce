"""The frame around every page: navigation, synthetic-data banner, filter bar, page content."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Mapping

import dash
import dash_bootstrap_components as dbc
from dash import dcc, hooks, html
from dash.development.base_component import Component

from core.i18n import SUPPORTED_LOCALES, _, language, language_name, lazy_, referrer_parameter, with_language
from layouts import ids, pages
from layouts.briefing import briefing_box
from layouts.filter_bar import filter_bar
from layouts.how_to_read import how_to_read_modal
from layouts.pages import not_found_404
from layouts.presentation import present_button, presentation_bar, presentation_stores, view_tools
from view_data import ViewData

SOURCE_NAMES = {  # every source the banner may name, in the order it names them
    "4mi": lazy_("4Mi interviews"),
    "flows": lazy_("DTM flow monitoring"),
    "deaths": lazy_("Missing Migrants Project"),
    "hubs": lazy_("hub gazetteer"),
    "routes": lazy_("route lines"),
}
FIGURE_SOURCES = ("4mi", "flows", "deaths")  # sources of figures: the banner says which of them are real


def banner_sentences(loaded: Mapping[str, bool]) -> list[str]:
    """The banner's sentences for ``{source: synthetic}``: synthetic sources, real ones, the caveat.

    Empty when no source is synthetic (no banner then).
    """
    synthetic = [str(name) for source, name in SOURCE_NAMES.items() if loaded.get(source) is True]
    if not synthetic:
        return []
    real = [str(SOURCE_NAMES[source]) for source in FIGURE_SOURCES if loaded.get(source) is False]
    return [
        _("Synthetic demonstration data: %(sources)s.", sources=", ".join(synthetic)),
        *([_("Real: %(sources)s.", sources=", ".join(real))] if real else []),
        _(
            "The synthetic figures are generated in the published formats; "
            "they are not real observations and must not be quoted."
        ),
    ]


@hooks.index()
def html_lang(index: str) -> str:
    """The page's ``<html>`` element naming the request's language, which screen readers read it in."""
    return index.replace("<html>", f'<html lang="{language()}">', 1)


def synthetic_banner(service: ViewData) -> html.Div | None:
    """A banner naming the synthetic sources and the real ones, while any source is synthetic."""
    sentences = banner_sentences(service.loaded_sources())
    if not sentences:
        return None
    headline, *details = sentences
    return html.Div(
        [html.Strong(headline), " ", " ".join(details)],
        id=ids.SYNTHETIC_BANNER,
        className="alert alert-warning mb-0 rounded-0 text-dark py-2",
        role="status",
    )


def language_switch() -> html.Div:
    """EN | FR: this view in each language the dashboard offers (a callback points the links at the
    current page and filters; following one reloads the page, so the whole shell is translated)."""
    current = language()
    links: list[Component] = []
    for code in SUPPORTED_LOCALES:
        if links:
            links.append(html.Span("|", className="text-white-50", **{"aria-hidden": "true"}))
        links.append(
            html.A(
                code.upper(),
                href=f"?lang={code}",
                id={"type": ids.LANGUAGE_LINK, "lang": code},
                lang=code,
                hrefLang=code,
                title=language_name(code),
                className="language-link px-1 text-white"
                + (" fw-bold text-decoration-none" if code == current else ""),
                **({"aria-current": "true"} if code == current else {}),
            )
        )
    return html.Div(
        links,
        className="language-switch d-flex align-items-center gap-1 ms-auto me-2 order-lg-last ms-lg-3 me-lg-0",
        role="group",
        **{"aria-label": _("Interface language")},
    )


def navbar() -> dbc.Navbar:
    """Top navigation listing every registered page; links keep the current filters."""
    links = [
        dbc.NavItem(
            dbc.NavLink(
                str(page["name"]),
                href=page["relative_path"],
                active="partial" if page["relative_path"] != "/" else "exact",
                id={"type": ids.NAV_LINK, "path": page["relative_path"]},
            )
        )
        for page in dash.page_registry.values()
        if page["path"] != not_found_404.PATH
    ]
    return dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand(
                    _("Mixed migration protection monitor"),
                    href=with_language("/"),
                    className="fs-5 text-wrap",
                ),
                language_switch(),
                present_button(),
                dbc.NavbarToggler(id=ids.NAVBAR_TOGGLER, n_clicks=0),
                dbc.Collapse(
                    dbc.Nav(links, navbar=True, className="flex-wrap"),
                    id=ids.NAVBAR_COLLAPSE,
                    navbar=True,
                    is_open=False,
                ),
            ],
            fluid=True,
        ),
        id=ids.NAVBAR,
        color="dark",
        dark=True,
        className="mb-3",
    )


def app_shell(service: ViewData) -> html.Div:
    """The layout of every request (a function, so each request reads current data).

    The filter bar starts with the options of the region the page's address names (the default
    region's when it names none the dashboard has), so a link's routes and admin-1 units are among
    them; another region's options arrive by callback when the region changes.
    """
    region = linked_region(service)
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh="callback-nav"),
            dcc.Store(id=ids.FILTER_STATE),
            dcc.Store(id=ids.VIEWPORT_WIDTH),
            dcc.Store(id=ids.PAGE_SHOWN),
            *presentation_stores(),
            html.A(
                _("Skip to content"), href=f"#{ids.PAGE_CONTAINER}", className="visually-hidden-focusable"
            ),
            synthetic_banner(service),
            navbar(),
            dbc.Container(
                [
                    filter_bar(
                        service.filter_choices(region),
                        service.admin1_choices(region, []),
                        service.area_choices(),
                    ),
                    briefing_box(),
                    view_tools(),
                    html.Main(dash.page_container, id=ids.PAGE_CONTAINER),
                    how_to_read_modal(),
                ],
                fluid=True,
                className="pb-4",
            ),
            presentation_bar(),
        ],
        id=ids.SHELL,
    )


def linked_region(service: ViewData) -> str | None:
    """The region the address of the page being built names, if the dashboard has it (else None)."""
    region = referrer_parameter("region")
    return region if region in service.profiles else None


def _components(node: object) -> Iterator[Component]:
    """Every component in ``node``, in any prop that holds components (children, labels...)."""
    if isinstance(node, list | tuple):
        for item in node:
            yield from _components(item)
    elif isinstance(node, Component):
        yield node
        for prop in node._prop_names:
            yield from _components(getattr(node, prop, None))


def _id_only(component: Component) -> Component:
    """A copy of ``component`` keeping its type and id and no other prop (no figure, rows, options)."""
    bare = copy.copy(component)
    for prop in list(vars(bare)):
        if prop != "id" and (prop in component._prop_names or prop.startswith(("data-", "aria-"))):
            delattr(bare, prop)
    return bare


def validation_layout(service: ViewData) -> html.Div:
    """Every component id of the shell and of every page, for Dash's callback validation.

    Dash inlines the validation layout into every page's HTML: it lists each component that
    has an id once, with its type but without figures, rows or options, so the HTML stays small
    while the browser still checks each callback against every page's components.
    """
    seen: set[str] = set()
    bare = []
    for component in _components([app_shell(service), *pages.all_layouts(service)]):
        key = json.dumps(getattr(component, "id", None), sort_keys=True)
        if getattr(component, "id", None) is not None and key not in seen:
            seen.add(key)
            bare.append(_id_only(component))
    return html.Div(bare)
