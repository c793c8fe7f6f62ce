"""Data text made inert for plotly, which draws a subset of HTML in every text of a figure.

Titles, hover texts, tick, legend and annotation labels may hold ``<a href>``, ``<b>``, ``<br>``
or ``<span style>``: a place name or a cause written ``<a href="//ev.il">x</a>`` in a loaded
file would become a link in the chart. Every text that comes from data (names, labels, credits,
filter values) passes through :func:`plain` where it enters a figure; plotly then shows the
entities ``&amp;``, ``&lt;`` and ``&gt;`` as the characters themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import pandas as pd


def plain(text: object) -> str:
    """``text`` as plotly shows it, character for character: no tag in it is drawn as markup."""
    return escape(str(text), quote=False)


def plain_labels(label: Callable[[object], str]) -> Callable[[object], str]:
    """A labeller whose labels are :func:`plain`."""
    return lambda value: plain(label(value))


def plain_names(frame: pd.DataFrame, column: str = "name") -> pd.DataFrame:
    """A copy of ``frame`` whose ``column`` (names read from a file) is :func:`plain`; an empty frame as it is."""
    if frame.empty:
        return frame
    return frame.assign(**{column: frame[column].map(plain)})
