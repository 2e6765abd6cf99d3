"""Techmart Daily: exhibits, the listings on show in them, and registered interest.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 09:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('exhibits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('title_vi', sa.String(length=256), nullable=False),
    sa.Column('title_en', sa.String(length=256), nullable=False),
    sa.Column('description_vi', sa.Text(), nullable=False),
    sa.Column('description_en', sa.Text(), nullable=False),
    sa.Column('theme', sa.String(length=120), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('venue', sa.String(length=255), nullable=False),
    sa.Column('booth', sa.String(length=32), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('cover_stored_name', sa.String(length=64), nullable=True),
    sa.Column('cover_media_type', sa.Enum('image/png', 'image/jpeg', 'application/pdf', name='exhibit_cover_media_type', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_exhibits_date_order')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_exhibits_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exhibits')),
    sa.UniqueConstraint('slug', name=op.f('uq_exhibits_slug'))
    )
    with op.batch_alter_table('exhibits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exhibits_ends_on'), ['ends_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_exhibits_starts_on'), ['starts_on'], unique=False)

    op.create_table('exhibit_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('exhibit_id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('booth', sa.String(length=32), nullable=False),
    sa.Column('featured', sa.Boolean(), nullable=False),
    sa.Column('page_views', sa.Integer(), nullable=False),
    sa.Column('sheet_views', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['exhibit_id'], ['exhibits.id'], name=op.f('fk_exhibit_items_exhibit_id_exhibits'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['listing_id'], ['listings.id'], name=op.f('fk_exhibit_items_listing_id_listings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exhibit_items')),
    sa.UniqueConstraint('exhibit_id', 'listing_id', name='uq_exhibit_items_exhibit_listing')
    )
    with op.batch_alter_table('exhibit_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exhibit_items_exhibit_id'), ['exhibit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_exhibit_items_listing_id'), ['listing_id'], unique=False)

    op.create_table('exhibit_interests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['exhibit_items.id'], name=op.f('fk_exhibit_interests_item_id_exhibit_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_exhibit_interests_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exhibit_interests')),
    sa.UniqueConstraint('item_id', 'user_id', name='uq_exhibit_interests_item_user')
    )
    with op.batch_alter_table('exhibit_interests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exhibit_interests_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_exhibit_interests_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('exhibit_interests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exhibit_interests_user_id'))
        batch_op.drop_index(batch_op.f('ix_exhibit_interests_item_id'))

    op.drop_table('exhibit_interests')
    with op.batch_alter_table('exhibit_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exhibit_items_listing_id'))
        batch_op.drop_index(batch_op.f('ix_exhibit_items_exhibit_id'))

    op.drop_table('exhibit_items')
    with op.batch_alter_table('exhibits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exhibits_starts_on'))
        batch_op.drop_index(batch_op.f('ix_exhibits_ends_on'))

    op.drop_table('exhibits')
