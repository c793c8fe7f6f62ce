"""Every chart to take away: ``/export/<page>/<panel>.<png|svg|csv|xlsx>?<filters>&page_<control>=…&lang=``.

The panel is built by the page's own builder (``panels.pages``) for the filters and the page's
controls of the query, in the language of its ``lang``; a bad parameter is a 400 naming it, an
unknown page, panel or format a 404 (before anything is built), a picture without a browser (or one
too slow, or too many pictures at once) a 503 (CSV and XLSX never need one).
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, Response, abort, current_app, request

from core.i18n import _
from dashboard.api import XLSX_MIMETYPE, bad_parameter, error_response
from exports.about import about_lines, about_panel
from exports.controls import page_controls
from exports.images import IMAGE_FORMATS, image_export
from exports.links import EXPORT_FORMATS, EXPORT_PREFIX, control_parameter, export_href, export_query
from exports.render import PictureError, PicturesBusyError, Renderer
from exports.table import panel_table
from exports.tabular import csv_export, xlsx_export
from figures.theme import WIDEST_CHART_PX, chart_width
from indicators.filters import LANG, FilterError, parse_query
from panels.filters import with_default_region
from panels.pages import PAGE_CONTENT, controls_in_words
from view_data import ViewData

MIMETYPES = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "csv": "text/csv",
    "xlsx": XLSX_MIMETYPE,
}


def create_export_routes(service: ViewData, renderer: Renderer | None = None) -> Blueprint:
    """The exports blueprint answering from ``service``, drawing pictures with ``renderer``."""
    exports = Blueprint("exports", __name__, url_prefix=EXPORT_PREFIX)
    drawer = renderer or Renderer.from_env()

    @exports.get("/<page>/<panel>.<export_format>")
    def export(page: str, panel: str, export_format: str) -> Response:
        """One panel of a page as PNG, SVG, CSV or XLSX, with its metadata."""
        content = PAGE_CONTENT.get(page)
        if content is None or panel not in content.panels or export_format not in EXPORT_FORMATS:
            abort(404)
        query = request.query_string.decode("utf-8", "replace")
        parameters = tuple(control_parameter(name) for name in content.controls)
        filters, extras = parse_query(query, service.vocabulary(), parameters)
        filters = with_default_region(service, filters)
        controls = page_controls(service, content, extras)
        with chart_width(WIDEST_CHART_PX):
            shown = content.build(service, filters, controls)[panel]
        in_words = controls_in_words(service, content, controls)
        shown_query = export_query(filters.to_query_string(extras.get(LANG)), controls)
        link = request.script_root + export_href(page, panel, export_format, shown_query)
        about = about_panel(service, shown, filters, in_words, generated=datetime.now(UTC), link=link)
        lines = about_lines(about)
        if export_format in IMAGE_FORMATS:
            try:
                body = image_export(drawer, shown.figure, lines, export_format)
            except PicturesBusyError:
                return error_response(
                    503,
                    None,
                    _(
                        "Too many pictures are being drawn: try again in a few seconds; CSV and XLSX can be had now."
                    ),
                )
            except PictureError as error:
                current_app.logger.warning("picture export %s failed: %s", request.path, error)
                return error_response(503, None, _("Pictures cannot be drawn right now; CSV and XLSX can."))
        elif export_format == "csv":
            body = csv_export(panel_table(shown), lines).encode("utf-8")
        else:
            body = xlsx_export(panel_table(shown), lines)
        return Response(
            body,
            mimetype=MIMETYPES[export_format],
            headers={"Content-Disposition": f'attachment; filename="{page}-{panel}.{export_format}"'},
        )

    exports.register_error_handler(FilterError, bad_parameter)
    return exports
