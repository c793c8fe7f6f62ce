"""Panels of the drivers page."""

from __future__ import annotations

from core.i18n import _
from indicators.filters import Filters
from panels.fourmi import matrix_panel, share_panel
from panels.text import PanelContent
from view_data import ViewData


def build(service: ViewData, filters: Filters, controls: dict[str, object]) -> dict[str, PanelContent]:
    """Every panel of the page for these filters."""
    breakdown = str(controls["breakdown"])
    return {
        "drivers": share_panel(service, "driver", filters, _("Reasons for leaving")),
        "by": matrix_panel(service, "driver", filters, _("Reasons for leaving by breakdown"), x=breakdown),
    }
