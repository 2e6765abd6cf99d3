"""The IP register: protection titles, inventors, owners, the legal timeline and deadline reminders.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 11:00:00

"""
from alembic import op
import sqlalchemy as sa

from techport.models_common import UTCDateTime


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

PROTECTION_TYPES = ('patent', 'utility_solution', 'industrial_design', 'trademark', 'plant_variety',
                    'software_copyright', 'layout_design', 'trade_secret')
TITLE_STATUSES = ('filed', 'formality_examination', 'published', 'examination_requested', 'granted', 'refused',
                  'maintained', 'lapsed', 'expired')


def _enum(values, name):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade():
    op.create_table('ip_register_assets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('reference', sa.String(length=64), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('is_public', sa.Boolean(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                            name=op.f('fk_ip_register_assets_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ip_register_assets'))
    )
    with op.batch_alter_table('ip_register_assets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ip_register_assets_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('ip_register_asset_listings',
    sa.Column('asset_id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['asset_id'], ['ip_register_assets.id'],
                            name=op.f('fk_ip_register_asset_listings_asset_id_ip_register_assets'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['listing_id'], ['listings.id'],
                            name=op.f('fk_ip_register_asset_listings_listing_id_listings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('asset_id', 'listing_id', name=op.f('pk_ip_register_asset_listings'))
    )

    op.create_table('ip_protection_titles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('asset_id', sa.Integer(), nullable=False),
    sa.Column('protection_type', _enum(PROTECTION_TYPES, 'ip_protection_type'), nullable=False),
    sa.Column('status', _enum(TITLE_STATUSES, 'ip_title_status'), nullable=False),
    sa.Column('office', sa.String(length=120), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('application_number', sa.String(length=64), nullable=False),
    sa.Column('application_date', sa.Date(), nullable=True),
    sa.Column('priority_date', sa.Date(), nullable=True),
    sa.Column('publication_number', sa.String(length=64), nullable=False),
    sa.Column('publication_date', sa.Date(), nullable=True),
    sa.Column('grant_number', sa.String(length=64), nullable=False),
    sa.Column('grant_date', sa.Date(), nullable=True),
    sa.Column('renewals', sa.SmallInteger(), nullable=False),
    sa.Column('woody_plant', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['asset_id'], ['ip_register_assets.id'],
                            name=op.f('fk_ip_protection_titles_asset_id_ip_register_assets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ip_protection_titles'))
    )
    with op.batch_alter_table('ip_protection_titles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ip_protection_titles_asset_id'), ['asset_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ip_protection_titles_protection_type'), ['protection_type'], unique=False)
        batch_op.create_index(batch_op.f('ix_ip_protection_titles_status'), ['status'], unique=False)

    for table, columns in (
        ('ip_register_inventors', [
            sa.Column('name', sa.String(length=120), nullable=False),
            sa.Column('affiliation', sa.String(length=200), nullable=False),
            sa.Column('email', sa.String(length=254), nullable=False),
            sa.Column('remuneration_share', sa.SmallInteger(), nullable=True),
        ]),
        ('ip_register_owners', [
            sa.Column('name', sa.String(length=120), nullable=False),
            sa.Column('share', sa.SmallInteger(), nullable=False),
        ]),
    ):
        op.create_table(table,
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('asset_id', sa.Integer(), nullable=False),
        *columns,
        sa.ForeignKeyConstraint(['asset_id'], ['ip_register_assets.id'],
                                name=op.f(f'fk_{table}_asset_id_ip_register_assets'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{table}'))
        )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f'ix_{table}_asset_id'), ['asset_id'], unique=False)

    op.create_table('ip_title_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title_id', sa.Integer(), nullable=False),
    sa.Column('status', _enum(TITLE_STATUSES, 'ip_event_status'), nullable=False),
    sa.Column('happened_on', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=1000), nullable=False),
    sa.Column('document_filename', sa.String(length=200), nullable=True),
    sa.Column('document_stored_name', sa.String(length=64), nullable=True),
    sa.Column('document_media_type', _enum(('image/png', 'image/jpeg', 'application/pdf'), 'ip_event_media_type'),
              nullable=True),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['title_id'], ['ip_protection_titles.id'],
                            name=op.f('fk_ip_title_events_title_id_ip_protection_titles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ip_title_events')),
    sa.UniqueConstraint('document_stored_name', name=op.f('uq_ip_title_events_document_stored_name'))
    )
    with op.batch_alter_table('ip_title_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ip_title_events_title_id'), ['title_id'], unique=False)

    op.create_table('ip_deadline_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title_id', sa.Integer(), nullable=False),
    sa.Column('deadline_kind', sa.String(length=32), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('days_before', sa.SmallInteger(), nullable=False),
    sa.Column('sent_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['title_id'], ['ip_protection_titles.id'],
                            name=op.f('fk_ip_deadline_reminders_title_id_ip_protection_titles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ip_deadline_reminders')),
    sa.UniqueConstraint('title_id', 'deadline_kind', 'due_on', 'days_before', name='uq_ip_deadline_reminders')
    )
    with op.batch_alter_table('ip_deadline_reminders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ip_deadline_reminders_title_id'), ['title_id'], unique=False)


def downgrade():
    for table, index in (
        ('ip_deadline_reminders', 'ix_ip_deadline_reminders_title_id'),
        ('ip_title_events', 'ix_ip_title_events_title_id'),
        ('ip_register_owners', 'ix_ip_register_owners_asset_id'),
        ('ip_register_inventors', 'ix_ip_register_inventors_asset_id'),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(index))
        op.drop_table(table)
    with op.batch_alter_table('ip_protection_titles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ip_protection_titles_status'))
        batch_op.drop_index(batch_op.f('ix_ip_protection_titles_protection_type'))
        batch_op.drop_index(batch_op.f('ix_ip_protection_titles_asset_id'))
    op.drop_table('ip_protection_titles')
    op.drop_table('ip_register_asset_listings')
    with op.batch_alter_table('ip_register_assets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ip_register_assets_organisation_id'))
    op.drop_table('ip_register_assets')
