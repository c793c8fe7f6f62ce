"""A map layer for filters as a small static SVG, with the same numbers as a table (low-bandwidth view).

The numbers are those of the interactive map's layer (:mod:`panels.maps`); the picture is drawn
by :func:`figures.static_map.static_map_svg` and kept in the app's cache per data version, layer,
filters and language.
"""

from __future__ import annotations

import pandas as pd

from core.i18n import _, language
from figures.maps import FMP_COLOUR, HUB_COLOUR, map_text
from figures.static_map import Frame, StaticMapText, static_map_svg
from indicators.filters import Filters
from panels.maps import (
    SHARE_LAYERS,
    deaths_by_hub,
    fmp_values,
    layer_options,
    map_caption,
    map_table,
    share_by_admin1,
)
from view_data import ViewData, cache

NO_SHARES = pd.DataFrame({"adm1_code": [], "admin1": [], "share": [], "suppressed": []})
NO_DEATHS = pd.DataFrame({"hub_id": [], "dead_and_missing": []})


def map_title(layer: str) -> str:
    """What a layer shows, as the interactive map's layer switch names it."""
    return next(str(option["label"]) for option in layer_options() if option["value"] == layer)


def static_caption(layer: str) -> str:
    """The words under the picture (the interactive map's caption, without its clicks)."""
    if layer in SHARE_LAYERS:
        return _(
            "Colours show where respondents were interviewed, in five classes of about as many regions "
            "each; grey regions are hidden for small numbers. Lines are schematic routes."
        )
    return map_caption(layer)


def _key_title(layer: str) -> str:
    titles = {
        "incidents": _("Reported any incident (share of respondents asked, %)"),
        "drivers": _("Left because of violence, insecurity or conflict (share of respondents asked, %)"),
        "smuggling": _("Used a smuggler (share of respondents asked, %)"),
        "flows": _("Movements counted"),
        "deaths": _("Dead and missing (minimum)"),
    }
    return titles[layer]


def map_numbers(
    service: ViewData, layer: str, filters: Filters
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """The layer's numbers as table rows and columns, as the interactive map's table shows them."""
    shares = share_by_admin1(service, layer, filters) if layer in SHARE_LAYERS else NO_SHARES
    flows = fmp_values(service, filters) if layer == "flows" else None
    deaths = deaths_by_hub(service, filters) if layer == "deaths" else NO_DEATHS
    return map_table(service, layer, shares, flows, deaths)


def map_svg(service: ViewData, layer: str, filters: Filters) -> str:
    """The picture of ``layer`` for ``filters`` (SVG text), from the app's cache when drawn before."""
    return _map_svg(service, service.data_version(), layer, filters, language())


@cache.memoize()
def _map_svg(service: ViewData, version: int, layer: str, filters: Filters, lang: str) -> str:
    del version, lang  # keys of the cached picture: it changes with the data and the language
    profile = service.profile(filters.region)
    geometry = service.geometry(profile)
    extent = profile.extent
    words = map_text()
    text = StaticMapText(
        title=map_title(layer),
        key_title=_key_title(layer),
        hidden=words.hidden_legend % {"n": service.rule.min_count},
        no_value=words.no_data,
        attribution=words.attribution.replace("<br>", "\n"),
    )
    country = service.labels.labeller("country")
    drawing: dict[str, object]
    if layer in SHARE_LAYERS:
        drawing = {"admin1": geometry.admin1, "shares": share_by_admin1(service, layer, filters)}
    elif layer == "flows":
        sites = geometry.sites.merge(fmp_values(service, filters), on="fmp")
        drawing = {"points": sites.rename(columns={"individuals": "value"}), "point_colour": FMP_COLOUR}
    else:
        hubs = service.every_hub().merge(deaths_by_hub(service, filters), on="hub_id")
        drawing = {"points": hubs.rename(columns={"dead_and_missing": "value"}), "point_colour": HUB_COLOUR}
    return static_map_svg(
        Frame(extent.lon_min, extent.lon_max, extent.lat_min, extent.lat_max),
        geometry.admin0,
        geometry.context,
        geometry.segments,
        {iso3: country(iso3) for iso3 in geometry.admin0["country"]},
        text,
        **drawing,
    )
