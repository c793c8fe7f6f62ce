"""What a region shows of its routes, when region profiles share countries.

Region profiles may share countries (Libya, Egypt and Sudan). An answer under a region holds
everything in its countries, so incidents and interviews there may lie on another profile's
routes; a row for such a route would show only the region's part of it, and so differ from the
same route's row in the profile that draws it. Under a region a breakdown by route therefore
keeps the region's routes and the rows with no route; the totals keep every record. Counts
over all profiles (FMP sites far from every route) count a site two profiles list once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from data_access.queries import Scope
from geo import profile_files
from geo.regions import RegionProfile
from indicators.scope import fmp_routes


def drawn_routes_only(table: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """``table``'s rows whose ``route`` the scope's region draws or is missing; all of them without a region."""
    if "route" not in table.columns or not scope.region_routes:
        return table
    kept = table["route"].isna() | table["route"].isin(scope.region_routes)
    return table[kept].reset_index(drop=True)


def flow_routes(profiles: Mapping[str, RegionProfile], region: str | None) -> list[str]:
    """Routes passing near an FMP site that ``region`` draws (every profile's without a region), sorted."""
    chosen = [profiles[region]] if region else list(profiles.values())
    return sorted({route for profile in chosen for route in fmp_routes(profile)["route_id"]})


def sites_off_routes(profiles: Iterable[RegionProfile]) -> int:
    """FMP sites no route of a profile listing them passes near; a site two profiles list counts once."""
    profiles = list(profiles)
    listed = {str(fmp) for profile in profiles for fmp in profile_files.fmp_sites(profile)["fmp"]}
    near = {str(fmp) for profile in profiles for fmp in fmp_routes(profile)["fmp"]}
    return len(listed - near)
