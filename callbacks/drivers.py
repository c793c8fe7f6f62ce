"""Panels of the drivers page."""

from __future__ import annotations

from callbacks.common import PanelContent
from callbacks.fourmi_panels import matrix_panel, share_panel
from callbacks.panels import register_page_panels
from dashboard.i18n import _
from indicators.filters import Filters
from layouts.pages.drivers import PAGE


def build(filters: Filters, controls: dict[str, object]) -> dict[str, PanelContent]:
    """Every panel of the page for these filters."""
    breakdown = str(controls["breakdown"])
    return {
        "drivers": share_panel("driver", filters, _("Reasons for leaving")),
        "by": matrix_panel("driver", filters, _("Reasons for leaving by breakdown"), x=breakdown),
    }


register_page_panels(PAGE, build, controls=("breakdown",))
