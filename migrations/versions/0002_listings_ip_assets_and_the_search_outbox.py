"""Listings (offers, needs, IP assets), their IP records and the search outbox.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 05:06:11.511594

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    
    op.create_table('search_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity', sa.Enum('listing', 'organisation', name='outbox_entity', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'done', 'parked', name='outbox_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('processed_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_outbox'))
    )
    with op.batch_alter_table('search_outbox', schema=None) as batch_op:
        batch_op.create_index('ix_search_outbox_pending', ['status', 'next_attempt_at', 'id'], unique=False)

    op.create_table('listings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('external_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.Enum('offer', 'need', 'ip_asset', name='listing_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('offer_type', sa.Enum('technology', 'equipment', name='offer_type', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('status', sa.Enum('draft', 'submitted', 'published', 'expired', 'archived', name='listing_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('language', sa.Enum('vi', 'en', name='listing_language', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('title', sa.String(length=256), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('summary', sa.String(length=500), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('advantages', sa.Text(), nullable=False),
    sa.Column('specification_sought', sa.Text(), nullable=False),
    sa.Column('trl', sa.SmallInteger(), nullable=False),
    sa.Column('sectors', sa.JSON(), nullable=False),
    sa.Column('keywords', sa.JSON(), nullable=False),
    sa.Column('transfer_modes', sa.JSON(), nullable=False),
    sa.Column('price_vnd', sa.BigInteger(), nullable=True),
    sa.Column('price_negotiable', sa.Boolean(), nullable=False),
    sa.Column('partner_sought', sa.String(length=500), nullable=False),
    sa.Column('contact_name', sa.String(length=254), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=False),
    sa.Column('contact_phone', sa.String(length=254), nullable=False),
    sa.Column('rejection_reason', sa.Text(), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('trl BETWEEN 1 AND 9', name=op.f('ck_listings_trl_range')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_listings_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_listings')),
    sa.UniqueConstraint('organisation_id', 'external_id', name='uq_listings_organisation_external_id')
    )
    with op.batch_alter_table('listings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_listings_expires_on'), ['expires_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_listings_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_listings_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_listings_status'), ['status'], unique=False)

    op.create_table('ip_asset_details',
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('ip_type', sa.Enum('patent', 'utility_solution', 'industrial_design', 'trademark', 'plant_variety', 'software_copyright', 'trade_secret', name='ip_type', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('legal_status', sa.Enum('filed', 'granted', 'expired', 'refused', name='ip_legal_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('application_number', sa.String(length=64), nullable=False),
    sa.Column('application_date', sa.Date(), nullable=True),
    sa.Column('grant_number', sa.String(length=64), nullable=False),
    sa.Column('grant_date', sa.Date(), nullable=True),
    sa.Column('inventors', sa.JSON(), nullable=False),
    sa.Column('owners', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['listing_id'], ['listings.id'], name=op.f('fk_ip_asset_details_listing_id_listings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('listing_id', name=op.f('pk_ip_asset_details'))
    )
    with op.batch_alter_table('ip_asset_details', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ip_asset_details_ip_type'), ['ip_type'], unique=False)




def downgrade():
    
    with op.batch_alter_table('ip_asset_details', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ip_asset_details_ip_type'))

    op.drop_table('ip_asset_details')
    with op.batch_alter_table('listings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_listings_status'))
        batch_op.drop_index(batch_op.f('ix_listings_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_listings_kind'))
        batch_op.drop_index(batch_op.f('ix_listings_expires_on'))

    op.drop_table('listings')
    with op.batch_alter_table('search_outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_search_outbox_pending')

    op.drop_table('search_outbox')

