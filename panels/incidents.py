"""Panels of the protection incidents page."""

from __future__ import annotations

from core.i18n import _
from indicators.filters import Filters
from panels.fourmi import matrix_panel, share_panel, slice_panel
from panels.text import PanelContent
from view_data import ViewData


def build(service: ViewData, filters: Filters, controls: dict[str, object]) -> dict[str, PanelContent]:
    """Every panel of the page for these filters."""
    incident = str(controls["incident"])
    return {
        "types": share_panel(
            service, "incident_type", filters, _("Protection incidents reported on the journey")
        ),
        "by_gender": share_panel(service, "incident_type", filters, _("Incidents by gender"), group="gender"),
        "by_age": share_panel(
            service, "incident_type", filters, _("Incidents by age group"), group="age_group"
        ),
        "places": slice_panel(
            service,
            "incident_place",
            filters,
            _("Where incidents happened"),
            fixed=("category", incident),
            across="place",
        ),
        "perpetrators": matrix_panel(
            service,
            "incident_perpetrator",
            filters,
            _("Who was responsible (share of respondents asked)"),
            x="perpetrator",
        ),
    }
