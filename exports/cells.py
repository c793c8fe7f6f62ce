"""Text cells no spreadsheet program reads as a formula."""

from __future__ import annotations

#: First characters that make Excel, LibreOffice or Google Sheets read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Put before such a text: spreadsheet programs then show the text as it is.
NEUTRAL_PREFIX = "'"


def neutral(value: object) -> object:
    """``value``, with a text that starts like a formula prefixed by an apostrophe; numbers unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return NEUTRAL_PREFIX + value
    return value
