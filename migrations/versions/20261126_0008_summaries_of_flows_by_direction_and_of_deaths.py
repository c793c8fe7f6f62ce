"""summaries of flows by direction and of deaths by month and incident columns

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26 09:00:00

Both are filled from the stored rows, as a load does: the flows by direction from the monthly
summary of the daily registry, the deaths roll-up from the incidents, once per incident and
once per route placement (or none) of each incident.
"""

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

FLOW_KEYS = "dataset_id, period, year, route, fmp, fmp_country"
DIRECTION = (
    "CASE WHEN to_country = fmp_country THEN 'incoming' "
    "WHEN from_country = fmp_country THEN 'outgoing' ELSE 'transit' END"
)
DEATH_KEYS = (
    "i.dataset_id, i.period, i.year, i.route_family, i.country_iso3, i.admin1, i.hub_id, "
    "i.region_of_incident, i.cause_category"
)
DEATH_COLUMNS = DEATH_KEYS.replace("i.", "")
DEATH_MEASURES = "COUNT(*), SUM(i.dead), SUM(i.missing), SUM(i.dead_and_missing)"


def upgrade() -> None:
    op.create_table('fmp_direction_monthly',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dataset_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('route', sa.String(length=16), nullable=False),
    sa.Column('fmp', sa.String(length=64), nullable=False),
    sa.Column('fmp_country', sa.String(length=3), nullable=False),
    sa.Column('direction', sa.String(length=8), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['dataset_id'], ['dataset.id'], name=op.f('fk_fmp_direction_monthly_dataset_id_dataset'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fmp_direction_monthly'))
    )
    with op.batch_alter_table('fmp_direction_monthly', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fmp_direction_monthly_dataset_id'), ['dataset_id'], unique=False)
        batch_op.create_index('ix_fmp_direction_monthly_period_fmp', ['period', 'fmp'], unique=False)

    op.create_table('mmp_death_rollup',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dataset_id', sa.Integer(), nullable=False),
    sa.Column('grain', sa.String(length=16), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('route_family', sa.String(length=64), nullable=True),
    sa.Column('country_iso3', sa.String(length=3), nullable=True),
    sa.Column('admin1', sa.String(length=255), nullable=True),
    sa.Column('hub_id', sa.String(length=64), nullable=True),
    sa.Column('region_of_incident', sa.String(length=128), nullable=True),
    sa.Column('cause_category', sa.String(length=32), nullable=True),
    sa.Column('route_id', sa.String(length=64), nullable=True),
    sa.Column('segment_seq', sa.Integer(), nullable=True),
    sa.Column('incidents', sa.Integer(), nullable=False),
    sa.Column('dead', sa.Integer(), nullable=True),
    sa.Column('missing', sa.Integer(), nullable=True),
    sa.Column('dead_and_missing', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['dataset_id'], ['dataset.id'], name=op.f('fk_mmp_death_rollup_dataset_id_dataset'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mmp_death_rollup'))
    )
    with op.batch_alter_table('mmp_death_rollup', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mmp_death_rollup_dataset_id'), ['dataset_id'], unique=False)
        batch_op.create_index('ix_mmp_death_rollup_grain_period', ['grain', 'period'], unique=False)

    op.execute(
        f"INSERT INTO fmp_direction_monthly ({FLOW_KEYS}, direction, n, days) "
        f"SELECT {FLOW_KEYS}, {DIRECTION}, SUM(n), MAX(days) FROM fmp_monthly GROUP BY {FLOW_KEYS}, {DIRECTION}"
    )
    target = f"mmp_death_rollup (grain, {DEATH_COLUMNS}, incidents, dead, missing, dead_and_missing)"
    op.execute(
        f"INSERT INTO {target} SELECT 'incident', {DEATH_KEYS}, {DEATH_MEASURES} "
        f"FROM mmp_incident i GROUP BY {DEATH_KEYS}"
    )
    placed = f"{DEATH_KEYS}, r.route_id, r.segment_seq"
    op.execute(
        f"INSERT INTO {target.replace('incidents', 'route_id, segment_seq, incidents')} "
        f"SELECT 'placement', {placed}, {DEATH_MEASURES} FROM mmp_incident i "
        "LEFT OUTER JOIN mmp_incident_route r ON r.dataset_id = i.dataset_id AND r.source_row = i.source_row "
        f"GROUP BY {placed}"
    )


def downgrade() -> None:
    for table, index in (
        ('mmp_death_rollup', 'ix_mmp_death_rollup_grain_period'),
        ('fmp_direction_monthly', 'ix_fmp_direction_monthly_period_fmp'),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(index)
            batch_op.drop_index(batch_op.f(f'ix_{table}_dataset_id'))
        op.drop_table(table)
