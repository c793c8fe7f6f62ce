"""Panels of the smugglers page."""

from __future__ import annotations

from core.i18n import _
from indicators.filters import Filters
from panels.fourmi import matrix_panel, share_panel, slice_panel
from panels.text import PanelContent
from view_data import ViewData

SMUGGLERS = "smugglers"


def build(service: ViewData, filters: Filters, controls: dict[str, object]) -> dict[str, PanelContent]:
    """Every panel of the page for these filters."""
    breakdown = str(controls["breakdown"])
    return {
        "used": matrix_panel(service, "smuggler_used", filters, _("Used a smuggler"), x=breakdown),
        "services": share_panel(
            service, "smuggler_service", filters, _("Services paid for (of those who used a smuggler)")
        ),
        "as_perpetrators": slice_panel(
            service,
            "incident_perpetrator",
            filters,
            _("Incidents respondents attributed to"),
            fixed=("perpetrator", SMUGGLERS),
            across="category",
        ),
        "money": matrix_panel(
            service, "money_ran_out", filters, _("Money ran out on the journey"), x=breakdown
        ),
    }
