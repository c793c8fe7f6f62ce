"""Counts of records the map cannot place, for the methodology page (memoised per data version)."""

from __future__ import annotations

import pandas as pd

from dashboard.cached_data import profiles
from dashboard.extensions import cache, database
from dashboard.i18n import _
from data_access.queries import unmatched_counts
from data_access.versions import data_version
from indicators.scope import fmp_routes


def _reasons() -> dict[str, str]:
    return {
        "route_label_unmapped": _("route label not in this project's route map"),
        "no_route": _("no route given"),
        "no_coordinates": _("no coordinates"),
        "country_unrecognised": _("country name not recognised"),
        "admin1_unmatched": _("coordinates outside every admin-1 unit of the region profiles"),
    }


def unmatched_records() -> list[dict[str, object]]:
    """Rows ``source, what, records`` describing unmatched records, translated."""
    table = _unmatched(data_version(database.engine))
    sites = pd.concat([_sites_off_routes(p) for p in profiles().values()])
    reasons = _reasons()
    rows = [
        {"source": r.source, "what": reasons[r.what], "records": int(r.records)} for r in table.itertuples()
    ]
    rows.append(
        {
            "source": "fmp-sites",
            "what": _("FMP sites farther than 25 km from any route"),
            "records": int(sites.sum()),
        }
    )
    return rows


def _sites_off_routes(profile) -> pd.Series:  # noqa: ANN001
    sites = pd.read_csv(profile.path("fmp_sites"), dtype=str)["fmp"]
    return pd.Series([int(~sites.isin(fmp_routes(profile)["fmp"]).sum())])


@cache.memoize()
def _unmatched(version: int) -> pd.DataFrame:
    del version
    return unmatched_counts(database.engine)
