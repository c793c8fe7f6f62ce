"""4Mi roll-ups: respondents and bases per month and the filter columns of a grain

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 08:00:00

The roll-ups are filled from the stored cells and bases, as a 4Mi load does: the widest grain
from the stored rows, each narrower one from the grain before it.
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

GRAINS = (  # widest first, each filled from the one before it
    ("people", ("route", "country", "admin1", "location_hub", "gender", "age_group")),
    ("place", ("country", "admin1", "location_hub")),
    ("country", ("country",)),
    ("month", ()),
)
KEYS = ("dataset_id", "indicator", "period", "year")
ANSWER = ("category", "place_hub", "perpetrator")


def _create(table: str, measures: list[sa.Column]) -> None:
    op.create_table(table,
    sa.Column('grain', sa.String(length=16), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('country', sa.String(length=3), nullable=True),
    sa.Column('admin1', sa.String(length=255), nullable=True),
    sa.Column('location_hub', sa.String(length=64), nullable=True),
    sa.Column('route', sa.String(length=64), nullable=True),
    sa.Column('gender', sa.String(length=8), nullable=True),
    sa.Column('age_group', sa.String(length=8), nullable=True),
    sa.Column('indicator', sa.String(length=32), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dataset_id', sa.Integer(), nullable=False),
    *measures,
    sa.ForeignKeyConstraint(['dataset_id'], ['dataset.id'], name=op.f(f'fk_{table}_dataset_id_dataset'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{table}'))
    )
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f'ix_{table}_dataset_id'), ['dataset_id'], unique=False)
        batch_op.create_index(f'ix_{table}_grain_indicator_period', ['grain', 'indicator', 'period'], unique=False)


def _fill(table: str, source: str, columns: tuple[str, ...], measure: str) -> None:
    parent = None
    for grain, kept in GRAINS:
        keys = ", ".join((*KEYS, *kept, *columns))
        origin = f"{table} WHERE grain = '{parent}'" if parent else source
        op.execute(
            f"INSERT INTO {table} (grain, {keys}, {measure}) "
            f"SELECT '{grain}', {keys}, SUM({measure}) FROM {origin} GROUP BY {keys}"
        )
        parent = grain


def upgrade() -> None:
    _create('fourmi_rollup', [
        sa.Column('category', sa.String(length=32), nullable=False),
        sa.Column('place_hub', sa.String(length=64), nullable=True),
        sa.Column('perpetrator', sa.String(length=32), nullable=True),
        sa.Column('respondents', sa.Integer(), nullable=False),
    ])
    _create('fourmi_base_rollup', [sa.Column('base', sa.Integer(), nullable=False)])
    _fill('fourmi_rollup', 'fourmi_cell', ANSWER, 'respondents')
    _fill('fourmi_base_rollup', 'fourmi_base', (), 'base')


def downgrade() -> None:
    for table in ('fourmi_base_rollup', 'fourmi_rollup'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f'ix_{table}_grain_indicator_period')
            batch_op.drop_index(batch_op.f(f'ix_{table}_dataset_id'))
        op.drop_table(table)
