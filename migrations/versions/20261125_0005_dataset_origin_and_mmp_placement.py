"""dataset origin and derivation; MMP country method, route family, nearest hub, cause category, route memberships

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 19:50:00

Existing MMP rows get their derived columns and route memberships from the stored rows the next
time the app starts (``derivation`` is blank, so it is stale); datasets the demo loaded are
recognised by being synthetic or by being a region profile's own registry file.
"""

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

PROFILE_REGISTRY_FILES = ("hubs.csv", "routes.geojson", "fmp_sites.csv")


def upgrade() -> None:
    with op.batch_alter_table('dataset', schema=None) as batch_op:
        batch_op.add_column(sa.Column('origin', sa.String(length=8), server_default='user', nullable=False))
        batch_op.add_column(sa.Column('derivation', sa.String(length=64), server_default='', nullable=False))
    dataset = sa.table('dataset', sa.column('origin'), sa.column('synthetic'), sa.column('kind'),
                       sa.column('file_name'))
    op.execute(
        dataset.update()
        .where(
            dataset.c.synthetic.is_(True)
            | (dataset.c.kind.in_(("hubs", "routes", "fmp-sites")) & dataset.c.file_name.in_(PROFILE_REGISTRY_FILES))
        )
        .values(origin='demo')
    )
    with op.batch_alter_table('mmp_incident', schema=None) as batch_op:
        batch_op.drop_index('ix_mmp_incident_year_route')
        batch_op.drop_column('route_id')
        batch_op.add_column(sa.Column('country_method', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('route_family', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('hub_id', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('cause_category', sa.String(length=32), nullable=True))
        batch_op.create_index('ix_mmp_incident_dataset_row', ['dataset_id', 'source_row'], unique=False)
    op.create_table(
        'mmp_incident_route',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('dataset_id', sa.Integer(), nullable=False),
        sa.Column('source_row', sa.Integer(), nullable=False),
        sa.Column('route_id', sa.String(length=64), nullable=False),
        sa.Column('segment_seq', sa.Integer(), nullable=False),
        sa.Column('distance_km', sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(['dataset_id'], ['dataset.id'], name=op.f('fk_mmp_incident_route_dataset_id_dataset'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_mmp_incident_route')),
    )
    with op.batch_alter_table('mmp_incident_route', schema=None) as batch_op:
        batch_op.create_index('ix_mmp_incident_route_dataset_id', ['dataset_id'], unique=False)
        batch_op.create_index('ix_mmp_incident_route_route_row', ['route_id', 'dataset_id', 'source_row'],
                              unique=False)
        batch_op.create_index('ix_mmp_incident_route_row', ['dataset_id', 'source_row'], unique=False)


def downgrade() -> None:
    op.drop_table('mmp_incident_route')
    with op.batch_alter_table('mmp_incident', schema=None) as batch_op:
        batch_op.drop_index('ix_mmp_incident_dataset_row')
        batch_op.drop_column('cause_category')
        batch_op.drop_column('hub_id')
        batch_op.drop_column('route_family')
        batch_op.drop_column('country_method')
        batch_op.add_column(sa.Column('route_id', sa.String(length=64), nullable=True))
        batch_op.create_index('ix_mmp_incident_year_route', ['year', 'route_id'], unique=False)
    with op.batch_alter_table('dataset', schema=None) as batch_op:
        batch_op.drop_column('derivation')
        batch_op.drop_column('origin')
