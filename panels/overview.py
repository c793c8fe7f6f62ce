"""Key figures and panels of the overview page."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.i18n import _
from indicators.filters import Filters
from panels.deaths import deaths_panel
from panels.flows import daily_panel
from panels.fourmi import share_panel
from panels.text import PanelContent, hidden_mark, period_text, source_text
from view_data import ViewData

NO_INCIDENT = "none"


@dataclass(frozen=True)
class KeyFigure:
    """One headline number: what it is, the number, and its base, period and source."""

    title: str
    value: str
    detail: str


def incident_share(service: ViewData, filters: Filters) -> tuple[str, str]:
    """Share reporting at least one incident (1 − share reporting none), with interval and n."""
    answer = service.fourmi("incident_type", filters, ("category",))
    none = answer.rows[answer.rows["category"] == NO_INCIDENT]
    if none.empty or bool(none["suppressed"].iloc[0]):
        return hidden_mark(service), _("base too small to show · %(period)s", period=period_text(filters))
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


def key_figures(service: ViewData, filters: Filters) -> list[KeyFigure]:
    """The four key figures for these filters."""
    incidents = service.fourmi("incident_type", filters, ("category",))
    asked = incidents.rows["base"].max()
    flows = service.flows(filters, ())
    deaths = service.deaths(filters, ())
    share, share_detail = incident_share(service, filters)
    moved = flows.rows["individuals"].iloc[0] if not flows.rows.empty else None
    dead = deaths.rows["dead_and_missing"].iloc[0] if not deaths.rows.empty else None
    return [
        KeyFigure(
            _("Interviews"),
            f"{int(asked):,}" if pd.notna(asked) else hidden_mark(service),
            _(
                "respondents asked about incidents, rounded to the nearest %(n)s · %(period)s · %(source)s",
                n=service.rule.round_to,
                period=period_text(filters),
                source=source_text(incidents),
            ),
        ),
        KeyFigure(_("Reported an incident"), share, share_detail),
        KeyFigure(
            _("Movements through FMPs"),
            f"{int(moved):,}" if moved is not None and pd.notna(moved) else "—",
            _(
                "counted at flow monitoring points · %(period)s · %(source)s",
                period=period_text(filters),
                source=source_text(flows),
            ),
        ),
        KeyFigure(
            _("Dead and missing"),
            f"{int(dead):,}" if dead is not None and pd.notna(dead) else "—",
            _(
                "minimum estimate · %(period)s · %(source)s",
                period=period_text(filters),
                source=source_text(deaths),
            ),
        ),
    ]


def build(service: ViewData, filters: Filters, _controls: dict[str, object]) -> dict[str, PanelContent]:
    """Every panel of the page for these filters."""
    return {
        "incidents": share_panel(service, "incident_type", filters, _("Protection incidents reported")),
        "drivers": share_panel(service, "driver", filters, _("Reasons for leaving")),
        "flows": daily_panel(service, filters),
        "deaths": deaths_panel(service, filters, _("Dead and missing by year and route"), "year", "route"),
    }
