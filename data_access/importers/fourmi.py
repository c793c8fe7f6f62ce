"""4Mi aggregate cells (kind ``4mi``): one row per disjoint cell, indicator and category."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from data_access.importers.base import ParsedFile
from data_access.models import FourMiCell
from data_access.readers import check_columns, read_table
from data_access.reference import Reference
from data_access.validation import ISO3, PERIOD, WHOLE_NUMBER, matches, one_of, row_rule, text, validate

CELL = [
    "period",
    "country_of_interview",
    "region_of_interview",
    "location",
    "route",
    "gender",
    "age_group",
    "nationality",
]
COLUMNS = [*CELL, "indicator", "category", "place", "perpetrator", "respondents", "base"]
ROW_KEY = [*CELL, "indicator", "category", "place", "perpetrator"]
PLACE_INDICATOR = "incident_place"
PERPETRATOR_INDICATOR = "incident_perpetrator"


class FourMiImporter:
    """Validates 4Mi aggregate files against the codebook and the gazetteers."""

    kind = "4mi"
    table = FourMiCell.__table__
    licence = "Shared on request by the Mixed Migration Centre; not for redistribution"
    credit = "Mixed Migration Centre, 4Mi (Mixed Migration Monitoring Mechanism Initiative)"
    derivation = ""

    def __init__(self, reference: Reference) -> None:
        self.reference = reference

    def parse(self, path: Path) -> ParsedFile:
        """Read, validate and resolve names; raise listing every problem."""
        frame = read_table(path)
        check_columns(frame, path.name, COLUMNS)
        frame = frame.apply(lambda column: column.str.strip())
        validate(frame, self.schema(), path.name)
        return ParsedFile(rows=self._rows(frame), schema_version="4mi-cells/1")

    def schema(self) -> pa.DataFrameSchema:
        """The data contract as a pandera schema over text columns."""
        ref = self.reference
        codes = ref.dimension_codes
        return pa.DataFrameSchema(
            {
                "period": text(matches(PERIOD, "a month as YYYY-MM")),
                "country_of_interview": text(one_of(ref.iso3, "an ISO-3 country code")),
                "region_of_interview": text(),
                "location": text(),
                "route": text(one_of(ref.route_ids, "a route id"), blank_ok=True),
                "gender": text(one_of(codes["gender"], "a gender code")),
                "age_group": text(one_of(codes["age_group"], "an age group")),
                "nationality": text(
                    matches(ISO3, "an ISO-3 country code"), one_of(ref.iso3, "an ISO-3 country code")
                ),
                "indicator": text(one_of(ref.codebook["indicator"], "an indicator of the codebook")),
                "category": text(),
                "place": text(blank_ok=True),
                "perpetrator": text(one_of(codes["perpetrator"], "a perpetrator code"), blank_ok=True),
                "respondents": text(matches(WHOLE_NUMBER, "a whole number of respondents, 0 or more")),
                "base": text(matches(r"^[1-9]\d*$", "a whole number of respondents asked, 1 or more")),
            },
            checks=[
                row_rule(
                    "category", "a category the codebook lists for this indicator", self._category_known
                ),
                row_rule(
                    "region_of_interview",
                    "an admin-1 name of the country of interview (see the crosswalk)",
                    self._admin1_known,
                ),
                row_rule("location", "a town in the hub gazetteer", self._location_known),
                row_rule(
                    "place", "a town in the hub gazetteer, given only for incident_place", self._place_valid
                ),
                row_rule(
                    "perpetrator",
                    "a perpetrator, given only for incident_perpetrator",
                    self._perpetrator_given,
                ),
                row_rule("respondents", "at most the base", _respondents_within_base),
                row_rule("base", "the same base on every row of this cell and indicator", _consistent_base),
                row_rule(
                    "respondents",
                    "single-select answers summing to at most the base",
                    self._single_select_within_base,
                ),
            ],
            unique=ROW_KEY,
        )

    def _category_known(self, frame: pd.DataFrame) -> pd.Series:
        allowed = {
            indicator: self.reference.categories(indicator) for indicator in frame["indicator"].unique()
        }
        return pd.Series(
            [
                category in allowed[indicator]
                for indicator, category in zip(frame["indicator"], frame["category"], strict=True)
            ],
            index=frame.index,
        )

    def _admin1_known(self, frame: pd.DataFrame) -> pd.Series:
        pairs = frame[["region_of_interview", "country_of_interview"]].drop_duplicates()
        known = {
            (name, country): self.reference.resolve_admin1(name, country) is not None
            for name, country in pairs.itertuples(index=False)
        }
        return pd.Series(
            [
                known[pair]
                for pair in zip(frame["region_of_interview"], frame["country_of_interview"], strict=True)
            ],
            index=frame.index,
        )

    def _location_known(self, frame: pd.DataFrame) -> pd.Series:
        known = {name: self.reference.resolve_place(name) is not None for name in frame["location"].unique()}
        return frame["location"].map(known).astype(bool)

    def _place_valid(self, frame: pd.DataFrame) -> pd.Series:
        is_place_row = frame["indicator"] == PLACE_INDICATOR
        given = frame["place"] != ""
        known = {name: self.reference.resolve_place(name) is not None for name in frame["place"].unique()}
        return (is_place_row & given & frame["place"].map(known).astype(bool)) | (~is_place_row & ~given)

    def _perpetrator_given(self, frame: pd.DataFrame) -> pd.Series:
        return (frame["indicator"] == PERPETRATOR_INDICATOR) == (frame["perpetrator"] != "")

    def _single_select_within_base(self, frame: pd.DataFrame) -> pd.Series:
        single = frame["indicator"].isin(self.reference.single_select_indicators())
        respondents = pd.to_numeric(frame["respondents"], errors="coerce")
        totals = (
            respondents.where(single, 0).groupby([frame[c] for c in [*CELL, "indicator"]]).transform("sum")
        )
        base = pd.to_numeric(frame["base"], errors="coerce")
        return ~single | totals.isna() | base.isna() | (totals <= base)

    def _rows(self, frame: pd.DataFrame) -> pd.DataFrame:
        ref = self.reference
        admin1 = {
            (name, country): ref.resolve_admin1(name, country)
            for name, country in frame[["region_of_interview", "country_of_interview"]]
            .drop_duplicates()
            .itertuples(index=False)
        }
        hubs = {
            name: ref.resolve_place(name)
            for name in pd.concat([frame["location"], frame["place"]]).unique()
            if name
        }
        rows = frame.rename(columns={"country_of_interview": "country"})
        return pd.DataFrame(
            {
                "period": rows["period"],
                "year": rows["period"].str[:4].astype(int),
                "country": rows["country"],
                "region_of_interview": rows["region_of_interview"],
                "admin1": [
                    admin1[pair] for pair in zip(rows["region_of_interview"], rows["country"], strict=True)
                ],
                "location": rows["location"],
                "location_hub": rows["location"].map(hubs),
                "route": rows["route"].replace("", None),
                "gender": rows["gender"],
                "age_group": rows["age_group"],
                "nationality": rows["nationality"],
                "indicator": rows["indicator"],
                "category": rows["category"],
                "place": rows["place"].replace("", None),
                "place_hub": rows["place"].map(hubs),
                "perpetrator": rows["perpetrator"].replace("", None),
                "respondents": rows["respondents"].astype(int),
                "base": rows["base"].astype(int),
            }
        )


def _respondents_within_base(frame: pd.DataFrame) -> pd.Series:
    respondents = pd.to_numeric(frame["respondents"], errors="coerce")
    base = pd.to_numeric(frame["base"], errors="coerce")
    return respondents.isna() | base.isna() | (respondents <= base)


def _consistent_base(frame: pd.DataFrame) -> pd.Series:
    distinct = frame.groupby([frame[c] for c in [*CELL, "indicator"]])["base"].transform("nunique")
    return distinct <= 1
