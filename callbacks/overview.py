"""Key figures of the overview page follow the filters."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output

from layouts import ids
from layouts.pages.overview import key_figure_card
from panels.filters import filters_from_state
from panels.overview import key_figures
from view_data import ViewData


def register(app: Dash, service: ViewData) -> None:
    """Register the key-figures callback on ``app``."""

    @app.callback(Output(ids.KEY_FIGURES, "children"), Input(ids.FILTER_STATE, "data"))
    def show_key_figures(query: str | None) -> list[dbc.Col]:
        """Key figures follow the filters."""
        return [
            key_figure_card(figure) for figure in key_figures(service, filters_from_state(service, query))
        ]
