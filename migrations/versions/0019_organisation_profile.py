"""Organisation logo and the tech-transfer office description (issue 13).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01 13:00:00

"""
from alembic import op
import sqlalchemy as sa

from techport.models_common import UTCDateTime


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organisations') as batch:
        batch.add_column(sa.Column('transfer_office_vi', sa.Text(), nullable=False, server_default=''))
        batch.add_column(sa.Column('transfer_office_en', sa.Text(), nullable=False, server_default=''))
        batch.add_column(sa.Column('logo_stored_name', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('organisations') as batch:
        batch.drop_column('logo_stored_name')
        batch.drop_column('transfer_office_en')
        batch.drop_column('transfer_office_vi')
