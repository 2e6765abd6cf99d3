"""Listing embeddings keyed by a hash of the text they were made from (issue 20).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01 13:00:00

"""
from alembic import op
import sqlalchemy as sa

from techport.models_common import UTCDateTime


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "listing_embeddings",
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["listing_id"],
            ["listings.id"],
            name=op.f("fk_listing_embeddings_listing_id_listings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("listing_id", name=op.f("pk_listing_embeddings")),
    )


def downgrade():
    op.drop_table("listing_embeddings")
