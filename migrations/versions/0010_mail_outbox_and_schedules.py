"""Mail delivery over SMTP (the outgoing_emails table becomes an outbox) and the periodic jobs' runs.

Messages queued before delivery existed were never meant to leave: they become "failed" with a note,
so the first worker does not send months-old mail; ``techport mail retry`` can still send them.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 11:00:00

"""
from alembic import op
import sqlalchemy as sa

from techport.models_common import UTCDateTime


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

MAIL_STATUS = sa.Enum(
    'pending', 'sending', 'sent', 'failed', name='mail_status', native_enum=False, create_constraint=True, length=32
)


def upgrade():
    with op.batch_alter_table('outgoing_emails', schema=None) as batch_op:
        batch_op.add_column(sa.Column('message_id', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('status', MAIL_STATUS, nullable=True))
        batch_op.add_column(sa.Column('attempts', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('next_attempt_at', UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('claimed_at', UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('sent_at', UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('last_error', sa.Text(), nullable=True))
    outgoing = sa.table(
        'outgoing_emails',
        sa.column('id', sa.Integer()),
        sa.column('message_id', sa.String()),
        sa.column('status', sa.String()),
        sa.column('next_attempt_at', UTCDateTime()),
        sa.column('created_at', UTCDateTime()),
        sa.column('last_error', sa.Text()),
    )
    op.execute(
        outgoing.update().values(
            message_id=sa.literal('<legacy-') + sa.cast(outgoing.c.id, sa.String()) + sa.literal('@techport.invalid>'),
            status='failed',
            next_attempt_at=outgoing.c.created_at,
            last_error='queued before SMTP delivery existed; never sent',
        )
    )
    with op.batch_alter_table('outgoing_emails', schema=None) as batch_op:
        batch_op.alter_column('message_id', existing_type=sa.String(length=255), nullable=False)
        batch_op.alter_column('status', existing_type=MAIL_STATUS, nullable=False)
        batch_op.alter_column('attempts', existing_type=sa.Integer(), server_default=None)
        batch_op.alter_column('next_attempt_at', existing_type=UTCDateTime(), nullable=False)
        batch_op.create_unique_constraint(op.f('uq_outgoing_emails_message_id'), ['message_id'])
        batch_op.create_index('ix_outgoing_emails_due', ['status', 'next_attempt_at', 'id'], unique=False)

    op.create_table('job_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('job', sa.String(length=80), nullable=False),
    sa.Column('period', sa.String(length=40), nullable=False),
    sa.Column('started_at', UTCDateTime(), nullable=False),
    sa.Column('finished_at', UTCDateTime(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_runs')),
    sa.UniqueConstraint('job', 'period', name=op.f('uq_job_runs_job'))
    )


def downgrade():
    op.drop_table('job_runs')
    with op.batch_alter_table('outgoing_emails', schema=None) as batch_op:
        batch_op.drop_index('ix_outgoing_emails_due')
        batch_op.drop_constraint(op.f('uq_outgoing_emails_message_id'), type_='unique')
        for column in ('last_error', 'sent_at', 'claimed_at', 'next_attempt_at', 'attempts', 'status', 'message_id'):
            batch_op.drop_column(column)
