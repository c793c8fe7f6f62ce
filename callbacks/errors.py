"""Callbacks asked with values no page sends answer "nothing to update", never a server error.

A hand-made request to ``/_dash-update-component`` may give any callback any JSON: a text for a
list, a list of objects, a number for a text, a path Dash's page router refuses. The filter values,
which every view reads, are checked where callbacks turn them into filters, and a refused one is
named in the filter bar (``callbacks.filters``). Where such a value makes a callback raise a type or
value error, this hook (Dash's error hook, for every app) logs a warning with the traceback and
answers no update (204). Any other error (a database that cannot answer among them) goes on to the
app's own answer.
"""

from __future__ import annotations

import logging

from dash import hooks
from dash.exceptions import DashException, PreventUpdate
from flask import has_request_context, request

#: Errors a value of the wrong type or form raises in the code it reaches.
BAD_VALUE_ERRORS = (
    TypeError,
    ValueError,
    KeyError,
    IndexError,
    AttributeError,
    ArithmeticError,
    DashException,
)
log = logging.getLogger(__name__)


@hooks.error()
def no_update_for_bad_values(error: Exception) -> None:
    """Answer no update (Dash's 204) for a callback that a malformed value made fail; re-raise anything else
    (SQLAlchemy's errors are none of :data:`BAD_VALUE_ERRORS`).

    Raising :class:`PreventUpdate` fits every callback, whatever its outputs (a returned "no update"
    does not fit a callback whose one output is a pattern).
    """
    if not isinstance(error, BAD_VALUE_ERRORS):
        raise error
    asked = request.get_data(as_text=True)[:200] if has_request_context() else ""
    log.warning(
        "callback refused its values (%s: %s); asked: %s", type(error).__name__, error, asked, exc_info=error
    )
    raise PreventUpdate from error
