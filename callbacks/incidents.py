"""Panels of the protection incidents page."""

from __future__ import annotations

from callbacks.common import PanelContent
from callbacks.fourmi_panels import matrix_panel, share_panel, slice_panel
from callbacks.panels import register_page_panels
from dashboard.i18n import _
from indicators.filters import Filters
from layouts.pages.incidents import PAGE


def build(filters: Filters, controls: dict[str, object]) -> dict[str, PanelContent]:
    """Every panel of the page for these filters."""
    incident = str(controls["incident"])
    return {
        "types": share_panel("incident_type", filters, _("Protection incidents reported on the journey")),
        "by_gender": share_panel("incident_type", filters, _("Incidents by gender"), group="gender"),
        "by_age": share_panel("incident_type", filters, _("Incidents by age group"), group="age_group"),
        "places": slice_panel(
            "incident_place",
            filters,
            _("Where incidents happened"),
            fixed=("category", incident),
            across="place",
        ),
        "perpetrators": matrix_panel(
            "incident_perpetrator",
            filters,
            _("Who was responsible (share of respondents asked)"),
            x="perpetrator",
        ),
    }


register_page_panels(PAGE, build, controls=("incident",))
