"""A control with its visible label, named by it for screen readers."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html
from dash.development.base_component import Component


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
