"""NDAs: versioned templates, signatures, and the confidential details they unlock.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 11:00:00

"""
from alembic import op
import sqlalchemy as sa

from techport.models_common import UTCDateTime


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('listings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('confidential_details', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('nda_required', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table('nda_templates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.String(length=80), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('stored_name', sa.String(length=64), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('retired_at', UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_nda_templates_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_nda_templates_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nda_templates')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_nda_templates_stored_name'))
    )
    with op.batch_alter_table('nda_templates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nda_templates_organisation_id'), ['organisation_id'], unique=False)
    op.create_table('ndas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('owner_organisation_id', sa.Integer(), nullable=False),
    sa.Column('asking_organisation_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('requested', 'accepted', 'signed', name='nda_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=True),
    sa.Column('template_version', sa.String(length=80), nullable=False),
    sa.Column('template_sha256', sa.String(length=64), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=False),
    sa.Column('requested_at', UTCDateTime(), nullable=False),
    sa.Column('accepted_by_id', sa.Integer(), nullable=True),
    sa.Column('accepted_by_name', sa.String(length=200), nullable=False),
    sa.Column('accepted_at', UTCDateTime(), nullable=True),
    sa.Column('accepted_ip', sa.String(length=45), nullable=False),
    sa.Column('countersigned_by_id', sa.Integer(), nullable=True),
    sa.Column('countersigned_by_name', sa.String(length=200), nullable=False),
    sa.Column('countersigned_at', UTCDateTime(), nullable=True),
    sa.Column('countersigned_ip', sa.String(length=45), nullable=False),
    sa.ForeignKeyConstraint(['accepted_by_id'], ['users.id'], name=op.f('fk_ndas_accepted_by_id_users')),
    sa.ForeignKeyConstraint(['asking_organisation_id'], ['organisations.id'], name=op.f('fk_ndas_asking_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['countersigned_by_id'], ['users.id'], name=op.f('fk_ndas_countersigned_by_id_users')),
    sa.ForeignKeyConstraint(['listing_id'], ['listings.id'], name=op.f('fk_ndas_listing_id_listings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_organisation_id'], ['organisations.id'], name=op.f('fk_ndas_owner_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_ndas_requested_by_id_users')),
    sa.ForeignKeyConstraint(['template_id'], ['nda_templates.id'], name=op.f('fk_ndas_template_id_nda_templates')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ndas')),
    sa.UniqueConstraint('listing_id', 'asking_organisation_id', name='uq_ndas_listing_asking')
    )
    with op.batch_alter_table('ndas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ndas_asking_organisation_id'), ['asking_organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ndas_listing_id'), ['listing_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ndas_owner_organisation_id'), ['owner_organisation_id'], unique=False)


def downgrade():
    with op.batch_alter_table('ndas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ndas_owner_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_ndas_listing_id'))
        batch_op.drop_index(batch_op.f('ix_ndas_asking_organisation_id'))
    op.drop_table('ndas')
    with op.batch_alter_table('nda_templates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nda_templates_organisation_id'))
    op.drop_table('nda_templates')
    with op.batch_alter_table('listings', schema=None) as batch_op:
        batch_op.drop_column('nda_required')
        batch_op.drop_column('confidential_details')
