"""The legal record of an IP asset listing."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from techport.extensions import db
from techport.ip_assets.vocabulary import (
    AFFILIATION_MAX,
    ASSET_TITLE_MAX,
    COUNTRY_MAX,
    EMAIL_MAX,
    IP_NUMBER_MAX,
    NAME_MAX,
    NOTE_MAX,
    OFFICE_MAX,
    IpType,
    LegalStatus,
    ProtectionType,
    TitleStatus,
)
from techport.listings.models import ATTACHMENT_FILENAME_MAX, STORED_NAME_MAX, Listing, MediaType
from techport.models_common import UTCDateTime, enum_column, utcnow
from techport.organisations.models import Organisation


class IpAssetDetails(db.Model):
    __tablename__ = "ip_asset_details"

    listing_id: Mapped[int] = mapped_column(sa.ForeignKey("listings.id", ondelete="CASCADE"), primary_key=True)
    ip_type: Mapped[IpType] = mapped_column(enum_column(IpType, "ip_type"), index=True)
    legal_status: Mapped[LegalStatus] = mapped_column(enum_column(LegalStatus, "ip_legal_status"))
    application_number: Mapped[str] = mapped_column(sa.String(IP_NUMBER_MAX), default="")
    application_date: Mapped[date | None] = mapped_column(sa.Date)
    grant_number: Mapped[str] = mapped_column(sa.String(IP_NUMBER_MAX), default="")
    grant_date: Mapped[date | None] = mapped_column(sa.Date)
    inventors: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    # [{"name": "...", "share": 60}, ...]; shares add up to 100.
    owners: Mapped[list[dict]] = mapped_column(sa.JSON, default=list)

    listing: Mapped[Listing] = relationship(back_populates="ip_details")


register_asset_listings = sa.Table(
    "ip_register_asset_listings",
    db.metadata,
    sa.Column("asset_id", sa.ForeignKey("ip_register_assets.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("listing_id", sa.ForeignKey("listings.id", ondelete="CASCADE"), primary_key=True),
)


class RegisterAsset(db.Model):
    """One piece of an organisation's IP in its register, offered on the exchange or not."""

    __tablename__ = "ip_register_assets"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(ASSET_TITLE_MAX))
    reference: Mapped[str] = mapped_column(sa.String(IP_NUMBER_MAX), default="")
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    # Shown on the public register page when set; the inventors never are.
    is_public: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    organisation: Mapped[Organisation] = relationship()
    titles: Mapped[list["ProtectionTitle"]] = relationship(
        back_populates="asset", cascade="all, delete-orphan", order_by="ProtectionTitle.id"
    )
    inventors: Mapped[list["Inventor"]] = relationship(cascade="all, delete-orphan", order_by="Inventor.id")
    owners: Mapped[list["CoOwner"]] = relationship(cascade="all, delete-orphan", order_by="CoOwner.id")
    listings: Mapped[list[Listing]] = relationship(secondary=register_asset_listings, order_by=Listing.id)


class ProtectionTitle(db.Model):
    """One application or title (a patent in Viet Nam, its PCT twin, a trademark...) of a register asset."""

    __tablename__ = "ip_protection_titles"

    id: Mapped[int] = mapped_column(primary_key=True)
    asset_id: Mapped[int] = mapped_column(sa.ForeignKey("ip_register_assets.id", ondelete="CASCADE"), index=True)
    protection_type: Mapped[ProtectionType] = mapped_column(
        enum_column(ProtectionType, "ip_protection_type"), index=True
    )
    status: Mapped[TitleStatus] = mapped_column(enum_column(TitleStatus, "ip_title_status"), index=True)
    office: Mapped[str] = mapped_column(sa.String(OFFICE_MAX), default="")
    country: Mapped[str] = mapped_column(sa.String(COUNTRY_MAX), default="VN")
    application_number: Mapped[str] = mapped_column(sa.String(IP_NUMBER_MAX), default="")
    application_date: Mapped[date | None] = mapped_column(sa.Date)
    priority_date: Mapped[date | None] = mapped_column(sa.Date)
    publication_number: Mapped[str] = mapped_column(sa.String(IP_NUMBER_MAX), default="")
    publication_date: Mapped[date | None] = mapped_column(sa.Date)
    grant_number: Mapped[str] = mapped_column(sa.String(IP_NUMBER_MAX), default="")
    grant_date: Mapped[date | None] = mapped_column(sa.Date)
    # Renewals already granted (industrial designs, trademarks); they push the term end out.
    renewals: Mapped[int] = mapped_column(sa.SmallInteger, default=0)
    # Plant varieties only: trees and vines have the longer term (Art. 169).
    woody_plant: Mapped[bool] = mapped_column(default=False)

    asset: Mapped[RegisterAsset] = relationship(back_populates="titles")
    events: Mapped[list["TitleEvent"]] = relationship(
        back_populates="title", cascade="all, delete-orphan", order_by="(TitleEvent.happened_on, TitleEvent.id)"
    )
    fee_payments: Mapped[list["FeePayment"]] = relationship(
        back_populates="title", cascade="all, delete-orphan", order_by="FeePayment.due_on"
    )


class Inventor(db.Model):
    """An inventor or author; contact and remuneration share stay inside the organisation."""

    __tablename__ = "ip_register_inventors"

    id: Mapped[int] = mapped_column(primary_key=True)
    asset_id: Mapped[int] = mapped_column(sa.ForeignKey("ip_register_assets.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(NAME_MAX))
    affiliation: Mapped[str] = mapped_column(sa.String(AFFILIATION_MAX), default="")
    email: Mapped[str] = mapped_column(sa.String(EMAIL_MAX), default="")
    remuneration_share: Mapped[int | None] = mapped_column(sa.SmallInteger)


class CoOwner(db.Model):
    __tablename__ = "ip_register_owners"

    id: Mapped[int] = mapped_column(primary_key=True)
    asset_id: Mapped[int] = mapped_column(sa.ForeignKey("ip_register_assets.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(NAME_MAX))
    share: Mapped[int] = mapped_column(sa.SmallInteger)


class TitleEvent(db.Model):
    """A step of the legal timeline, with the office's document when there is one."""

    __tablename__ = "ip_title_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    title_id: Mapped[int] = mapped_column(sa.ForeignKey("ip_protection_titles.id", ondelete="CASCADE"), index=True)
    status: Mapped[TitleStatus] = mapped_column(enum_column(TitleStatus, "ip_event_status"))
    happened_on: Mapped[date] = mapped_column(sa.Date)
    note: Mapped[str] = mapped_column(sa.String(NOTE_MAX), default="")
    document_filename: Mapped[str | None] = mapped_column(sa.String(ATTACHMENT_FILENAME_MAX))
    document_stored_name: Mapped[str | None] = mapped_column(sa.String(STORED_NAME_MAX), unique=True)
    document_media_type: Mapped[MediaType | None] = mapped_column(enum_column(MediaType, "ip_event_media_type"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    title: Mapped[ProtectionTitle] = relationship(back_populates="events")


class FeePayment(db.Model):
    """An annual maintenance fee paid; ``due_on`` names the year of validity it buys, so that year's
    deadline (and its reminders) give way to the next one."""

    __tablename__ = "ip_fee_payments"
    __table_args__ = (sa.UniqueConstraint("title_id", "due_on", name="uq_ip_fee_payments_title_due"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title_id: Mapped[int] = mapped_column(sa.ForeignKey("ip_protection_titles.id", ondelete="CASCADE"), index=True)
    due_on: Mapped[date] = mapped_column(sa.Date)
    paid_on: Mapped[date] = mapped_column(sa.Date)
    amount_vnd: Mapped[int] = mapped_column(sa.BigInteger)
    receipt_filename: Mapped[str | None] = mapped_column(sa.String(ATTACHMENT_FILENAME_MAX))
    receipt_stored_name: Mapped[str | None] = mapped_column(sa.String(STORED_NAME_MAX), unique=True)
    receipt_media_type: Mapped[MediaType | None] = mapped_column(enum_column(MediaType, "ip_fee_receipt_media_type"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    title: Mapped[ProtectionTitle] = relationship(back_populates="fee_payments")


class DeadlineReminder(db.Model):
    """A reminder already sent, so that the daily run never sends it twice."""

    __tablename__ = "ip_deadline_reminders"
    __table_args__ = (
        sa.UniqueConstraint("title_id", "deadline_kind", "due_on", "days_before", name="uq_ip_deadline_reminders"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title_id: Mapped[int] = mapped_column(sa.ForeignKey("ip_protection_titles.id", ondelete="CASCADE"), index=True)
    deadline_kind: Mapped[str] = mapped_column(sa.String(32))
    due_on: Mapped[date] = mapped_column(sa.Date)
    days_before: Mapped[int] = mapped_column(sa.SmallInteger)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
