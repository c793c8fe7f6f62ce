"""Named groups of admin-1 units a region profile defines (e.g. coordination areas).

``admin1_groups.csv`` (``group_id,name,name_fr,adm1_code,admin1_name``) lists one row per
member unit: the group's id and names, repeated on each of its rows, the unit's ``adm1_code``
in the profile's ``admin1.geojson`` and that unit's own name there, so a wrong code is seen
by whoever reads the file and refused by the reader. A group may span countries; groups may
overlap; a unit is listed once per group.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

GROUP_COLUMNS: tuple[str, ...] = ("group_id", "name", "name_fr", "adm1_code", "admin1_name")
_GROUP_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


def read_admin1_groups(path: Path | str, unit_names: Mapping[str, str]) -> pd.DataFrame:
    """The groups of ``path`` checked against ``unit_names`` ({adm1_code: name} of the profile's boundaries).

    Returns ``group_id, name, name_fr, adm1_code, admin1_name`` (text, stripped), in file order.
    Raises ``ValueError`` naming the file, row and column at fault.
    """
    path = Path(path)
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    if tuple(table.columns) != GROUP_COLUMNS:
        raise ValueError(f"{path.name}: columns are {list(table.columns)}, expected {list(GROUP_COLUMNS)}")
    table = table.apply(lambda column: column.str.strip())
    first_row: dict[str, int] = {}
    member_row: dict[tuple[str, str], int] = {}
    records = table.to_dict("records")
    for pos, row in enumerate(records):
        line = pos + 2
        where = f"{path.name} row {line}"
        group, code = row["group_id"], row["adm1_code"]
        if not _GROUP_ID.match(group):
            raise ValueError(
                f"{where}, column 'group_id': {group!r} is not an id like 'puntland' "
                "(lower-case letters, digits, '_' or '-', at most 64 characters)"
            )
        for column in ("name", "name_fr"):
            if not row[column]:
                raise ValueError(f"{where}, column {column!r} is empty: give the group's name")
        first = first_row.setdefault(group, line)
        for column in ("name", "name_fr"):
            given = records[first - 2][column]
            if row[column] != given:
                raise ValueError(
                    f"{where}, column {column!r}: {row[column]!r} differs from {given!r} "
                    f"given for group {group!r} on row {first}"
                )
        if code not in unit_names:
            raise ValueError(
                f"{where}, column 'adm1_code': {code!r} is not an adm1_code of the profile's admin1"
            )
        if row["admin1_name"] != unit_names[code]:
            raise ValueError(
                f"{where}, column 'admin1_name': {row['admin1_name']!r} is not the name of {code} "
                f"in the profile's admin1 ({unit_names[code]!r})"
            )
        earlier = member_row.setdefault((group, code), line)
        if earlier != line:
            raise ValueError(
                f"{where}, column 'adm1_code': {code!r} is already a member of group {group!r} (row {earlier})"
            )
    return table


def group_members(groups: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """{group_id: its member ``adm1_code`` values, sorted} of a table of :func:`read_admin1_groups`."""
    return {
        str(group): tuple(sorted(rows["adm1_code"])) for group, rows in groups.groupby("group_id", sort=True)
    }


def merged_groups(groups_by_file: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The groups of several profiles in one table; a ``group_id`` defined in two files is refused.

    ``groups_by_file`` maps a file's name (as messages show it) to its table.
    """
    defined_in: dict[str, str] = {}
    for name, groups in groups_by_file.items():
        for group in dict.fromkeys(groups["group_id"]):
            other = defined_in.setdefault(group, name)
            if other != name:
                raise ValueError(
                    f"group_id {group!r} is defined in both {other} and {name}; a group id names one group"
                )
    tables = [groups for groups in groups_by_file.values() if not groups.empty]
    return pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=list(GROUP_COLUMNS))
