"""The search log behind "what users look for" in the reports (issue 15).

Also the listing renewals (counted apart from first publications) and the listing-page views per day.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 13:00:00

"""
from alembic import op
import sqlalchemy as sa

from techport.models_common import UTCDateTime


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('search_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('query', sa.String(length=500), nullable=False),
    sa.Column('filters', sa.JSON(), nullable=False),
    sa.Column('sector', sa.String(length=64), nullable=True),
    sa.Column('result_count', sa.Integer(), nullable=False),
    sa.Column('searched_at', UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_log'))
    )
    with op.batch_alter_table('search_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_log_searched_at'), ['searched_at'], unique=False)

    op.create_table('listing_view_days',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('views', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['listing_id'], ['listings.id'], name=op.f('fk_listing_view_days_listing_id_listings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_listing_view_days')),
    sa.UniqueConstraint('listing_id', 'day', name='uq_listing_view_days_listing_id_day')
    )
    with op.batch_alter_table('listing_view_days', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_listing_view_days_day'), ['day'], unique=False)

    op.create_table('listing_renewals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('renewed_on', sa.Date(), nullable=False),
    sa.Column('previous_published_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['listing_id'], ['listings.id'], name=op.f('fk_listing_renewals_listing_id_listings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_listing_renewals'))
    )
    with op.batch_alter_table('listing_renewals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_listing_renewals_listing_id'), ['listing_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_listing_renewals_renewed_on'), ['renewed_on'], unique=False)


def downgrade():
    op.drop_table('listing_renewals')
    op.drop_table('listing_view_days')
    op.drop_table('search_log')
