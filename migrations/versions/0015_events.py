"""Connection events: events, agenda items, registrations, meeting requests (issue 18).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 13:00:00

"""
from alembic import op
import sqlalchemy as sa

from techport.models_common import UTCDateTime


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


SOURCES = ('direct', 'search', 'match', 'exhibit', 'qr', 'alert')


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _inquiry_source(*extra):
    return _enum('inquiry_source', *SOURCES, *extra)


def upgrade():
    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('series', sa.String(length=120), nullable=False),
    sa.Column('title_vi', sa.String(length=256), nullable=False),
    sa.Column('title_en', sa.String(length=256), nullable=False),
    sa.Column('description_vi', sa.Text(), nullable=False),
    sa.Column('description_en', sa.Text(), nullable=False),
    sa.Column('theme', sa.String(length=120), nullable=False),
    sa.Column('sectors', sa.JSON(), nullable=False),
    sa.Column('starts_at', UTCDateTime(), nullable=False),
    sa.Column('ends_at', UTCDateTime(), nullable=False),
    sa.Column('venue', sa.String(length=255), nullable=False),
    sa.Column('online_url', sa.String(length=500), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('registration_deadline', UTCDateTime(), nullable=False),
    sa.Column('status', _enum('event_status', 'draft', 'published', 'cancelled'), nullable=False),
    sa.Column('cover_stored_name', sa.String(length=64), nullable=True),
    sa.Column('cover_media_type', _enum('event_cover_media_type', 'image/png', 'image/jpeg', 'application/pdf'), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.CheckConstraint('ends_at >= starts_at', name=op.f('ck_events_time_order')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_events_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events')),
    sa.UniqueConstraint('slug', name=op.f('uq_events_slug'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_series'), ['series'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_starts_at'), ['starts_at'], unique=False)

    op.create_table('event_agenda_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('kind', _enum('event_agenda_kind', 'talk', 'pitch'), nullable=False),
    sa.Column('starts_at', UTCDateTime(), nullable=False),
    sa.Column('title', sa.String(length=256), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=True),
    sa.Column('presenter_organisation_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_agenda_items_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['listing_id'], ['listings.id'], name=op.f('fk_event_agenda_items_listing_id_listings'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['presenter_organisation_id'], ['organisations.id'], name=op.f('fk_event_agenda_items_presenter_organisation_id_organisations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_agenda_items'))
    )
    with op.batch_alter_table('event_agenda_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_agenda_items_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_agenda_items_listing_id'), ['listing_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_agenda_items_presenter_organisation_id'), ['presenter_organisation_id'], unique=False)

    op.create_table('event_registrations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('full_name', sa.String(length=255), nullable=False),
    sa.Column('organisation_name', sa.String(length=255), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('organisation_kind', _enum('event_registration_organisation_kind', 'university', 'institute', 'firm', 'agency'), nullable=True),
    sa.Column('sector', sa.String(length=40), nullable=False),
    sa.Column('looking_for', sa.Text(), nullable=False),
    sa.Column('listing_ids', sa.JSON(), nullable=False),
    sa.Column('status', _enum('event_registration_status', 'registered', 'waitlisted', 'cancelled'), nullable=False),
    sa.Column('walk_in', sa.Boolean(), nullable=False),
    sa.Column('check_in_code', sa.String(length=8), nullable=False),
    sa.Column('checked_in_at', UTCDateTime(), nullable=True),
    sa.Column('reminded_at', UTCDateTime(), nullable=True),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('cancelled_at', UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_registrations_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_event_registrations_organisation_id_organisations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_event_registrations_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_registrations')),
    sa.UniqueConstraint('check_in_code', name=op.f('uq_event_registrations_check_in_code')),
    sa.UniqueConstraint('event_id', 'user_id', name=op.f('uq_event_registrations_event_user'))
    )
    with op.batch_alter_table('event_registrations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_registrations_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_registrations_user_id'), ['user_id'], unique=False)

    op.create_table('event_meeting_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('presenter_organisation_id', sa.Integer(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('status', _enum('event_meeting_status', 'requested', 'accepted', 'declined'), nullable=False),
    sa.Column('inquiry_id', sa.Integer(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', UTCDateTime(), nullable=True),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['registration_id'], ['event_registrations.id'], name=op.f('fk_event_meeting_requests_registration_id_event_registrations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['listing_id'], ['listings.id'], name=op.f('fk_event_meeting_requests_listing_id_listings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['presenter_organisation_id'], ['organisations.id'], name=op.f('fk_event_meeting_requests_presenter_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['inquiry_id'], ['inquiries.id'], name=op.f('fk_event_meeting_requests_inquiry_id_inquiries'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_event_meeting_requests_decided_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_meeting_requests')),
    sa.UniqueConstraint('registration_id', 'listing_id', name=op.f('uq_event_meeting_requests_registration_listing'))
    )
    with op.batch_alter_table('event_meeting_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_meeting_requests_registration_id'), ['registration_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_meeting_requests_presenter_organisation_id'), ['presenter_organisation_id'], unique=False)

    # Accepted meetings start inquiries whose source is "event".
    with op.batch_alter_table('inquiries', schema=None) as batch_op:
        batch_op.alter_column('source', existing_type=_inquiry_source(), type_=_inquiry_source('event'), existing_nullable=False)


def downgrade():
    op.execute("UPDATE inquiries SET source = 'direct' WHERE source = 'event'")
    with op.batch_alter_table('inquiries', schema=None) as batch_op:
        batch_op.alter_column('source', existing_type=_inquiry_source('event'), type_=_inquiry_source(), existing_nullable=False)
    op.drop_table('event_meeting_requests')
    op.drop_table('event_registrations')
    op.drop_table('event_agenda_items')
    op.drop_table('events')
