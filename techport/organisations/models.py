"""Organisations: the universities, institutes, firms and agencies that trade on Techport."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from techport.extensions import db
from techport.models_common import UTCDateTime, enum_column, utcnow

NAME_MAX = 255
SHORT_NAME_MAX = 32
SLUG_MAX = 80
PROVINCE_MAX = 100
WEBSITE_MAX = 255
DESCRIPTION_MAX = 4000
TAX_CODE_MAX = 14
LOGO_STORED_NAME_MAX = 64


class OrganisationKind(enum.StrEnum):
    UNIVERSITY = "university"
    INSTITUTE = "institute"
    FIRM = "firm"
    AGENCY = "agency"


class QueueReason(enum.StrEnum):
    """Why an organisation waits in the curators' verification queue."""

    NEW = "new"
    PROFILE_CHANGED = "profile_changed"


class Organisation(db.Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[OrganisationKind] = mapped_column(enum_column(OrganisationKind, "organisation_kind"))
    name_vi: Mapped[str] = mapped_column(sa.String(NAME_MAX))
    name_en: Mapped[str] = mapped_column(sa.String(NAME_MAX))
    short_name: Mapped[str] = mapped_column(sa.String(SHORT_NAME_MAX), default="")
    slug: Mapped[str] = mapped_column(sa.String(SLUG_MAX), unique=True)
    province: Mapped[str] = mapped_column(sa.String(PROVINCE_MAX), default="")
    website: Mapped[str] = mapped_column(sa.String(WEBSITE_MAX), default="")
    description_vi: Mapped[str] = mapped_column(sa.Text, default="")
    description_en: Mapped[str] = mapped_column(sa.Text, default="")
    # The public text of the tech-transfer office: how to reach it and what it offers, per language.
    transfer_office_vi: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    transfer_office_en: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    # A PNG or JPEG stored like listing attachments (random name in ATTACHMENT_DIR), checked by the same rules.
    logo_stored_name: Mapped[str | None] = mapped_column(sa.String(LOGO_STORED_NAME_MAX))
    verified: Mapped[bool] = mapped_column(default=False)
    # The tax code of a firm or the establishment code of a public body; one organisation each.
    tax_code: Mapped[str | None] = mapped_column(sa.String(TAX_CODE_MAX), unique=True)
    # Set while curators must look at it; cleared by approving, rejecting or merging.
    queue_reason: Mapped[QueueReason | None] = mapped_column(enum_column(QueueReason, "organisation_queue_reason"))
    queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # A new organisation that curators refused; a refused later change only restores ``verified_identity``.
    rejected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rejection_reason: Mapped[str | None] = mapped_column(sa.Text)
    # The names and kind a curator last verified, restored when a later change is rejected.
    verified_identity: Mapped[dict | None] = mapped_column(sa.JSON)
    merged_into_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    members: Mapped[list["User"]] = relationship(back_populates="organisation")  # noqa: F821
    merged_into: Mapped["Organisation | None"] = relationship(remote_side=[id])

    @property
    def is_retired(self) -> bool:
        """Rejected or merged away: kept for the history, offered to nobody."""
        return self.merged_into_id is not None or self.rejected_at is not None

    def name_for(self, locale: str) -> str:
        return self.name_en if locale == "en" else self.name_vi

    def description_for(self, locale: str) -> str:
        primary, fallback = (
            (self.description_en, self.description_vi) if locale == "en" else (self.description_vi, self.description_en)
        )
        return primary or fallback

    def transfer_office_for(self, locale: str) -> str:
        primary, fallback = (
            (self.transfer_office_en, self.transfer_office_vi)
            if locale == "en"
            else (self.transfer_office_vi, self.transfer_office_en)
        )
        return primary or fallback

    def __repr__(self) -> str:
        return f"<Organisation {self.slug}>"
