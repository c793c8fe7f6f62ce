"""One importer per source kind; ``importer_for(kind, reference)`` picks it."""

from __future__ import annotations

from data_access.importers.base import Importer
from data_access.reference import Reference

KINDS = ("4mi", "fmp", "fmp-demographics", "fmp-sites", "mmp", "routes", "hubs")


def importer_for(kind: str, reference: Reference) -> Importer:
    """The importer of a source kind; a ValueError lists the kinds if it is unknown."""
    from data_access.importers.fmp import FmpCountImporter, FmpDemographicImporter, FmpSiteImporter
    from data_access.importers.fourmi import FourMiImporter
    from data_access.importers.geodata import HubImporter, RouteImporter
    from data_access.importers.mmp import MmpImporter

    importers: dict[str, type] = {
        "4mi": FourMiImporter,
        "fmp": FmpCountImporter,
        "fmp-demographics": FmpDemographicImporter,
        "fmp-sites": FmpSiteImporter,
        "mmp": MmpImporter,
        "routes": RouteImporter,
        "hubs": HubImporter,
    }
    if kind not in importers:
        raise ValueError(f"unknown kind {kind!r}; expected one of: {', '.join(KINDS)}")
    return importers[kind](reference)
