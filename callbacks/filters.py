"""Keep the filter bar, the URL query string and the navigation links in step."""

from __future__ import annotations

from dash import ALL, Dash, Input, Output, State, ctx, no_update

from indicators.filters import PARAMS, FilterError, Filters
from layouts import ids
from layouts.filter_bar import (
    AREA_COLUMN,
    FILTERS_COLLAPSE,
    FILTERS_PRINTED,
    FILTERS_TOGGLE,
    area_column_class,
    filter_chip,
    filter_id,
    link_error,
    period_note,
    toggle_text,
)
from layouts.how_to_read import LINK, MODAL
from panels.filters import (
    active_count,
    chip_texts,
    controls_from_filters,
    filters_from_controls,
    filters_from_state,
    filters_from_url,
    filters_text,
    language_link,
    period_options,
    url_query,
    with_default_region,
    within_data,
    within_region_noted,
)
from panels.view import with_view_parameters
from view_data import ViewData


def register(app: Dash, service: ViewData) -> None:
    """Register the filter-bar callbacks, and the opening of the how-to-read dialog, on ``app``."""

    @app.callback(
        Output(ids.URL, "search"),
        *(Output(filter_id(p), "value") for p in PARAMS),
        Output(ids.FILTER_STATE, "data"),
        Output(ids.FILTER_CHIPS, "children"),
        Output(ids.FILTER_ERROR, "children"),
        Output(filter_id("period_from"), "options"),
        Output(filter_id("period_to"), "options"),
        Output(FILTERS_TOGGLE, "children"),
        Output(FILTERS_PRINTED, "children"),
        Input(ids.URL, "search"),
        Input(ids.CLEAR_FILTERS, "n_clicks"),
        *(Input(filter_id(p), "value") for p in PARAMS),
        State(ids.FILTER_STATE, "data"),
    )
    def sync_filters(search: str | None, _clear: int | None, *values: object) -> tuple:
        """URL → controls on load and back/forward; controls → URL on every change.

        The URL is only written when a control changed, so opening a link or pressing back never
        rewrites the address the user came from; it keeps the view's own parameters (page controls,
        presentation). The filter state is only written when it changes, so an address changed by a
        page control does not redraw the page's panels again.
        """
        *values, state = values
        search = search if isinstance(search, str) else None  # a hand-made request may send anything
        trigger = ctx.triggered_id
        problem = narrowed = None
        if trigger == ids.CLEAR_FILTERS:
            filters = with_default_region(service, Filters())
        elif trigger is None or trigger == ids.URL:
            filters, problem = filters_from_url(service, search)
            filters, narrowed = within_data(service, filters)
            filters, left_out = within_region_noted(service, filters)
            narrowed = " ".join(note for note in (narrowed, left_out) if note) or None
        else:
            try:
                filters = filters_from_controls(service, dict(zip(PARAMS, values, strict=True)))
            except FilterError as refused:
                filters, problem = filters_from_state(service, state), str(refused)
        query = url_query(filters, search)
        from_url = trigger is None or trigger == ids.URL
        new_search = with_view_parameters(query, search)
        return (
            no_update if from_url or new_search == (search or "") else new_search,
            *_changed_only(controls_from_filters(filters), tuple(values)),
            no_update if query == state else query,
            [filter_chip(text) for text in chip_texts(service, filters)],
            link_error(problem) if problem else period_note(narrowed) if narrowed else None,
            *[period_options(service, filters)] * 2,
            toggle_text(active_count(filters)),
            filters_text(service, filters),
        )

    app.clientside_callback(
        "function (clicks, isOpen) { return clicks ? !isOpen : isOpen; }",
        Output(FILTERS_COLLAPSE, "is_open"),
        Input(FILTERS_TOGGLE, "n_clicks"),
        State(FILTERS_COLLAPSE, "is_open"),
    )

    app.clientside_callback(
        """function (clicks) {
            const clicked = dash_clientside.callback_context.triggered.some((t) => t.value);
            return clicked ? true : dash_clientside.no_update;
        }""",
        Output(MODAL, "is_open"),
        Input({"type": LINK, "page": ALL, "panel": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(filter_id("region"), "options"),
        Output(filter_id("route"), "options"),
        Output(filter_id("country"), "options"),
        Output(filter_id("area"), "options"),
        Output(AREA_COLUMN, "className"),
        Output(filter_id("gender"), "options"),
        Output(filter_id("age_group"), "options"),
        Output(filter_id("nationality"), "options"),
        Input(filter_id("region"), "value"),
        State(ids.FILTER_STATE, "data"),  # names the interface language (see callbacks.language)
        prevent_initial_call=True,
    )
    def filter_options(region: str | None, _state: str | None) -> tuple:
        """Options of every control for the chosen region; the area control only where it defines areas."""
        choices = service.filter_choices(region)
        return (
            choices.region,
            choices.route,
            choices.country,
            choices.area,
            area_column_class(choices.area),
            choices.gender,
            choices.age_group,
            choices.nationality,
        )

    @app.callback(
        Output(filter_id("admin1"), "options"),
        Input(filter_id("country"), "value"),
        Input(filter_id("area"), "value"),
        State(filter_id("region"), "value"),
        State(ids.FILTER_STATE, "data"),  # names the interface language (see callbacks.language)
        prevent_initial_call=True,
    )
    def admin1_options(
        countries: list[str] | None, areas: list[str] | None, region: str | None, _state: str | None
    ) -> list[dict[str, str]]:
        """Admin-1 units of the chosen countries, within the chosen areas."""
        return service.admin1_choices(region, list(countries or []), list(areas or []))

    app.clientside_callback(  # navigation links carry the current filters to the next page
        "function (query, links) { return links.map((l) => (query ? `${l.path}?${query}` : l.path)); }",
        Output({"type": ids.NAV_LINK, "path": ALL}, "href"),
        Input(ids.FILTER_STATE, "data"),
        State({"type": ids.NAV_LINK, "path": ALL}, "id"),
    )

    @app.callback(
        Output({"type": ids.LANGUAGE_LINK, "lang": ALL}, "href"),
        Input(ids.FILTER_STATE, "data"),
        Input(ids.URL, "pathname"),
        Input(ids.URL, "search"),
        State({"type": ids.LANGUAGE_LINK, "lang": ALL}, "id"),
    )
    def language_links_keep_filters(
        query: str | None, path: str | None, search: str | None, link_ids: list[dict]
    ) -> list[str]:
        """The language switch leads to this view (filters, page controls, presentation) in each language."""
        links = [language_link(service, path, query, link["lang"]).partition("?") for link in link_ids]
        return [address + with_view_parameters(filters, search) for address, _mark, filters in links]


def _changed_only(new_values: list[object], shown: tuple[object, ...]) -> list[object]:
    """``new_values`` where they differ from the controls' ``shown`` values, else no update.

    Writing a control's own value back would still count as a change for the callbacks that
    listen to it (the options of every control follow the region, admin-1 units the countries).
    """
    return [
        no_update if (new or None) == (old or None) else new
        for new, old in zip(new_values, shown, strict=True)
    ]
