"""The interface language of Dash's own requests, which carry no query string.

A callback request names its page's language in the filter state (or the address's query
string) among its inputs and states; the layout request is sent from the page, whose address
its Referer holds. Flask-Babel's locale selector asks :func:`page_language`, so every
callback and the layout translate in the page's language without a line of their own.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import request

from core.i18n import referrer_language
from indicators.filters import language_of_query
from layouts import ids

LAYOUT_REQUEST = "_dash-layout"
CALLBACK_REQUEST = "_dash-update-component"
QUERY_PROPS = ({"id": ids.FILTER_STATE, "property": "data"}, {"property": "search"})


def page_language() -> str | None:
    """The language of the page a Dash request was sent from, if it names one."""
    if request.path.endswith(CALLBACK_REQUEST):
        return next(filter(None, map(language_of_query, _queries(request.get_json(silent=True)))), None)
    if request.path.endswith(LAYOUT_REQUEST):
        return referrer_language()
    return None


def _queries(body: object) -> Iterator[str]:
    """The query strings among a callback request's inputs and states: the filter state, then addresses."""
    if not isinstance(body, dict):
        return
    items = [item for key in ("inputs", "state") for item in _flat(body.get(key, []))]
    for wanted in QUERY_PROPS:
        for item in items:
            if all(item.get(key) == value for key, value in wanted.items()) and isinstance(
                item.get("value"), str
            ):
                yield item["value"]


def _flat(items: object) -> Iterator[dict]:
    """Inputs and states, wildcard groups (lists) opened."""
    for item in items if isinstance(items, list) else []:
        if isinstance(item, list):
            yield from _flat(item)
        elif isinstance(item, dict):
            yield item
