""" "What changed most" on the Trends page follows the filters, the period and the comparison."""

from __future__ import annotations

from dash import Dash, Input, Output, State, html

from core.i18n import _, language
from layouts import ids
from layouts.pages.trends import changes_list, list_export_link
from layouts.panel_card import control_id
from panels.filters import filters_from_state
from panels.trends import PAGE, controls_of, most_changed_records
from view_data import ViewData


def register(app: Dash, service: ViewData) -> None:
    """Register the callback of "What changed most"."""

    @app.callback(
        Output(ids.TRENDS_MOST, "children"),
        Input(ids.FILTER_STATE, "data"),
        Input(control_id(PAGE, "period"), "value"),
        Input(control_id(PAGE, "compare"), "value"),
        State(control_id(PAGE, "indicator"), "value"),
    )
    def show_most_changed(
        query: str | None, period: str | None, compare: str | None, indicator: str | None
    ) -> html.Div:
        """The largest increases and decreases, each linked to the view that shows it."""
        filters = filters_from_state(service, query)
        chosen, comparison, shown = controls_of(
            service, {"period": period, "compare": compare, "indicator": indicator}
        )
        if chosen is None:
            return html.P(_("No data loaded for this chart."))
        rows, _answer = most_changed_records(service, filters, chosen, comparison)
        nothing = _("No change large enough to list.")
        return html.Div(
            [
                html.Div(
                    [
                        html.Div(
                            changes_list(
                                _("Largest increases"),
                                [r for r in rows if r["direction"] == "increase"],
                                nothing,
                            ),
                            className="col-12 col-lg-6",
                        ),
                        html.Div(
                            changes_list(
                                _("Largest decreases"),
                                [r for r in rows if r["direction"] == "decrease"],
                                nothing,
                            ),
                            className="col-12 col-lg-6",
                        ),
                    ],
                    className="row g-3",
                ),
                html.A(
                    _("Download this list (CSV)"),
                    href=list_export_link(filters, chosen, comparison, shown, language()),
                    className="small d-inline-block mt-2",
                ),
            ]
        )
