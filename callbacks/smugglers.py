"""Panels of the smugglers page."""

from __future__ import annotations

from callbacks.common import PanelContent
from callbacks.fourmi_panels import matrix_panel, share_panel, slice_panel
from callbacks.panels import register_page_panels
from dashboard.i18n import _
from indicators.filters import Filters
from layouts.pages.smugglers import PAGE

SMUGGLERS = "smugglers"


def build(filters: Filters, controls: dict[str, object]) -> dict[str, PanelContent]:
    """Every panel of the page for these filters."""
    breakdown = str(controls["breakdown"])
    return {
        "used": matrix_panel("smuggler_used", filters, _("Used a smuggler"), x=breakdown),
        "services": share_panel(
            "smuggler_service", filters, _("Services paid for (of those who used a smuggler)")
        ),
        "as_perpetrators": slice_panel(
            "incident_perpetrator",
            filters,
            _("Incidents respondents attributed to"),
            fixed=("perpetrator", SMUGGLERS),
            across="category",
        ),
        "money": matrix_panel("money_ran_out", filters, _("Money ran out on the journey"), x=breakdown),
    }


register_page_panels(PAGE, build, controls=("breakdown",))
