"""Every MMP incident is placed from its coordinates where the export has no field, in both formats.

The expectations come from outside the code under test: the country each record's own
``Location Description`` names, and the route rule recomputed by ``tests.route_rule``.
"""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import select, update

from data_access.loading import load_file
from data_access.models import Dataset, MmpIncident, MmpIncidentRoute
from data_access.rederive import rederive_mmp, stale_mmp_datasets
from tests.route_rule import expected_memberships, stored_memberships

LEGACY_COUNTRIES = {  # from each record's Location Description
    "48112": "NER",  # Near Dirkou, Niger
    "48190": "NER",  # Sahara desert, north of Agadez
    "52711": "MRT",  # Off Nouadhibou, Mauritania
    "52740": "DZA",  # Tamanrasset, Algeria
}


def _stored(engine) -> pd.DataFrame:
    with engine.connect() as connection:
        return pd.DataFrame(
            connection.execute(
                select(
                    MmpIncident.record_id,
                    MmpIncident.source_row,
                    MmpIncident.country_iso3,
                    MmpIncident.country_method,
                    MmpIncident.admin1,
                    MmpIncident.hub_id,
                )
            ).all()
        ).set_index("record_id")


def test_the_2019_export_gets_each_country_from_its_coordinates(engine, examples, reference):
    load_file(engine, "mmp", examples / "mmp_legacy_export.csv", reference=reference)
    stored = _stored(engine)
    assert stored["country_iso3"].to_dict() == LEGACY_COUNTRIES
    assert set(stored["country_method"]) == {"by_location"}
    assert stored["admin1"].str[:3].to_dict() == LEGACY_COUNTRIES


def test_the_current_export_keeps_the_country_it_names(engine, examples, reference):
    load_file(engine, "mmp", examples / "mmp_current_export.csv", reference=reference)
    stored = _stored(engine)
    frame = pd.read_csv(examples / "mmp_current_export.csv", encoding="utf-8-sig", dtype=str)
    named = dict(zip(frame["Main ID"], frame["Country of Incident"], strict=True))
    names = {"Niger": "NER", "Libya": "LBY", "Mali": "MLI", "Algeria": "DZA", "Spain": "ESP"}
    assert stored["country_iso3"].to_dict() == {record: names[name] for record, name in named.items()}
    assert set(stored["country_method"]) == {"by_source_field"}


@pytest.mark.parametrize(
    ("file_name", "coordinates", "record"),
    [
        ("mmp_current_export.csv", "Coordinates", "Main ID"),
        ("mmp_legacy_export.csv", "Location Coordinates", "Web ID"),
    ],
)
def test_incidents_lie_on_the_routes_the_route_rule_gives(
    engine, examples, reference, file_name, coordinates, record
):
    load_file(engine, "mmp", examples / file_name, reference=reference)
    expected = expected_memberships(examples / file_name, coordinates, record)
    assert expected, "the example file places at least one incident on a route"
    assert stored_memberships(engine) == expected


def test_an_incident_without_a_route_label_lies_on_no_route(engine, examples, reference):
    load_file(engine, "mmp", examples / "mmp_legacy_export.csv", reference=reference)
    assert not {route for record, route in stored_memberships(engine) if record == "48190"}


def test_stored_rows_of_an_older_derivation_are_placed_again_without_the_file(engine, examples, reference):
    load_file(engine, "mmp", examples / "mmp_legacy_export.csv", reference=reference)
    placed, memberships = _stored(engine), stored_memberships(engine)
    with engine.begin() as connection:
        connection.execute(update(Dataset).values(derivation=""))
        connection.execute(update(MmpIncident).values(country_iso3=None, country_method=None, hub_id=None))
        connection.execute(MmpIncidentRoute.__table__.delete())
    stale = stale_mmp_datasets(engine, reference)
    assert len(stale) == 1
    rederive_mmp(engine, stale[0], reference)
    assert _stored(engine).equals(placed)
    assert stored_memberships(engine) == memberships
    assert stale_mmp_datasets(engine, reference) == []
