"""IP register: fee payments, editable timeline steps and what else issue 17 needs.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01 13:00:00

"""
from alembic import op
import sqlalchemy as sa

from techport.models_common import UTCDateTime


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


MEDIA_TYPES = ('image/png', 'image/jpeg', 'application/pdf')


def upgrade():
    op.create_table('ip_fee_payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title_id', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('amount_vnd', sa.BigInteger(), nullable=False),
    sa.Column('receipt_filename', sa.String(length=200), nullable=True),
    sa.Column('receipt_stored_name', sa.String(length=64), nullable=True),
    sa.Column('receipt_media_type',
              sa.Enum(*MEDIA_TYPES, name='ip_fee_receipt_media_type', native_enum=False, create_constraint=True,
                      length=32),
              nullable=True),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['title_id'], ['ip_protection_titles.id'],
                            name=op.f('fk_ip_fee_payments_title_id_ip_protection_titles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ip_fee_payments')),
    sa.UniqueConstraint('receipt_stored_name', name=op.f('uq_ip_fee_payments_receipt_stored_name')),
    sa.UniqueConstraint('title_id', 'due_on', name='uq_ip_fee_payments_title_due')
    )
    with op.batch_alter_table('ip_fee_payments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ip_fee_payments_title_id'), ['title_id'], unique=False)


def downgrade():
    with op.batch_alter_table('ip_fee_payments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ip_fee_payments_title_id'))
    op.drop_table('ip_fee_payments')
