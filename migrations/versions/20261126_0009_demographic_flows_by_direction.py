"""monthly summary of the FMP demographic registry by direction, without origin and destination

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26 09:10:00

Filled from the stored monthly demographic summary, as a load of the demographic registry does.
"""

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

KEYS = "dataset_id, period, year, route, fmp, fmp_country, sex, age"
DIRECTION = (
    "CASE WHEN to_country = fmp_country THEN 'incoming' "
    "WHEN from_country = fmp_country THEN 'outgoing' ELSE 'transit' END"
)


def upgrade() -> None:
    op.create_table('fmp_demographic_direction_monthly',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dataset_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('route', sa.String(length=16), nullable=False),
    sa.Column('fmp', sa.String(length=64), nullable=False),
    sa.Column('fmp_country', sa.String(length=3), nullable=False),
    sa.Column('direction', sa.String(length=8), nullable=False),
    sa.Column('sex', sa.String(length=8), nullable=False),
    sa.Column('age', sa.String(length=8), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('uac', sa.Integer(), nullable=True),
    sa.Column('uac_known_n', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['dataset_id'], ['dataset.id'], name=op.f('fk_fmp_demographic_direction_monthly_dataset_id_dataset'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fmp_demographic_direction_monthly'))
    )
    with op.batch_alter_table('fmp_demographic_direction_monthly', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fmp_demographic_direction_monthly_dataset_id'), ['dataset_id'], unique=False)
        batch_op.create_index('ix_fmp_demographic_direction_monthly_period_fmp', ['period', 'fmp'], unique=False)

    op.execute(
        f"INSERT INTO fmp_demographic_direction_monthly ({KEYS}, direction, n, uac, uac_known_n) "
        f"SELECT {KEYS}, {DIRECTION}, SUM(n), SUM(uac), SUM(uac_known_n) "
        f"FROM fmp_demographic_monthly GROUP BY {KEYS}, {DIRECTION}"
    )


def downgrade() -> None:
    with op.batch_alter_table('fmp_demographic_direction_monthly', schema=None) as batch_op:
        batch_op.drop_index('ix_fmp_demographic_direction_monthly_period_fmp')
        batch_op.drop_index(batch_op.f('ix_fmp_demographic_direction_monthly_dataset_id'))
    op.drop_table('fmp_demographic_direction_monthly')
