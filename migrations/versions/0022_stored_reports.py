"""Stored reports: the standard periods' reports as the worker last built them (issue 15).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-01 16:40:00

"""
import sqlalchemy as sa
from alembic import op

from techport.models_common import UTCDateTime

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "stored_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_code", sa.String(length=32), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("built_at", UTCDateTime(), nullable=False),
        sa.Column("sections", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stored_reports")),
        sa.UniqueConstraint("period_code", "locale", name="uq_stored_reports_period_code_locale"),
    )


def downgrade():
    op.drop_table("stored_reports")
