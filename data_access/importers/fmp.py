"""IOM DTM flow monitoring: daily counts, demographic counts and FMP sites."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from core.i18n import N_
from data_access.importers.base import ParsedFile
from data_access.models import FmpCount, FmpDemographic, FmpSite
from data_access.readers import check_columns, read_table
from data_access.reference import Reference
from data_access.validation import (
    WHOLE_NUMBER,
    in_range,
    iso_date,
    matches,
    one_of,
    parses,
    row_rule,
    text,
    validate,
)

ROUTE_PAIR = r"^[A-Z]{3}-[A-Z]{3}$"
REASONS = ["reason_seasonal", "reason_disaster", "reason_conflict", "reason_economic"]
FLOW_KEY = ["t", "route", "fmp", "fmp_country", "from", "to"]
COUNT_COLUMNS = [*FLOW_KEY, "n", *REASONS]
DEMOGRAPHIC_COLUMNS = [*FLOW_KEY, "sex", "age", "n", "uac"]
SITE_COLUMNS = ["fmp", "name", "country", "admin1", "lat", "lon", "opened", "closed"]
DTM_LICENCE = N_("IOM DTM data shared under a data-sharing agreement; not for redistribution")
DTM_CREDIT = N_("IOM Displacement Tracking Matrix (DTM), flow monitoring")


class _DtmImporter:
    """Shared parts of the DTM importers: reference data and the flow columns."""

    licence = DTM_LICENCE
    credit = DTM_CREDIT
    derivation = ""

    def __init__(self, reference: Reference) -> None:
        self.reference = reference

    def flow_columns(self) -> dict[str, pa.Column]:
        """Checks on the columns every registry row has."""
        iso3 = one_of(self.reference.iso3, "an ISO-3 country code")
        return {
            "t": text(parses(iso_date, "a date as YYYY-MM-DD")),
            "route": text(matches(ROUTE_PAIR, "a pair of ISO-3 codes such as NER-LBY")),
            "fmp": text(*_fmp_checks(self.reference)),
            "fmp_country": text(iso3),
            "from": text(iso3),
            "to": text(iso3),
            "n": text(matches(WHOLE_NUMBER, "a whole number of individuals, 0 or more")),
        }

    def read_frame(self, path: Path, columns: list[str]) -> pd.DataFrame:
        """Read and check the header; return stripped text columns."""
        frame = read_table(path)
        check_columns(frame, path.name, columns)
        return frame.apply(lambda column: column.str.strip())

    def parse_registry(self, path: Path, columns: list[str], schema: pa.DataFrameSchema) -> pd.DataFrame:
        """Read a registry, name each FMP by the id of the one site it names, and validate."""
        frame = self.read_frame(path, columns)
        site_ids = {value: self.reference.resolve_fmp(value) or value for value in frame["fmp"].unique()}
        frame["fmp"] = frame["fmp"].map(site_ids)
        validate(frame, schema, path.name)
        return frame


def _flow_rows(frame: pd.DataFrame) -> pd.DataFrame:
    t = iso_date(frame["t"])
    return pd.DataFrame(
        {
            "t": t.dt.date,
            "period": t.dt.strftime("%Y-%m"),
            "year": t.dt.year.astype(int),
            "route": frame["route"],
            "fmp": frame["fmp"],
            "fmp_country": frame["fmp_country"],
            "from_country": frame["from"],
            "to_country": frame["to"],
            "n": frame["n"].astype(int),
        }
    )


def _fmp_checks(reference: Reference) -> list[pa.Check]:
    """The FMP names a site by id or name; a name several sites share is refused with their ids."""
    known = pa.Check(
        lambda values: values.map(reference.fmp_matches).map(len) > 0,
        error="an FMP id or name listed in the FMP sites; this value matches no site",
    )
    unambiguous = [
        pa.Check(
            lambda values, ids=ids: (
                values.map(reference.fmp_matches).map(lambda found: found != ids).astype(bool)
            ),
            error=f"one FMP site; this name matches several sites: {', '.join(sorted(ids))} — use the id",
        )
        for ids in reference.ambiguous_fmp_names().values()
    ]
    return [known, *unambiguous]


def _optional_count(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series.replace("", None), errors="raise").astype("Int64")


def _fmp_country_matches_site(reference: Reference) -> pa.Check:
    return row_rule(
        "fmp_country",
        "the country of the FMP in the FMP sites",
        lambda frame: (
            frame["fmp"].map(reference.fmp_countries).isna()
            | (frame["fmp"].map(reference.fmp_countries) == frame["fmp_country"])
        ),
    )


class FmpCountImporter(_DtmImporter):
    """Daily counts by direction with reasons for travel (kind ``fmp``)."""

    kind = "fmp"
    table = FmpCount.__table__

    def schema(self) -> pa.DataFrameSchema:
        """The registry layout; each reason count is blank (unknown) or at most ``n``."""
        reasons = {
            reason: text(matches(WHOLE_NUMBER, "a whole number, or blank when unknown"), blank_ok=True)
            for reason in REASONS
        }
        return pa.DataFrameSchema(
            {**self.flow_columns(), **reasons},
            checks=[
                _fmp_country_matches_site(self.reference),
                row_rule("n", "at least the sum of the reason counts", _reasons_within_total),
            ],
            unique=FLOW_KEY,
        )

    def parse(self, path: Path) -> ParsedFile:
        """Validate and convert a daily registry file."""
        return self.convert(self.parse_registry(path, COUNT_COLUMNS, self.schema()))

    def convert(self, frame: pd.DataFrame) -> ParsedFile:
        """Table rows of a frame in the file layout that is valid (checked, or generated by the demo)."""
        rows = _flow_rows(frame)
        for reason in REASONS:
            rows[reason] = _optional_count(frame[reason])
        return ParsedFile(rows=rows, schema_version="dtm-fmp-registry/1")


class FmpDemographicImporter(_DtmImporter):
    """Daily counts by sex and age, unaccompanied children blank when unknown."""

    kind = "fmp-demographics"
    table = FmpDemographic.__table__

    def schema(self) -> pa.DataFrameSchema:
        """The demographic layout; ``uac`` is blank or at most ``n``."""
        codes = self.reference.dimension_codes
        return pa.DataFrameSchema(
            {
                **self.flow_columns(),
                "sex": text(one_of(codes["fmp_sex"], "a sex code")),
                "age": text(one_of(codes["fmp_age"], "an age class")),
                "uac": text(matches(WHOLE_NUMBER, "a whole number, or blank when unknown"), blank_ok=True),
            },
            checks=[
                _fmp_country_matches_site(self.reference),
                row_rule("uac", "at most n", _uac_within_total),
            ],
            unique=[*FLOW_KEY, "sex", "age"],
        )

    def parse(self, path: Path) -> ParsedFile:
        """Validate and convert a demographic registry file."""
        return self.convert(self.parse_registry(path, DEMOGRAPHIC_COLUMNS, self.schema()))

    def convert(self, frame: pd.DataFrame) -> ParsedFile:
        """Table rows of a frame in the file layout that is valid (checked, or generated by the demo)."""
        rows = _flow_rows(frame).assign(sex=frame["sex"], age=frame["age"], uac=_optional_count(frame["uac"]))
        return ParsedFile(rows=rows, schema_version="dtm-fmp-demographics/1")


class FmpSiteImporter(_DtmImporter):
    """Flow monitoring points with coordinates and operating dates (kind ``fmp-sites``)."""

    kind = "fmp-sites"
    table = FmpSite.__table__
    licence = N_("Project reference data (CC BY 4.0)")
    credit = N_("FMP names from IOM DTM reports; coordinates of the town (project gazetteer)")

    def schema(self) -> pa.DataFrameSchema:
        """Site list: coordinates in range, admin-1 known, closed after opened."""
        return pa.DataFrameSchema(
            {
                "fmp": text(matches(r"^[a-z0-9][a-z0-9_-]*$", "an id of lowercase letters, digits, - and _")),
                "name": text(),
                "country": text(one_of(self.reference.iso3, "an ISO-3 country code")),
                "admin1": text(),
                "lat": text(in_range(-90, 90, "a latitude in decimal degrees, -90 to 90")),
                "lon": text(in_range(-180, 180, "a longitude in decimal degrees, -180 to 180")),
                "opened": text(parses(iso_date, "a date as YYYY-MM-DD, or blank"), blank_ok=True),
                "closed": text(parses(iso_date, "a date as YYYY-MM-DD, or blank"), blank_ok=True),
            },
            checks=[
                row_rule(
                    "admin1", "an admin-1 name of the site's country (see the crosswalk)", self._admin1_known
                ),
                row_rule("closed", "a date on or after 'opened'", _closed_after_opened),
            ],
            unique=["fmp"],
        )

    def _admin1_known(self, frame: pd.DataFrame) -> pd.Series:
        return pd.Series(
            [
                self.reference.resolve_admin1(name, country) is not None
                for name, country in zip(frame["admin1"], frame["country"], strict=True)
            ],
            index=frame.index,
        )

    def parse(self, path: Path) -> ParsedFile:
        """Validate and convert a site list."""
        frame = self.read_frame(path, SITE_COLUMNS)
        validate(frame, self.schema(), path.name)
        rows = frame.assign(
            lat=frame["lat"].astype(float),
            lon=frame["lon"].astype(float),
            opened=iso_date(frame["opened"]).dt.date.astype(object).where(frame["opened"] != "", None),
            closed=iso_date(frame["closed"]).dt.date.astype(object).where(frame["closed"] != "", None),
        )
        return ParsedFile(rows=rows, schema_version="dtm-fmp-sites/1")


def _reasons_within_total(frame: pd.DataFrame) -> pd.Series:
    reasons = frame[REASONS].apply(pd.to_numeric, errors="coerce").sum(axis=1)
    total = pd.to_numeric(frame["n"], errors="coerce")
    return total.isna() | (reasons <= total)


def _uac_within_total(frame: pd.DataFrame) -> pd.Series:
    uac = pd.to_numeric(frame["uac"], errors="coerce")
    total = pd.to_numeric(frame["n"], errors="coerce")
    return uac.isna() | total.isna() | (uac <= total)


def _closed_after_opened(frame: pd.DataFrame) -> pd.Series:
    opened = iso_date(frame["opened"])
    closed = iso_date(frame["closed"])
    return opened.isna() | closed.isna() | (closed >= opened)
