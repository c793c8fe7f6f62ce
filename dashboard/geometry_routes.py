"""The map's GeoJSON documents, each at a URL that changes with its content, kept by browsers for a year.

Only the documents the figures name answer: a known region, a known name and the digest of
the current content (anything else is 404). Nothing is read from disk here: the bodies are
those of :func:`panels.maps.geometry_files`, built from the service's geometry.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort

from panels.maps import GEOMETRY_PATH, geometry_files
from view_data import ViewData

GEOJSON = "application/geo+json"
YEAR_S = 365 * 24 * 3600


def create_geometry_routes(service: ViewData) -> Blueprint:
    """A blueprint serving the map geometry of every region profile of ``service``."""
    blueprint = Blueprint("geometry", __name__)

    @blueprint.get(f"{GEOMETRY_PATH}<region>/<name>.<digest>.geojson")
    def geometry(region: str, name: str, digest: str) -> Response:
        """One GeoJSON document, if ``region``, ``name`` and ``digest`` are those of a current one."""
        if region not in service.profiles:
            abort(404)
        document = geometry_files(service, region).get(name)
        if document is None or document.digest != digest:
            abort(404)
        response = Response(document.body, mimetype=GEOJSON)
        response.cache_control.public = True
        response.cache_control.max_age = YEAR_S
        response.cache_control.immutable = True
        return response

    return blueprint
