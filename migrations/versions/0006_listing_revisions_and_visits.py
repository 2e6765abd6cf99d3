"""Listings: changes since approval and once-a-day exhibit visits.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('listing_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('approved', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['listing_id'], ['listings.id'], name=op.f('fk_listing_revisions_listing_id_listings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_listing_revisions')),
    sa.UniqueConstraint('listing_id', name=op.f('uq_listing_revisions_listing_id'))
    )

    # Exhibit visits, once per visitor and day (techport.exhibits.visits).
    op.create_table('exhibit_visits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('page', 'sheet', name='exhibit_visit_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('visitor', sa.String(length=64), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['exhibit_items.id'], name=op.f('fk_exhibit_visits_item_id_exhibit_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exhibit_visits')),
    sa.UniqueConstraint('item_id', 'kind', 'visitor', 'day', name='uq_exhibit_visits_item_kind_visitor_day')
    )
    with op.batch_alter_table('exhibit_visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exhibit_visits_day'), ['day'], unique=False)


def downgrade():
    # Exhibit visits.
    with op.batch_alter_table('exhibit_visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exhibit_visits_day'))
    op.drop_table('exhibit_visits')

    op.drop_table('listing_revisions')
