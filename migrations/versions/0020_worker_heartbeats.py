"""Worker heartbeats for techport doctor (issue 21).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-01 13:00:00

"""
import sqlalchemy as sa
from alembic import op

from techport.models_common import UTCDateTime

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "worker_heartbeats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("beaten_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_worker_heartbeats")),
        sa.UniqueConstraint("kind", "host", name=op.f("uq_worker_heartbeats_kind")),
    )


def downgrade():
    op.drop_table("worker_heartbeats")
