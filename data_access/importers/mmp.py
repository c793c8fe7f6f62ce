"""IOM Missing Migrants Project exports (kind ``mmp``), in both published versions.

A file is recognised by its exact header; anything else, including third-party
"cleaned" copies, is refused with the missing and unexpected columns named.
Blank counts stay unknown (null), never zero. Every row is kept and placed by
``data_access.mmp_derived`` (country, admin-1, hub, routes of the route rule, cause
category); what cannot be placed stays null and is counted as unmatched, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from core.i18n import N_
from core.text import listed
from data_access.importers.base import ParsedFile
from data_access.mmp_derived import derivation, derive
from data_access.models import MmpIncident, MmpIncidentRoute
from data_access.problems import DataValidationError, Problem
from data_access.readers import read_table
from data_access.reference import Reference
from data_access.validation import WHOLE_NUMBER, matches, parses, row_rule, text, validate

COORDINATES = r"^\s*-?\d+(\.\d+)?\s*,\s*-?\d+(\.\d+)?\s*$"
MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (
        pd.Timestamp(2000, number, 1).strftime("%B"),
        pd.Timestamp(2000, number, 1).strftime("%b"),
        str(number),
        f"{number:02d}",
    )
}


@dataclass(frozen=True)
class MmpVersion:
    """One published export layout: its header and the column playing each role."""

    name: str
    header: tuple[str, ...]
    date_format: str
    date_label: str
    roles: dict[str, str]


CURRENT = MmpVersion(
    name="mmp-export/2020",
    header=(
        "Main ID",
        "Incident ID",
        "Incident Type",
        "Region of Incident",
        "Incident Date",
        "Incident Year",
        "Month",
        "Number of Dead",
        "Minimum Estimated Number of Missing",
        "Total Number of Dead and Missing",
        "Number of Survivors",
        "Number of Females",
        "Number of Males",
        "Number of Children",
        "Country of Origin",
        "Region of Origin",
        "Cause of Death",
        "Country of Incident",
        "Migration Route",
        "Location of Incident",
        "Coordinates",
        "UNSD Geographical Grouping",
        "Information Source",
        "URL",
        "Source Quality",
    ),
    date_format="%Y-%m-%d",
    date_label="a date as YYYY-MM-DD",
    roles={
        "record_id": "Main ID",
        "incident_id": "Incident ID",
        "incident_type": "Incident Type",
        "region_of_incident": "Region of Incident",
        "date": "Incident Date",
        "year": "Incident Year",
        "month": "Month",
        "dead": "Number of Dead",
        "missing": "Minimum Estimated Number of Missing",
        "dead_and_missing": "Total Number of Dead and Missing",
        "survivors": "Number of Survivors",
        "females": "Number of Females",
        "males": "Number of Males",
        "children": "Number of Children",
        "country_of_origin": "Country of Origin",
        "region_of_origin": "Region of Origin",
        "cause_of_death": "Cause of Death",
        "country_of_incident": "Country of Incident",
        "migration_route": "Migration Route",
        "location": "Location of Incident",
        "coordinates": "Coordinates",
        "unsd_grouping": "UNSD Geographical Grouping",
        "information_source": "Information Source",
        "url": "URL",
        "source_quality": "Source Quality",
    },
)

LEGACY = MmpVersion(
    name="mmp-export/2019",
    header=(
        "Web ID",
        "Region of Incident",
        "Reported Date",
        "Reported Year",
        "Reported Month",
        "Number Dead",
        "Minimum Estimated Number of Missing",
        "Total Dead and Missing",
        "Number of Survivors",
        "Number of Females",
        "Number of Males",
        "Number of Children",
        "Cause of Death",
        "Location Description",
        "Information Source",
        "Location Coordinates",
        "Migration Route",
        "URL",
        "UNSD Geographical Grouping",
        "Source Quality",
    ),
    date_format="%B %d, %Y",
    date_label="a date like 'December 30, 2019'",
    roles={
        "record_id": "Web ID",
        "region_of_incident": "Region of Incident",
        "date": "Reported Date",
        "year": "Reported Year",
        "month": "Reported Month",
        "dead": "Number Dead",
        "missing": "Minimum Estimated Number of Missing",
        "dead_and_missing": "Total Dead and Missing",
        "survivors": "Number of Survivors",
        "females": "Number of Females",
        "males": "Number of Males",
        "children": "Number of Children",
        "cause_of_death": "Cause of Death",
        "location": "Location Description",
        "information_source": "Information Source",
        "coordinates": "Location Coordinates",
        "migration_route": "Migration Route",
        "url": "URL",
        "unsd_grouping": "UNSD Geographical Grouping",
        "source_quality": "Source Quality",
    },
)

VERSIONS = (CURRENT, LEGACY)
COUNT_ROLES = ("dead", "missing", "dead_and_missing", "survivors", "females", "males", "children")
TEXT_ROLES = (
    "incident_id",
    "incident_type",
    "region_of_incident",
    "country_of_origin",
    "region_of_origin",
    "cause_of_death",
    "country_of_incident",
    "migration_route",
    "location",
    "unsd_grouping",
    "information_source",
    "url",
    "source_quality",
)


class MmpImporter:
    """Loads a Missing Migrants Project export exactly as IOM publishes it."""

    kind = "mmp"
    table = MmpIncident.__table__
    licence = N_("CC BY 4.0")
    credit = N_("IOM's Missing Migrants Project")

    def __init__(self, reference: Reference) -> None:
        self.reference = reference
        self.derivation = derivation(reference)

    def parse(self, path: Path) -> ParsedFile:
        """Recognise the export version by its header, validate, convert and place each record."""
        frame = read_table(path)
        version = recognise_version(list(frame.columns), path.name)
        validate(frame, schema_for(version), path.name)
        return self.convert(frame, version)

    def convert(self, frame: pd.DataFrame, version: MmpVersion = CURRENT) -> ParsedFile:
        """Rows and route placements of a valid export of ``version``, indexed by spreadsheet row."""
        rows, memberships = derive(_rows(frame, version), self.reference)
        return ParsedFile(
            rows=rows,
            schema_version=version.name,
            related={MmpIncidentRoute.__table__: memberships},
        )


def recognise_version(columns: list[str], file_name: str) -> MmpVersion:
    """The published version whose header is exactly ``columns`` (any order)."""
    for version in VERSIONS:
        if sorted(columns) == sorted(version.header):
            return version
    closest = max(VERSIONS, key=lambda v: len(set(v.header) & set(columns)))
    missing = [c for c in closest.header if c not in columns]
    unexpected = [c for c in columns if c not in closest.header]
    detail = [f"closest published version is {closest.name}"]
    if missing:
        detail.append(f"missing column(s): {listed(missing)}")
    if unexpected:
        detail.append(f"unexpected column(s): {listed(unexpected)}")
    expected = (
        "the header of a Missing Migrants Project export as IOM publishes it; "
        + "; ".join(detail)
        + ". Third-party copies with renamed or split columns are not accepted: load the original export."
    )
    raise DataValidationError(file_name, [Problem(file_name, 1, None, None, expected)])


def schema_for(version: MmpVersion) -> pa.DataFrameSchema:
    """Checks on the raw text of one export version."""
    role = version.roles
    count_check = matches(WHOLE_NUMBER, "a whole number, or blank when unknown")
    columns = {
        role["record_id"]: text(),
        role["date"]: text(parses(lambda s: _dates(s, version), version.date_label)),
        role["year"]: text(matches(r"^\d{4}$", "a four-digit year")),
        role["month"]: text(parses(_months, "a month name or number"), blank_ok=True),
        role["coordinates"]: text(
            matches(COORDINATES, "'latitude, longitude' in decimal degrees"), blank_ok=True
        ),
        **{role[r]: text(count_check, blank_ok=True) for r in COUNT_ROLES},
    }
    columns.update({role[r]: pa.Column(str) for r in TEXT_ROLES if r in role})
    return pa.DataFrameSchema(
        columns,
        checks=[
            row_rule(
                role["coordinates"],
                "a latitude within -90..90 and a longitude within -180..180",
                lambda frame: _coordinates_in_range(frame[role["coordinates"]]),
            ),
        ],
        unique=[role["record_id"]],
    )


def _dates(series: pd.Series, version: MmpVersion) -> pd.Series:
    return pd.to_datetime(series.str.strip(), format=version.date_format, errors="coerce")


def _months(series: pd.Series) -> pd.Series:
    return series.str.strip().str.lower().map(MONTHS)


def _split_coordinates(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    parts = series.str.split(",", n=1, expand=True).reindex(columns=[0, 1])
    return pd.to_numeric(parts[0], errors="coerce"), pd.to_numeric(parts[1], errors="coerce")


def _coordinates_in_range(series: pd.Series) -> pd.Series:
    lat, lon = _split_coordinates(series)
    return (series.str.strip() == "") | lat.isna() | (lat.between(-90, 90) & lon.between(-180, 180))


def _rows(frame: pd.DataFrame, version: MmpVersion) -> pd.DataFrame:
    role = version.roles
    date = _dates(frame[role["date"]], version)
    lat, lon = _split_coordinates(frame[role["coordinates"]])
    rows = pd.DataFrame(
        {
            "source_row": frame.index.to_numpy(),
            "record_id": frame[role["record_id"]].str.strip(),
            "incident_date": date.dt.date,
            "year": frame[role["year"]].astype(int),
            "month": _months(frame[role["month"]]).astype("Int64"),
            "period": date.dt.strftime("%Y-%m"),
            "lat": lat,
            "lon": lon,
        },
        index=frame.index,
    )
    for r in COUNT_ROLES:
        rows[r] = pd.to_numeric(frame[role[r]].str.strip().replace("", None)).astype("Int64")
    for r in TEXT_ROLES:
        rows[r] = frame[role[r]].str.strip().replace("", None) if r in role else None
    return rows
