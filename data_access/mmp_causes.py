"""MMP "Cause of Death" texts grouped into the Missing Migrants Project's published cause categories.

``data/reference/mmp_cause_categories.csv`` (``cause_of_death, category``) lists the texts of
current and older exports with a category code of the ``cause_category`` dimension
(``data/reference/dimensions.csv``). Matching ignores case, accents, punctuation and spacing.

MMP joins several category names with commas when causes are mixed, so a text made of listed
texts joined by commas is recognised too: it takes their category when they all share one, and
``mixed_unknown`` when they name causes of two categories. A blank text is ``mixed_unknown``; so
is a text neither listed nor made of listed texts, which the methodology page lists for a
maintainer to add.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

import pandas as pd

from geo.names import normalise_name, read_name_map

MIXED_UNKNOWN = "mixed_unknown"
_MAP_COLUMNS = ("cause_of_death", "category")


def read_mmp_cause_map(path: Path | str, categories: Collection[str]) -> Mapping[str, str]:
    """Return {normalised cause text: category code} from the CSV; every code must be in ``categories``."""

    def refusal(category: str) -> str | None:
        return (
            None if category in categories else f"{category!r} is not one of {', '.join(sorted(categories))}"
        )

    return read_name_map(path, "cause_of_death", "category", refusal)


def cause_category(text: str, mapping: Mapping[str, str]) -> str | None:
    """Category of one cause text, or None when it is neither listed nor made of listed texts."""
    listed = mapping.get(normalise_name(text))
    if listed is not None:
        return listed
    pieces = [piece for piece in text.split(",") if normalise_name(piece)]
    parts = _listed_parts(pieces, mapping)
    if not parts:
        return None
    return parts[0] if len(set(parts)) == 1 else MIXED_UNKNOWN


def cause_categories(texts: pd.Series, mapping: Mapping[str, str]) -> pd.Series:
    """Category code of each cause text; a blank or unrecognised text gives ``mixed_unknown``."""
    return texts.map(lambda text: _category_or_mixed(text, mapping)).astype(object)


def recognised(texts: pd.Series, mapping: Mapping[str, str]) -> pd.Series:
    """Whether each non-blank cause text is listed or made of listed texts (False where blank)."""
    return texts.map(lambda text: _is_recognised(text, mapping)).astype(bool)


def _is_recognised(text: object, mapping: Mapping[str, str]) -> bool:
    return isinstance(text, str) and cause_category(text, mapping) is not None


def _category_or_mixed(text: object, mapping: Mapping[str, str]) -> str:
    if not isinstance(text, str):
        return MIXED_UNKNOWN
    return cause_category(text, mapping) or MIXED_UNKNOWN


def _listed_parts(pieces: Sequence[str], mapping: Mapping[str, str]) -> list[str] | None:
    """Categories of a split of ``pieces`` into runs that are each a listed text (longest run first)."""
    if not pieces:
        return []
    for end in range(len(pieces), 0, -1):
        category = mapping.get(normalise_name(",".join(pieces[:end])))
        if category is None:
            continue
        rest = _listed_parts(pieces[end:], mapping)
        if rest is not None:
            return [category, *rest]
    return None
