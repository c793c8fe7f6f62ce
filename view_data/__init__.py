"""The service layer: profiles, geometry, labels, filter choices and answers for a view."""

from view_data.choices import FilterChoices
from view_data.geometry import MapGeometry
from view_data.labels import Labels
from view_data.service import ViewData, cache

__all__ = ["FilterChoices", "Labels", "MapGeometry", "ViewData", "cache"]
