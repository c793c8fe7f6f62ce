"""Colour constants: colour-blind-safe scales, a categorical palette and accessible text colours.

Sequential and diverging scales are ColorBrewer schemes (safe for the common
colour-vision deficiencies); the categorical palette is Okabe & Ito (2008).
Text colours reach a WCAG AA contrast ratio of at least 4.5:1 on white.
"""

from __future__ import annotations

#: ColorBrewer YlGnBu, 7 classes: light (low) to dark blue (high).
SEQUENTIAL: tuple[str, ...] = ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84")

#: ColorBrewer PuOr, 7 classes: orange (negative), grey-white (zero), purple (positive).
DIVERGING: tuple[str, ...] = ("#b35806", "#f1a340", "#fee0b6", "#f7f7f7", "#d8daeb", "#998ec3", "#542788")

#: Okabe–Ito categorical palette (black last).
OKABE_ITO: dict[str, str] = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}
CATEGORICAL: tuple[str, ...] = tuple(OKABE_ITO.values())

#: Movement direction at flow monitoring points, the same in every chart.
DIRECTION: dict[str, str] = {"incoming": OKABE_ITO["blue"], "outgoing": OKABE_ITO["orange"]}

#: Each 4Mi incident type, keyed by its code.
INCIDENT_TYPE: dict[str, str] = {
    "death_witnessed": OKABE_ITO["black"],
    "sexual_violence": OKABE_ITO["reddish_purple"],
    "physical_violence": OKABE_ITO["vermillion"],
    "kidnapping": OKABE_ITO["blue"],
    "detention": OKABE_ITO["sky_blue"],
    "robbery": OKABE_ITO["orange"],
    "bribery_extortion": OKABE_ITO["bluish_green"],
    "other": OKABE_ITO["yellow"],
    "none": "#999999",
}

#: Each Missing Migrants Project route family the region profiles place incidents on, keyed by its code
#: (data/reference/mmp_route_map.csv), one colour each so that no two of a chart share one.
ROUTE_FAMILY: dict[str, str] = {
    "central_mediterranean": OKABE_ITO["blue"],
    "western_mediterranean": OKABE_ITO["bluish_green"],
    "sahara_desert_crossing": OKABE_ITO["orange"],
    "atlantic": OKABE_ITO["sky_blue"],
    "horn_of_africa_to_yemen_crossing": OKABE_ITO["vermillion"],
    "horn_of_africa_route": OKABE_ITO["reddish_purple"],
    "northern_route_from_ehoa": OKABE_ITO["black"],
    "route_to_southern_africa": OKABE_ITO["yellow"],
}

#: Levels of month-on-month change: decreases orange, increases purple, limited and unknown grey.
CHANGE_LEVEL: dict[str, str] = {
    "large_decrease": DIVERGING[0],
    "limited": "#969696",
    "moderate_increase": DIVERGING[5],
    "large_increase": DIVERGING[6],
    "insufficient_data": "#d9d9d9",
}

#: Colour of a series whose code has no colour of its own.
OTHER = "#999999"

#: Fill of cells hidden by small-cell suppression.
SUPPRESSED_GREY = "#bdbdbd"
#: Outline of hidden marks (darker than the fill so hollow marks stay visible).
SUPPRESSED_OUTLINE = "#737373"

#: Text on white: body 16.1:1, muted 7.0:1, secondary 4.6:1 (all WCAG AA).
TEXT = "#212121"
TEXT_MUTED = "#595959"
TEXT_SECONDARY = "#757575"

#: Boundary and background strokes (not text; contrast rules for text do not apply).
BOUNDARY = "#6e6e6e"
ADMIN1_EDGE = "#ffffff"


def colour_of(colours: dict[str, str], code: object, position: int) -> str:
    """The colour of ``code`` in ``colours``; an unlisted code takes the categorical colour at ``position``."""
    if code in colours:
        return colours[str(code)]
    return CATEGORICAL[position % len(CATEGORICAL)] if not colours else OTHER


def colorscale(colours: tuple[str, ...]) -> list[tuple[float, str]]:
    """Plotly colorscale with the colours evenly spaced from 0 to 1."""
    last = len(colours) - 1
    return [(i / last, colour) for i, colour in enumerate(colours)]
