"""What a region shows of a breakdown by route: the routes its profile draws.

Region profiles may share countries (Libya, Egypt and Sudan). An answer under a region holds
everything in its countries, so incidents and interviews there may lie on another profile's
routes; a row for such a route would show only the region's part of it, and so differ from the
same route's row in the profile that draws it. Under a region a breakdown by route therefore
keeps the region's routes and the rows with no route; the totals keep every record.
"""

from __future__ import annotations

import pandas as pd

from data_access.queries import Scope


def drawn_routes_only(table: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """``table``'s rows whose ``route`` the scope's region draws or is missing; all of them without a region."""
    if "route" not in table.columns or not scope.region_routes:
        return table
    kept = table["route"].isna() | table["route"].isin(scope.region_routes)
    return table[kept].reset_index(drop=True)
