"""route sets in the deaths roll-up, so that a region or route filter reads it

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26 11:00:00

Each row of ``mmp_death_rollup`` keeps the routes its incidents lie on (``route_set``, joined by
``|``), and the roll-up is filled again from the stored incidents and placements, as a load of
MMP data does; its index is built after the rows, and its planner statistics renewed.
"""

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

INDEX = 'ix_mmp_death_rollup_grain_period'
KEYS = (
    "i.dataset_id, i.period, i.year, i.route_family, i.country_iso3, i.admin1, i.hub_id, "
    "i.region_of_incident, i.cause_category, s.route_set"
)
COLUMNS = KEYS.replace("i.", "").replace("s.", "")
MEASURES = "COUNT(*), SUM(i.dead), SUM(i.missing), SUM(i.dead_and_missing)"
AGGREGATE = {"postgresql": "string_agg(route_id, '|')", "sqlite": "group_concat(route_id, '|')"}


def upgrade() -> None:
    bind = op.get_bind()
    op.add_column('mmp_death_rollup', sa.Column('route_set', sa.Text(), nullable=True))
    op.execute("DELETE FROM mmp_death_rollup")
    op.drop_index(INDEX, table_name='mmp_death_rollup')
    sets = (
        f"SELECT dataset_id, source_row, {AGGREGATE[bind.dialect.name]} AS route_set FROM "
        "(SELECT dataset_id, source_row, route_id FROM mmp_incident_route "
        "ORDER BY dataset_id, source_row, route_id) AS placed GROUP BY dataset_id, source_row"
    )
    incidents = (
        f"FROM mmp_incident i LEFT OUTER JOIN ({sets}) AS s "
        "ON s.dataset_id = i.dataset_id AND s.source_row = i.source_row"
    )
    target = f"mmp_death_rollup (grain, {COLUMNS}, incidents, dead, missing, dead_and_missing)"
    op.execute(f"INSERT INTO {target} SELECT 'incident', {KEYS}, {MEASURES} {incidents} GROUP BY {KEYS}")
    placed = f"{KEYS}, r.route_id, r.segment_seq"
    op.execute(
        f"INSERT INTO {target.replace('incidents', 'route_id, segment_seq, incidents')} "
        f"SELECT 'placement', {placed}, {MEASURES} {incidents} "
        "LEFT OUTER JOIN mmp_incident_route r ON r.dataset_id = i.dataset_id AND r.source_row = i.source_row "
        f"GROUP BY {placed}"
    )
    op.create_index(INDEX, 'mmp_death_rollup', ['grain', 'period'], unique=False)
    op.execute("ANALYZE mmp_death_rollup")


def downgrade() -> None:
    with op.batch_alter_table('mmp_death_rollup', schema=None) as batch_op:
        batch_op.drop_column('route_set')
