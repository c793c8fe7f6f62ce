"""Rows several region profiles list: a hub, FMP site or route shared by two profiles is one place.

Profiles may share countries (Libya, Egypt and Sudan), and so hubs, FMP sites and routes. The
reference data of all profiles keeps each of them once; two profiles listing the same id must
agree on where it is, or the same place would be drawn and matched in two places.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

ALIAS_SEPARATOR = "|"


def shared_once(tables: Mapping[str, pd.DataFrame], key: str, same: Sequence[str], what: str) -> pd.DataFrame:
    """The rows of every profile's table (``{profile id: table}``), one per ``key``, first listing first.

    Raises ``ValueError`` naming the id, the two profiles and the column when two profiles list
    one ``key`` with different values in a column of ``same``.
    """
    rows = pd.concat([table.assign(_profile=profile) for profile, table in tables.items()], ignore_index=True)
    first = rows.drop_duplicates(key).set_index(key)
    for row in rows[rows.duplicated(key)].to_dict("records"):
        listed = first.loc[row[key]]
        for column in same:
            if row[column] != listed[column]:
                raise ValueError(
                    f"{what} {row[key]!r} differs between region profiles {listed['_profile']!r} and "
                    f"{row['_profile']!r}: column {column!r} is {listed[column]!r} in one and {row[column]!r} "
                    "in the other"
                )
    return first.reset_index().drop(columns="_profile")[list(rows.columns.drop("_profile"))]


def shared_hubs(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Every profile's hubs, one row per ``hub_id`` in the same country and place, with the aliases of all."""
    hubs = shared_once(tables, "hub_id", ("country", "lat", "lon"), "hub")
    aliases: dict[str, list[str]] = {}
    for table in tables.values():
        for hub_id, listed in zip(table["hub_id"], table["aliases"], strict=True):
            names = aliases.setdefault(hub_id, [])
            names += [
                a.strip() for a in listed.split(ALIAS_SEPARATOR) if a.strip() and a.strip() not in names
            ]
    return hubs.assign(aliases=hubs["hub_id"].map(lambda hub_id: ALIAS_SEPARATOR.join(aliases[hub_id])))
