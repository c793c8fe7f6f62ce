"""Where the exports of a panel are served, and the query string that names what they show."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote

from indicators.filters import LANG, language_of_query
from panels.view import control_parameter

EXPORT_PREFIX = "/export"
#: Every export of a chart, in the order a download menu offers them.
EXPORT_FORMATS = ("png", "svg", "csv", "xlsx")


def export_path(page: str, panel: str, export_format: str) -> str:
    """The address (without query string) of one export of a panel."""
    return f"{EXPORT_PREFIX}/{page}/{panel}.{export_format}"


def export_query(
    filter_state: str | None, controls: Mapping[str, object], page_search: str | None = None
) -> str:
    """The filter state's query string, the page's control values and, if the state has none, the page's ``lang``."""
    parts = [filter_state.removeprefix("?")] if filter_state else []
    parts += [
        f"{control_parameter(name)}={quote(str(value), safe='')}"
        for name, value in controls.items()
        if value is not None
    ]
    lang = None if language_of_query(filter_state or "") else language_of_query(page_search or "")
    if lang:
        parts.append(f"{LANG}={lang}")
    return "&".join(part for part in parts if part)


def export_href(page: str, panel: str, export_format: str, query: str) -> str:
    """The link to one export of a panel for the view the ``query`` names."""
    path = export_path(page, panel, export_format)
    return f"{path}?{query}" if query else path
