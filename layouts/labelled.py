"""A control with its visible label, named by it for screen readers; the words of Dash's dropdown."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html
from dash.development.base_component import Component

from core.i18n import _


def labelled_control(label: str, label_id: str, control: Component) -> html.Div:
    """``control`` under ``label``, grouped so assistive technology announces the label with it.

    Dash's dropdown names its button by the value shown ("All"); a ``group`` labelled by the
    visible text makes a screen reader say "Gender, group" before "All, button".
    """
    return html.Div(
        [dbc.Label(label, id=label_id, className="small fw-semibold mb-0"), control],
        role="group",
        **{"aria-labelledby": label_id},
    )


def dropdown_labels() -> dict[str, str]:
    """The words Dash's dropdown shows of its own (search box, select all, count, clear) in the interface
    language, for its ``labels``: without them a French page shows "Search" and "Select All"."""
    return {
        "select_all": _("Select all"),
        "deselect_all": _("Deselect all"),
        "selected_count": _("{num_selected} selected"),
        "search": _("Search"),
        "clear_search": _("Clear search"),
        "clear_selection": _("Clear selection"),
        "no_options_found": _("No options found"),
    }
