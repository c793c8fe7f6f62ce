"""The common shape of a page: heading, short explanation, optional controls, panels."""

from __future__ import annotations

from collections.abc import Mapping

import dash_bootstrap_components as dbc
from dash import dcc, html

from layouts.labelled import dropdown_labels, labelled_control
from layouts.panel_card import control_error_id, control_id
from panels.pages import control_value
from panels.view import control_parameter
from view_data import ViewData


def page_layout(
    title: str, intro: str, rows: list[list[dbc.Col]], controls: list[dbc.Col] | None = None
) -> html.Div:
    """A page: ``rows`` of panels under a heading, an intro and the page's own controls."""
    return html.Div(
        [
            html.H1(title, className="h3"),
            html.P(intro, className="text-body-secondary"),
            dbc.Row(controls or [], className="g-2 mb-2 page-controls"),
            *[dbc.Row(row, className="g-3") for row in rows],
        ]
    )


def page_dropdown(
    page: str,
    name: str,
    label: str,
    options: list[dict[str, str]],
    value: str,
    *,
    printed_label: str | None = None,
    problem: str | None = None,
) -> dbc.Col:
    """A single-choice control of one page (its value reaches the page's build function).

    Printed, the control reads as text: its label, or ``printed_label`` where the label is an
    instruction ("Break down by" prints "Broken down by"), then the option chosen. Under it,
    ``problem`` says why the link's value for it was refused (``callbacks.page_controls``).
    """
    control = labelled_control(
        label,
        f"control-label-{page}-{name}",
        dcc.Dropdown(
            id=control_id(page, name), options=options, value=value, clearable=False, labels=dropdown_labels()
        ),
    )
    error = html.Div(problem, id=control_error_id(page, name), className="small text-danger", role="status")
    if printed_label is None:
        return dbc.Col([control, error], xs=12, md=4)
    printed = html.Span(printed_label, className="print-only printed-label small fw-semibold")
    return dbc.Col([printed, control, error], xs=12, md=4, className="print-relabelled")


def linked_value(
    service: ViewData, page: str, name: str, query: Mapping[str, str | list[str]]
) -> tuple[str, str | None]:
    """The value a page control shows for a link's ``page_<name>`` parameter, and why a value was refused."""
    return control_value(service, page, name, query.get(control_parameter(name)))


def caveat(text: str) -> dbc.Alert:
    """A visible caveat about the data on a page."""
    return dbc.Alert(text, color="info", className="py-2 small")
