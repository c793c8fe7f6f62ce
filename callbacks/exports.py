"""Download links of every chart, kept in step with the filter state and the page's controls."""

from __future__ import annotations

from collections.abc import Sequence

from dash import ALL, Dash, Input, Output, State, ctx

from exports.links import export_href, export_query
from layouts import ids
from layouts.download_menu import export_id
from layouts.panel_card import control_id
from panels.pages import PAGE_CONTENT


def register(app: Dash) -> None:
    """Register the download-link callback of every page with panels."""
    for page, content in PAGE_CONTENT.items():
        register_page_exports(app, page, tuple(content.controls))


def register_page_exports(app: Dash, page: str, controls: Sequence[str]) -> None:
    """Register the callback that writes the hrefs of ``page``'s download links."""

    def export_links(state: str | None, *values: object) -> list[str]:
        *control_values, search = values
        query = export_query(state, dict(zip(controls, control_values, strict=True)), search)
        return [
            export_href(output["id"]["page"], output["id"]["panel"], output["id"]["format"], query)
            for output in ctx.outputs_list
        ]

    export_links.__name__ = f"{page}_export_links"
    app.callback(
        Output(export_id(page, ALL, ALL), "href"),
        Input(ids.FILTER_STATE, "data"),
        *(Input(control_id(page, name), "value") for name in controls),
        State(ids.URL, "search"),
    )(export_links)
