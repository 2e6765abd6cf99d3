"""Listing attachments: images and PDFs stored outside the web root.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 09:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('listing_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('media_type', sa.Enum('image/png', 'image/jpeg', 'application/pdf', name='attachment_media_type', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('stored_name', sa.String(length=64), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['listing_id'], ['listings.id'], name=op.f('fk_listing_attachments_listing_id_listings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_listing_attachments')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_listing_attachments_stored_name'))
    )
    with op.batch_alter_table('listing_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_listing_attachments_listing_id'), ['listing_id'], unique=False)


def downgrade():
    with op.batch_alter_table('listing_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_listing_attachments_listing_id'))

    op.drop_table('listing_attachments')
