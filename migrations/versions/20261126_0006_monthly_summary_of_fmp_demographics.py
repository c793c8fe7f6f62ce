"""monthly summary of the FMP demographic registry

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 05:00:00

The summary is filled from the stored daily rows, as a load of the demographic registry does.
"""

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

KEYS = ("dataset_id", "period", "year", "route", "fmp", "fmp_country", "from_country", "to_country", "sex", "age")


def upgrade() -> None:
    op.create_table('fmp_demographic_monthly',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dataset_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('route', sa.String(length=16), nullable=False),
    sa.Column('fmp', sa.String(length=64), nullable=False),
    sa.Column('fmp_country', sa.String(length=3), nullable=False),
    sa.Column('from_country', sa.String(length=3), nullable=False),
    sa.Column('to_country', sa.String(length=3), nullable=False),
    sa.Column('sex', sa.String(length=8), nullable=False),
    sa.Column('age', sa.String(length=8), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('uac', sa.Integer(), nullable=True),
    sa.Column('uac_known_n', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['dataset_id'], ['dataset.id'], name=op.f('fk_fmp_demographic_monthly_dataset_id_dataset'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fmp_demographic_monthly'))
    )
    with op.batch_alter_table('fmp_demographic_monthly', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fmp_demographic_monthly_dataset_id'), ['dataset_id'], unique=False)
        batch_op.create_index('ix_fmp_demographic_monthly_period_fmp', ['period', 'fmp'], unique=False)

    keys = ", ".join(KEYS)
    op.execute(
        f"INSERT INTO fmp_demographic_monthly ({keys}, n, uac, uac_known_n) "
        f"SELECT {keys}, SUM(n), SUM(uac), COALESCE(SUM(CASE WHEN uac IS NOT NULL THEN n END), 0) "
        f"FROM fmp_demographic GROUP BY {keys}"
    )


def downgrade() -> None:
    with op.batch_alter_table('fmp_demographic_monthly', schema=None) as batch_op:
        batch_op.drop_index('ix_fmp_demographic_monthly_period_fmp')
        batch_op.drop_index(batch_op.f('ix_fmp_demographic_monthly_dataset_id'))

    op.drop_table('fmp_demographic_monthly')
