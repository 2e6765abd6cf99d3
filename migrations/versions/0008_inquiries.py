"""Inquiries: conversations between organisations, their messages, attachments and deal stages.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 11:00:00

"""
from alembic import op
import sqlalchemy as sa

from techport.models_common import UTCDateTime


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('inquiries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('asking_organisation_id', sa.Integer(), nullable=False),
    sa.Column('owner_organisation_id', sa.Integer(), nullable=False),
    sa.Column('started_by_id', sa.Integer(), nullable=False),
    sa.Column('proposed_listing_id', sa.Integer(), nullable=True),
    sa.Column('stage', sa.Enum('new', 'in_discussion', 'nda_signed', 'negotiating', 'agreement_signed', 'closed', 'declined', 'withdrawn', 'lost', name='inquiry_stage', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('closing_reason', sa.String(length=32), nullable=False),
    sa.Column('source', sa.Enum('direct', 'search', 'match', 'exhibit', 'qr', 'alert', name='inquiry_source', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('source_rank', sa.Integer(), nullable=True),
    sa.Column('source_exhibit_id', sa.Integer(), nullable=True),
    sa.Column('intended_use', sa.Text(), nullable=False),
    sa.Column('transfer_mode', sa.String(length=32), nullable=False),
    sa.Column('budget_vnd', sa.BigInteger(), nullable=True),
    sa.Column('asker_contact_shared_by_id', sa.Integer(), nullable=True),
    sa.Column('owner_contact_shared_by_id', sa.Integer(), nullable=True),
    sa.Column('agreement_transfer_mode', sa.String(length=32), nullable=False),
    sa.Column('agreement_value_vnd', sa.BigInteger(), nullable=True),
    sa.Column('agreement_signed_on', sa.Date(), nullable=True),
    sa.Column('agreement_listing_ids', sa.JSON(), nullable=False),
    sa.Column('first_response_at', UTCDateTime(), nullable=True),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('last_activity_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['asker_contact_shared_by_id'], ['users.id'], name=op.f('fk_inquiries_asker_contact_shared_by_id_users')),
    sa.ForeignKeyConstraint(['asking_organisation_id'], ['organisations.id'], name=op.f('fk_inquiries_asking_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['listing_id'], ['listings.id'], name=op.f('fk_inquiries_listing_id_listings')),
    sa.ForeignKeyConstraint(['owner_contact_shared_by_id'], ['users.id'], name=op.f('fk_inquiries_owner_contact_shared_by_id_users')),
    sa.ForeignKeyConstraint(['owner_organisation_id'], ['organisations.id'], name=op.f('fk_inquiries_owner_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['proposed_listing_id'], ['listings.id'], name=op.f('fk_inquiries_proposed_listing_id_listings')),
    sa.ForeignKeyConstraint(['source_exhibit_id'], ['exhibits.id'], name=op.f('fk_inquiries_source_exhibit_id_exhibits'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['started_by_id'], ['users.id'], name=op.f('fk_inquiries_started_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inquiries'))
    )
    with op.batch_alter_table('inquiries', schema=None) as batch_op:
        batch_op.create_index('ix_inquiries_asking_activity', ['asking_organisation_id', 'last_activity_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_inquiries_listing_id'), ['listing_id'], unique=False)
        batch_op.create_index('ix_inquiries_owner_activity', ['owner_organisation_id', 'last_activity_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_inquiries_stage'), ['stage'], unique=False)
        batch_op.create_index('ix_inquiries_started_by_created', ['started_by_id', 'created_at'], unique=False)
    op.create_table('inquiry_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inquiry_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('author_organisation_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_inquiry_messages_author_id_users')),
    sa.ForeignKeyConstraint(['author_organisation_id'], ['organisations.id'], name=op.f('fk_inquiry_messages_author_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['inquiry_id'], ['inquiries.id'], name=op.f('fk_inquiry_messages_inquiry_id_inquiries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inquiry_messages'))
    )
    with op.batch_alter_table('inquiry_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inquiry_messages_inquiry_id'), ['inquiry_id'], unique=False)
    op.create_table('inquiry_reads',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('inquiry_id', sa.Integer(), nullable=False),
    sa.Column('last_read_message_id', sa.Integer(), nullable=False),
    sa.Column('read_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['inquiry_id'], ['inquiries.id'], name=op.f('fk_inquiry_reads_inquiry_id_inquiries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_inquiry_reads_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'inquiry_id', name=op.f('pk_inquiry_reads'))
    )
    op.create_table('inquiry_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inquiry_id', sa.Integer(), nullable=False),
    sa.Column('after_days', sa.SmallInteger(), nullable=False),
    sa.Column('sent_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['inquiry_id'], ['inquiries.id'], name=op.f('fk_inquiry_reminders_inquiry_id_inquiries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inquiry_reminders')),
    sa.UniqueConstraint('inquiry_id', 'after_days', name='uq_inquiry_reminders_inquiry_days')
    )
    op.create_table('inquiry_stage_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inquiry_id', sa.Integer(), nullable=False),
    sa.Column('from_stage', sa.Enum('new', 'in_discussion', 'nda_signed', 'negotiating', 'agreement_signed', 'closed', 'declined', 'withdrawn', 'lost', name='inquiry_change_from_stage', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('to_stage', sa.Enum('new', 'in_discussion', 'nda_signed', 'negotiating', 'agreement_signed', 'closed', 'declined', 'withdrawn', 'lost', name='inquiry_change_to_stage', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_inquiry_stage_changes_actor_id_users')),
    sa.ForeignKeyConstraint(['inquiry_id'], ['inquiries.id'], name=op.f('fk_inquiry_stage_changes_inquiry_id_inquiries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inquiry_stage_changes'))
    )
    with op.batch_alter_table('inquiry_stage_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inquiry_stage_changes_inquiry_id'), ['inquiry_id'], unique=False)
    op.create_table('inquiry_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('media_type', sa.Enum('image/png', 'image/jpeg', 'application/pdf', name='inquiry_attachment_media_type', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('stored_name', sa.String(length=64), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['message_id'], ['inquiry_messages.id'], name=op.f('fk_inquiry_attachments_message_id_inquiry_messages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inquiry_attachments')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_inquiry_attachments_stored_name'))
    )
    with op.batch_alter_table('inquiry_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inquiry_attachments_message_id'), ['message_id'], unique=False)


def downgrade():
    with op.batch_alter_table('inquiry_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inquiry_attachments_message_id'))
    op.drop_table('inquiry_attachments')
    with op.batch_alter_table('inquiry_stage_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inquiry_stage_changes_inquiry_id'))
    op.drop_table('inquiry_stage_changes')
    op.drop_table('inquiry_reminders')
    op.drop_table('inquiry_reads')
    with op.batch_alter_table('inquiry_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inquiry_messages_inquiry_id'))
    op.drop_table('inquiry_messages')
    with op.batch_alter_table('inquiries', schema=None) as batch_op:
        batch_op.drop_index('ix_inquiries_started_by_created')
        batch_op.drop_index(batch_op.f('ix_inquiries_stage'))
        batch_op.drop_index('ix_inquiries_owner_activity')
        batch_op.drop_index(batch_op.f('ix_inquiries_listing_id'))
        batch_op.drop_index('ix_inquiries_asking_activity')
    op.drop_table('inquiries')
