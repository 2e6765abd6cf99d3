"""Joining with a new organisation, organisation admins, verification queue and the audit log.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 11:00:00

"""
from alembic import op
import sqlalchemy as sa

from techport.models_common import UTCDateTime


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tax_code', sa.String(length=14), nullable=True))
        batch_op.add_column(sa.Column('queue_reason', sa.Enum('new', 'profile_changed', name='organisation_queue_reason', native_enum=False, create_constraint=True, length=32), nullable=True))
        batch_op.add_column(sa.Column('queued_at', UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('rejected_at', UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('rejection_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('verified_identity', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_organisations_queued_at'), ['queued_at'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_organisations_tax_code'), ['tax_code'])
        batch_op.create_foreign_key(batch_op.f('fk_organisations_merged_into_id_organisations'), 'organisations', ['merged_into_id'], ['id'])

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organisation_role', sa.Enum('member', 'admin', name='organisation_role', native_enum=False, create_constraint=True, length=32), server_default='member', nullable=False))
        batch_op.add_column(sa.Column('last_sign_in_at', UTCDateTime(), nullable=True))

    op.create_table('audit_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('target_type', sa.String(length=40), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=True),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_entries_actor_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entries'))
    )
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entries_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entries_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entries_created_at'), ['created_at'], unique=False)
        batch_op.create_index('ix_audit_entries_target', ['target_type', 'target_id'], unique=False)


def downgrade():
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entries_target')
        batch_op.drop_index(batch_op.f('ix_audit_entries_created_at'))
        batch_op.drop_index(batch_op.f('ix_audit_entries_actor_id'))
        batch_op.drop_index(batch_op.f('ix_audit_entries_action'))
    op.drop_table('audit_entries')

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('last_sign_in_at')
        batch_op.drop_column('organisation_role')

    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_organisations_merged_into_id_organisations'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_organisations_tax_code'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_organisations_queued_at'))
        batch_op.drop_column('merged_into_id')
        batch_op.drop_column('verified_identity')
        batch_op.drop_column('rejection_reason')
        batch_op.drop_column('rejected_at')
        batch_op.drop_column('queued_at')
        batch_op.drop_column('queue_reason')
        batch_op.drop_column('tax_code')
