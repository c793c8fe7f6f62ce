"""Re-derive stored MMP rows whose derived columns predate the current derivation.

A release that changes the route rule, the hubs, the boundaries or the cause categories
bumps ``mmp_derived.DERIVATION``, and a change of the region profiles (a new one, moved routes)
changes the digest :func:`mmp_derived.derivation` adds; the stored rows keep every input it reads
(country name, coordinates, route label, cause text), so their derived columns and route
memberships are recomputed in place, in one transaction per dataset, without the file.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, bindparam, delete, insert, select, update

from data_access.mmp_derived import DERIVED_COLUMNS, INPUT_COLUMNS, derivation, derive
from data_access.models import Dataset, MmpIncident, MmpIncidentRoute
from data_access.reference import Reference
from data_access.summaries import refresh_summaries


@dataclass(frozen=True)
class Rederived:
    """One dataset whose derived columns were recomputed."""

    dataset_id: int
    name: str
    rows: int
    memberships: int


def stale_mmp_datasets(engine: Engine, reference: Reference) -> list[int]:
    """Ids of active MMP datasets derived by an older derivation or from other reference data."""
    with engine.connect() as connection:
        return list(
            connection.execute(
                select(Dataset.id).where(
                    Dataset.kind == "mmp",
                    Dataset.active.is_(True),
                    Dataset.derivation != derivation(reference),
                )
            ).scalars()
        )


def rederive_mmp(engine: Engine, dataset_id: int, reference: Reference) -> Rederived:
    """Recompute the derived columns and route memberships of one stored MMP dataset."""
    columns = [getattr(MmpIncident, name) for name in ("id", *INPUT_COLUMNS)]
    with engine.begin() as connection:
        stored = pd.DataFrame(
            connection.execute(select(*columns).where(MmpIncident.dataset_id == dataset_id)).all(),
            columns=["id", *INPUT_COLUMNS],
        )
        derived, memberships = derive(stored, reference)
        if not derived.empty:
            connection.execute(
                update(MmpIncident)
                .where(MmpIncident.id == bindparam("row_id"))
                .values({name: bindparam(name) for name in DERIVED_COLUMNS}),
                [
                    {"row_id": int(row["id"]), **{name: _plain(row[name]) for name in DERIVED_COLUMNS}}
                    for row in derived.to_dict("records")
                ],
            )
        connection.execute(delete(MmpIncidentRoute).where(MmpIncidentRoute.dataset_id == dataset_id))
        if not memberships.empty:
            connection.execute(
                insert(MmpIncidentRoute),
                [
                    {"dataset_id": dataset_id, **{key: _plain(value) for key, value in row.items()}}
                    for row in memberships.to_dict("records")
                ],
            )
        refresh_summaries(connection, "mmp")
        name = connection.execute(
            update(Dataset)
            .where(Dataset.id == dataset_id)
            .values(derivation=derivation(reference))
            .returning(Dataset.name)
        ).scalar_one()
    return Rederived(dataset_id, name, len(derived), len(memberships))


def _plain(value: object) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value
