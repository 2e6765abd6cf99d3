"""Match feedback: "not relevant" marks by owners and firms (issue 20).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-01 13:00:00

"""
import sqlalchemy as sa
from alembic import op

from techport.models_common import UTCDateTime

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "match_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("need_listing_id", sa.Integer(), nullable=False),
        sa.Column("supply_listing_id", sa.Integer(), nullable=False),
        sa.Column("marked_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_match_feedback_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["need_listing_id"],
            ["listings.id"],
            name=op.f("fk_match_feedback_need_listing_id_listings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["supply_listing_id"],
            ["listings.id"],
            name=op.f("fk_match_feedback_supply_listing_id_listings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["marked_by_id"],
            ["users.id"],
            name=op.f("fk_match_feedback_marked_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_feedback")),
        sa.UniqueConstraint(
            "organisation_id",
            "need_listing_id",
            "supply_listing_id",
            name=op.f("uq_match_feedback_organisation_id"),
        ),
    )
    with op.batch_alter_table("match_feedback") as batch_op:
        batch_op.create_index(batch_op.f("ix_match_feedback_need_listing_id"), ["need_listing_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_match_feedback_supply_listing_id"), ["supply_listing_id"], unique=False)


def downgrade():
    op.drop_table("match_feedback")
