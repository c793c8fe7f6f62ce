"""Key figures and panels of the overview page."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.i18n import _, n_
from figures.theme import number_text, percent, percent_interval
from indicators.engine import Answer
from indicators.filters import Filters
from panels.deaths import deaths_panel
from panels.flows import daily_panel
from panels.fourmi import share_panel
from panels.text import PanelContent, coverage_note, hidden_mark, not_applied_note, source_text
from view_data import ViewData

NO_INCIDENT = "none"


@dataclass(frozen=True)
class KeyFigure:
    """One headline number: what it is, the number, its base and source, months covered, filters not applied."""

    title: str
    value: str
    detail: str
    coverage: str = ""
    not_applied: str = ""


def _figure(title: str, value: str, detail: str, answer: Answer) -> KeyFigure:
    return KeyFigure(title, value, detail, coverage_note(answer), not_applied_note(answer))


def incident_share(service: ViewData, filters: Filters) -> tuple[str, str]:
    """Share reporting at least one incident (1 − share reporting none), with interval and n."""
    answer = service.fourmi("incident_type", filters, ("category",))
    none = answer.rows[answer.rows["category"] == NO_INCIDENT]
    if none.empty or bool(none["suppressed"].iloc[0]):
        return hidden_mark(service), _("base too small to show · %(source)s", source=source_text(answer))
    row = none.iloc[0]
    share, low, high = 1 - float(row["share"]), 1 - float(row["ci_high"]), 1 - float(row["ci_low"])
    detail = _(
        "95 %% CI %(interval)s · n = %(n)s asked · %(source)s",
        interval=percent_interval(low, high),
        n=number_text(int(row["base"])),
        source=source_text(answer),
    )
    return percent(share, low, high), detail


def asked_value(service: ViewData, answer: Answer) -> str:
    """Respondents asked (rounded): 0 where no interview is in the filters, the hidden mark where too few."""
    if answer.rows.empty:
        return "0"
    asked = answer.rows["base"].max()
    return number_text(int(asked)) if pd.notna(asked) else hidden_mark(service)


def counting_sites(service: ViewData, filters: Filters) -> str:
    """How many flow monitoring points counted the movements in these filters."""
    per_site = service.flows(filters, ("fmp",)).rows
    sites = int((per_site["individuals"].fillna(0) > 0).sum())
    if not sites:
        return _("no flow monitoring point counted movements in these filters")
    return n_("counted at %(num)s flow monitoring point", "counted at %(num)s flow monitoring points", sites)


def key_figures(service: ViewData, filters: Filters) -> list[KeyFigure]:
    """The four key figures for these filters, each with the months covered and any filter it cannot apply."""
    incidents = service.fourmi("incident_type", filters, ("category",))
    flows = service.flows(filters, ())
    deaths = service.deaths(filters, ())
    share, share_detail = incident_share(service, filters)
    moved = flows.rows["individuals"].iloc[0] if not flows.rows.empty else None
    dead = deaths.rows["dead_and_missing"].iloc[0] if not deaths.rows.empty else None
    return [
        _figure(
            _("Interviews"),
            asked_value(service, incidents),
            _(
                "respondents asked about incidents, rounded to the nearest %(n)s · %(source)s",
                n=service.rule.round_to,
                source=source_text(incidents),
            ),
            incidents,
        ),
        _figure(_("Reported an incident"), share, share_detail, incidents),
        _figure(
            _("Movements through FMPs"),
            number_text(int(moved)) if moved is not None and pd.notna(moved) else "—",
            f"{counting_sites(service, filters)} · {source_text(flows)}",
            flows,
        ),
        _figure(
            _("Dead and missing"),
            number_text(int(dead)) if dead is not None and pd.notna(dead) else "—",
            _("minimum estimate · %(source)s", source=source_text(deaths)),
            deaths,
        ),
    ]


def build(service: ViewData, filters: Filters, _controls: dict[str, object]) -> dict[str, PanelContent]:
    """Every panel of the page for these filters."""
    return {
        "incidents": share_panel(service, "incident_type", filters, _("Protection incidents reported")),
        "drivers": share_panel(service, "driver", filters, _("Reasons for leaving")),
        "flows": daily_panel(service, filters),
        "deaths": deaths_panel(
            service,
            filters,
            _("Dead and missing by year and MMP route"),
            "year",
            "route_family",
        ),
    }
