"""A chart card's "Download" menu: the chart as a picture, its numbers as a table file."""

from __future__ import annotations

import dash_bootstrap_components as dbc

from core.i18n import _
from exports.links import EXPORT_FORMATS, export_path
from layouts import ids


def export_id(page: str, panel: object, export_format: object) -> dict[str, object]:
    """Pattern-matching id of one download link of a panel."""
    return {"type": ids.PANEL_EXPORT, "page": page, "panel": panel, "format": export_format}


def export_labels() -> dict[str, str]:
    """What each export is, in words."""
    return {
        "png": _("Picture (PNG)"),
        "svg": _("Picture to edit or print (SVG)"),
        "csv": _("Numbers (CSV)"),
        "xlsx": _("Numbers (Excel, XLSX)"),
    }


def download_menu(page: str, panel: str) -> dbc.DropdownMenu:
    """The panel's download links; ``callbacks.exports`` keeps them in step with the filters and controls."""
    labels = export_labels()
    return dbc.DropdownMenu(
        [
            dbc.DropdownMenuItem(
                labels[export_format],
                id=export_id(page, panel, export_format),
                href=export_path(page, panel, export_format),
                external_link=True,
            )
            for export_format in EXPORT_FORMATS
        ],
        label=_("Download"),
        size="sm",
        color="link",
        class_name="d-inline-block d-print-none ms-3",
        toggle_class_name="small px-0",
    )
