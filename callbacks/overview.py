"""Key figures and panels of the overview page."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, callback, html

from callbacks.common import PanelContent, filters_from_state, hidden_mark, period_text, source_text
from callbacks.deaths import deaths_panel
from callbacks.flows import daily_panel
from callbacks.fourmi_panels import share_panel
from callbacks.panels import register_page_panels
from dashboard.cached_data import deaths_answer, flows_answer, fourmi_answer
from dashboard.i18n import _
from indicators.filters import Filters
from layouts import ids
from layouts.pages.overview import PAGE

NO_INCIDENT = "none"


def key_figure(title: str, value: str, detail: str) -> dbc.Col:
    """One key figure card: the number, what it is, and its base, period and source."""
    return dbc.Col(
        dbc.Card(
            dbc.CardBody(
                [
                    html.Div(title, className="small text-uppercase fw-semibold text-body-secondary"),
                    html.Div(value, className="display-6 fw-bold"),
                    html.Div(detail, className="small text-body-secondary"),
                ]
            ),
            className="h-100 shadow-sm",
        ),
        xs=12,
        sm=6,
        xl=3,
    )


def incident_share(filters: Filters) -> tuple[str, str]:
    """Share reporting at least one incident (1 − share reporting none), with interval and n."""
    answer = fourmi_answer("incident_type", filters, ("category",))
    none = answer.rows[answer.rows["category"] == NO_INCIDENT]
    if none.empty or bool(none["suppressed"].iloc[0]):
        return hidden_mark(), _("base too small to show · %(period)s", period=period_text(filters))
    row = none.iloc[0]
    share, low, high = 1 - float(row["share"]), 1 - float(row["ci_high"]), 1 - float(row["ci_low"])
    detail = _(
        "95 %% CI %(low).0f–%(high).0f %% · n = %(n)s asked · %(period)s · %(source)s",
        low=low * 100,
        high=high * 100,
        n=f"{int(row['base']):,}",
        period=period_text(filters),
        source=source_text(answer),
    )
    return f"{share * 100:.0f} %", detail


def key_figures(filters: Filters) -> list[dbc.Col]:
    """The four key figures for these filters."""
    incidents = fourmi_answer("incident_type", filters, ("category",))
    asked = incidents.rows["base"].max()
    flows = flows_answer(filters, ())
    deaths = deaths_answer(filters, ())
    share, share_detail = incident_share(filters)
    moved = flows.rows["individuals"].iloc[0] if not flows.rows.empty else None
    dead = deaths.rows["dead_and_missing"].iloc[0] if not deaths.rows.empty else None
    return [
        key_figure(
            _("Interviews"),
            f"{int(asked):,}" if pd.notna(asked) else hidden_mark(),
            _(
                "respondents asked about incidents · %(period)s · %(source)s",
                period=period_text(filters),
                source=source_text(incidents),
            ),
        ),
        key_figure(_("Reported an incident"), share, share_detail),
        key_figure(
            _("Movements through FMPs"),
            f"{int(moved):,}" if moved is not None and pd.notna(moved) else "—",
            _(
                "counted at flow monitoring points · %(period)s · %(source)s",
                period=period_text(filters),
                source=source_text(flows),
            ),
        ),
        key_figure(
            _("Dead and missing"),
            f"{int(dead):,}" if dead is not None and pd.notna(dead) else "—",
            _(
                "minimum estimate · %(period)s · %(source)s",
                period=period_text(filters),
                source=source_text(deaths),
            ),
        ),
    ]


@callback(Output(ids.KEY_FIGURES, "children"), Input(ids.FILTER_STATE, "data"))
def show_key_figures(query: str | None) -> list[dbc.Col]:
    """Key figures follow the filters."""
    return key_figures(filters_from_state(query))


def build(filters: Filters, _controls: dict[str, object]) -> dict[str, PanelContent]:
    """Every panel of the page for these filters."""
    return {
        "incidents": share_panel("incident_type", filters, _("Protection incidents reported")),
        "drivers": share_panel("driver", filters, _("Reasons for leaving")),
        "flows": daily_panel(filters),
        "deaths": deaths_panel(filters, _("Dead and missing by year and route"), "year", "route"),
    }


register_page_panels(PAGE, build)
