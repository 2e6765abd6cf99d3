"""One table holds offers, needs and IP assets: they share the standard profile, the lifecycle and the
search index. IP-specific legal data lives beside it in ``techport.ip_assets``."""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from techport.extensions import db
from techport.listings.vocabulary import (
    CONTACT_FIELD_MAX,
    EXTERNAL_ID_MAX,
    PARTNER_SOUGHT_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
    Language,
    ListingKind,
    ListingStatus,
    OfferType,
)
from techport.models_common import UTCDateTime, enum_column, utcnow
from techport.organisations.models import Organisation

SLUG_MAX = 120


class Listing(db.Model):
    __tablename__ = "listings"
    __table_args__ = (
        sa.UniqueConstraint("organisation_id", "external_id", name="uq_listings_organisation_external_id"),
        sa.CheckConstraint("trl BETWEEN 1 AND 9", name="trl_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    external_id: Mapped[str] = mapped_column(sa.String(EXTERNAL_ID_MAX))
    kind: Mapped[ListingKind] = mapped_column(enum_column(ListingKind, "listing_kind"), index=True)
    offer_type: Mapped[OfferType] = mapped_column(enum_column(OfferType, "offer_type"), default=OfferType.TECHNOLOGY)
    status: Mapped[ListingStatus] = mapped_column(
        enum_column(ListingStatus, "listing_status"), default=ListingStatus.DRAFT, index=True
    )
    language: Mapped[Language] = mapped_column(enum_column(Language, "listing_language"), default=Language.VI)
    title: Mapped[str] = mapped_column(sa.String(TITLE_MAX))
    slug: Mapped[str] = mapped_column(sa.String(SLUG_MAX))
    summary: Mapped[str] = mapped_column(sa.String(SUMMARY_MAX))
    description: Mapped[str] = mapped_column(sa.Text)
    advantages: Mapped[str] = mapped_column(sa.Text, default="")
    specification_sought: Mapped[str] = mapped_column(sa.Text, default="")
    trl: Mapped[int] = mapped_column(sa.SmallInteger)
    sectors: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    keywords: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    transfer_modes: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    price_vnd: Mapped[int | None] = mapped_column(sa.BigInteger)
    price_negotiable: Mapped[bool] = mapped_column(default=False)
    partner_sought: Mapped[str] = mapped_column(sa.String(PARTNER_SOUGHT_MAX), default="")
    contact_name: Mapped[str] = mapped_column(sa.String(CONTACT_FIELD_MAX), default="")
    contact_email: Mapped[str] = mapped_column(sa.String(CONTACT_FIELD_MAX), default="")
    contact_phone: Mapped[str] = mapped_column(sa.String(CONTACT_FIELD_MAX), default="")
    rejection_reason: Mapped[str] = mapped_column(sa.Text, default="")
    # Shown only to the owner's organisation and organisations with a signed NDA (techport.ndas); never
    # indexed, exported or sent by the API, which all build their output from explicit fields.
    confidential_details: Mapped[str | None] = mapped_column(sa.Text)
    nda_required: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    published_on: Mapped[date | None] = mapped_column(sa.Date)
    expires_on: Mapped[date | None] = mapped_column(sa.Date, index=True)
    # Rises on every UPDATE of the row (SQLAlchemy's version counter); the indexer sends it to
    # Elasticsearch as an external version so that a stale write never wins.
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    organisation: Mapped[Organisation] = relationship()
    ip_details: Mapped["IpAssetDetails | None"] = relationship(  # noqa: F821
        back_populates="listing", cascade="all, delete-orphan", uselist=False
    )
    attachments: Mapped[list["ListingAttachment"]] = relationship(
        back_populates="listing", cascade="all, delete-orphan", order_by="ListingAttachment.id"
    )

    __mapper_args__ = {"version_id_col": version}

    @hybrid_property
    def is_public(self) -> bool:
        """Published and not past its expiry date, whether or not the expiry job has marked it yet."""
        return self.status == ListingStatus.PUBLISHED and (self.expires_on is None or self.expires_on >= date.today())

    @is_public.inplace.expression
    @classmethod
    def _is_public_expression(cls):
        return sa.and_(
            cls.status == ListingStatus.PUBLISHED, sa.or_(cls.expires_on.is_(None), cls.expires_on >= date.today())
        )

    def __repr__(self) -> str:
        return f"<Listing {self.id} {self.kind} {self.external_id}>"


class MediaType(enum.StrEnum):
    """The only file types an attachment may have, recognised by their content."""

    PNG = "image/png"
    JPEG = "image/jpeg"
    PDF = "application/pdf"

    @property
    def is_image(self) -> bool:
        return self in (MediaType.PNG, MediaType.JPEG)


ATTACHMENT_FILENAME_MAX = 200
STORED_NAME_MAX = 64


class ListingAttachment(db.Model):
    """An image or PDF of a listing. The file lives outside the web root under a random name;
    ``filename`` is only what people see."""

    __tablename__ = "listing_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(sa.ForeignKey("listings.id", ondelete="CASCADE"), index=True)
    media_type: Mapped[MediaType] = mapped_column(enum_column(MediaType, "attachment_media_type"))
    filename: Mapped[str] = mapped_column(sa.String(ATTACHMENT_FILENAME_MAX))
    stored_name: Mapped[str] = mapped_column(sa.String(STORED_NAME_MAX), unique=True)
    size_bytes: Mapped[int] = mapped_column(sa.Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    listing: Mapped[Listing] = relationship(back_populates="attachments")


class ListingRevision(db.Model):
    """A published listing changed by its owners since a curator approved it: the approved values of the
    fields that matter, kept until a curator accepts the change or rolls it back. At most one per listing;
    later edits keep the first snapshot, so the curator always compares with what was approved."""

    __tablename__ = "listing_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(sa.ForeignKey("listings.id", ondelete="CASCADE"), unique=True)
    approved: Mapped[dict] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    listing: Mapped[Listing] = relationship()


class ListingRenewal(db.Model):
    """A listing kept public for another term: the reports count renewals apart from first publications."""

    __tablename__ = "listing_renewals"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(sa.ForeignKey("listings.id", ondelete="CASCADE"), index=True)
    renewed_on: Mapped[date] = mapped_column(sa.Date, index=True)
    # The start of the term that was renewed: the earliest one is the listing's first publication.
    previous_published_on: Mapped[date | None] = mapped_column(sa.Date)
