"""Inquiries: a private conversation between an asking organisation and a listing's owner, and its deal stage.

The conversation (messages, attachments) belongs to the two organisations alone; the metadata (parties,
listing, stage, dates, source) is what the exchange's curators see and report on.
"""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from techport.accounts.models import User
from techport.extensions import db
from techport.listings.models import ATTACHMENT_FILENAME_MAX, STORED_NAME_MAX, Listing, MediaType
from techport.models_common import UTCDateTime, enum_column, utcnow
from techport.organisations.models import Organisation

MESSAGE_MAX = 5000
INTENDED_USE_MAX = 1000
CODE_MAX = 32
# A budget or deal value above a thousand trillion đồng is a typing mistake, not a deal.
VND_MAX = 10**15


class InquiryStage(enum.StrEnum):
    NEW = "new"
    IN_DISCUSSION = "in_discussion"
    NDA_SIGNED = "nda_signed"
    NEGOTIATING = "negotiating"
    AGREEMENT_SIGNED = "agreement_signed"
    CLOSED = "closed"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    LOST = "lost"


class InquirySource(enum.StrEnum):
    DIRECT = "direct"
    SEARCH = "search"
    MATCH = "match"
    EXHIBIT = "exhibit"
    QR = "qr"
    ALERT = "alert"
    EVENT = "event"


class Inquiry(db.Model):
    __tablename__ = "inquiries"
    __table_args__ = (
        sa.Index("ix_inquiries_asking_activity", "asking_organisation_id", "last_activity_at"),
        sa.Index("ix_inquiries_owner_activity", "owner_organisation_id", "last_activity_at"),
        sa.Index("ix_inquiries_started_by_created", "started_by_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(sa.ForeignKey("listings.id"), index=True)
    asking_organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"))
    owner_organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"))
    started_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    # On a need: the asking organisation's own offer or IP asset it proposes (None for free text).
    proposed_listing_id: Mapped[int | None] = mapped_column(sa.ForeignKey("listings.id"))
    stage: Mapped[InquiryStage] = mapped_column(
        enum_column(InquiryStage, "inquiry_stage"), default=InquiryStage.NEW, index=True
    )
    closing_reason: Mapped[str] = mapped_column(sa.String(CODE_MAX), default="")
    source: Mapped[InquirySource] = mapped_column(
        enum_column(InquirySource, "inquiry_source"), default=InquirySource.DIRECT
    )
    source_rank: Mapped[int | None] = mapped_column(sa.Integer)
    source_exhibit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("exhibits.id", ondelete="SET NULL"))
    intended_use: Mapped[str] = mapped_column(sa.Text, default="")
    transfer_mode: Mapped[str] = mapped_column(sa.String(CODE_MAX), default="")
    budget_vnd: Mapped[int | None] = mapped_column(sa.BigInteger)
    asker_contact_shared_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    owner_contact_shared_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    agreement_transfer_mode: Mapped[str] = mapped_column(sa.String(CODE_MAX), default="")
    # None with ``agreement_signed_on`` set means "not disclosed".
    agreement_value_vnd: Mapped[int | None] = mapped_column(sa.BigInteger)
    agreement_signed_on: Mapped[date | None] = mapped_column(sa.Date)
    agreement_listing_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    # The first message from the owner's side: the start of the reminders' silence and of the response time.
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    listing: Mapped[Listing] = relationship(foreign_keys=[listing_id])
    proposed_listing: Mapped[Listing | None] = relationship(foreign_keys=[proposed_listing_id])
    asking_organisation: Mapped[Organisation] = relationship(foreign_keys=[asking_organisation_id])
    owner_organisation: Mapped[Organisation] = relationship(foreign_keys=[owner_organisation_id])
    started_by: Mapped[User] = relationship(foreign_keys=[started_by_id])
    asker_contact_shared_by: Mapped[User | None] = relationship(foreign_keys=[asker_contact_shared_by_id])
    owner_contact_shared_by: Mapped[User | None] = relationship(foreign_keys=[owner_contact_shared_by_id])
    messages: Mapped[list["InquiryMessage"]] = relationship(
        back_populates="inquiry", cascade="all, delete-orphan", order_by="InquiryMessage.id"
    )
    stage_changes: Mapped[list["InquiryStageChange"]] = relationship(
        back_populates="inquiry", cascade="all, delete-orphan", order_by="InquiryStageChange.id"
    )

    def __repr__(self) -> str:
        return f"<Inquiry {self.id} {self.stage}>"


class InquiryMessage(db.Model):
    __tablename__ = "inquiry_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(sa.ForeignKey("inquiries.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    author_organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    inquiry: Mapped[Inquiry] = relationship(back_populates="messages")
    author: Mapped[User] = relationship()
    attachments: Mapped[list["InquiryAttachment"]] = relationship(
        back_populates="message", cascade="all, delete-orphan", order_by="InquiryAttachment.id"
    )


class InquiryAttachment(db.Model):
    """A file sent in a conversation; stored like listing attachments, served only to the two parties."""

    __tablename__ = "inquiry_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(sa.ForeignKey("inquiry_messages.id", ondelete="CASCADE"), index=True)
    media_type: Mapped[MediaType] = mapped_column(enum_column(MediaType, "inquiry_attachment_media_type"))
    filename: Mapped[str] = mapped_column(sa.String(ATTACHMENT_FILENAME_MAX))
    stored_name: Mapped[str] = mapped_column(sa.String(STORED_NAME_MAX), unique=True)
    size_bytes: Mapped[int] = mapped_column(sa.Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    message: Mapped[InquiryMessage] = relationship(back_populates="attachments")


class InquiryStageChange(db.Model):
    """One step of the pipeline: kept for ever, so reports can tell who moved a deal and when."""

    __tablename__ = "inquiry_stage_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(sa.ForeignKey("inquiries.id", ondelete="CASCADE"), index=True)
    from_stage: Mapped[InquiryStage | None] = mapped_column(enum_column(InquiryStage, "inquiry_change_from_stage"))
    to_stage: Mapped[InquiryStage] = mapped_column(enum_column(InquiryStage, "inquiry_change_to_stage"))
    reason: Mapped[str] = mapped_column(sa.String(CODE_MAX), default="")
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    inquiry: Mapped[Inquiry] = relationship(back_populates="stage_changes")
    actor: Mapped[User | None] = relationship()


class InquiryRead(db.Model):
    """How far one person has read one conversation: messages with a higher id are unread for them."""

    __tablename__ = "inquiry_reads"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(sa.ForeignKey("inquiries.id", ondelete="CASCADE"), primary_key=True)
    last_read_message_id: Mapped[int] = mapped_column(sa.Integer, default=0)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class InquiryReminder(db.Model):
    """A reminder already sent (after 3 or 7 days), so the daily run never sends it twice."""

    __tablename__ = "inquiry_reminders"
    __table_args__ = (sa.UniqueConstraint("inquiry_id", "after_days", name="uq_inquiry_reminders_inquiry_days"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(sa.ForeignKey("inquiries.id", ondelete="CASCADE"))
    after_days: Mapped[int] = mapped_column(sa.SmallInteger)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
