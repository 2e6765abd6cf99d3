"""Exhibits, the listings shown in them, and who registered interest in which.

An exhibit's status is not stored: it follows from the published flag and the dates, so it can never
fall out of step with the calendar (see ``Exhibit.status_on``).
"""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from techport.accounts.models import User
from techport.extensions import db
from techport.listings.models import STORED_NAME_MAX, Listing, MediaType
from techport.models_common import UTCDateTime, enum_column, utcnow

SLUG_MAX = 120
TITLE_MAX = 256
DESCRIPTION_MAX = 4000
THEME_MAX = 120
VENUE_MAX = 255
BOOTH_MAX = 32
NOTE_MAX = 1000
VISITOR_KEY_LENGTH = 64


class ExhibitStatus(enum.StrEnum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    LIVE = "live"
    CLOSED = "closed"


class Exhibit(db.Model):
    __tablename__ = "exhibits"
    __table_args__ = (sa.CheckConstraint("ends_on >= starts_on", name="date_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(SLUG_MAX), unique=True)
    title_vi: Mapped[str] = mapped_column(sa.String(TITLE_MAX))
    title_en: Mapped[str] = mapped_column(sa.String(TITLE_MAX))
    description_vi: Mapped[str] = mapped_column(sa.Text, default="")
    description_en: Mapped[str] = mapped_column(sa.Text, default="")
    theme: Mapped[str] = mapped_column(sa.String(THEME_MAX))
    starts_on: Mapped[date] = mapped_column(sa.Date, index=True)
    ends_on: Mapped[date] = mapped_column(sa.Date, index=True)
    venue: Mapped[str] = mapped_column(sa.String(VENUE_MAX))
    booth: Mapped[str] = mapped_column(sa.String(BOOTH_MAX), default="")
    published: Mapped[bool] = mapped_column(default=False)
    cover_stored_name: Mapped[str | None] = mapped_column(sa.String(STORED_NAME_MAX))
    cover_media_type: Mapped[MediaType | None] = mapped_column(enum_column(MediaType, "exhibit_cover_media_type"))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    created_by: Mapped[User | None] = relationship()
    items: Mapped[list["ExhibitItem"]] = relationship(
        back_populates="exhibit", cascade="all, delete-orphan", order_by="ExhibitItem.position"
    )

    def status_on(self, today: date) -> ExhibitStatus:
        if not self.published:
            return ExhibitStatus.DRAFT
        if today < self.starts_on:
            return ExhibitStatus.SCHEDULED
        if today > self.ends_on:
            return ExhibitStatus.CLOSED
        return ExhibitStatus.LIVE

    def title_for(self, locale: str) -> str:
        return (self.title_en if locale == "en" else self.title_vi) or self.title_vi

    def description_for(self, locale: str) -> str:
        return (self.description_en if locale == "en" else self.description_vi) or self.description_vi

    def __repr__(self) -> str:
        return f"<Exhibit {self.slug}>"


class VisitKind(enum.StrEnum):
    PAGE = "page"
    SHEET = "sheet"


class ExhibitItem(db.Model):
    """A listing on show. Views are counted here, on the exhibit page and on the printed sheet's page,
    once per visitor and day (see ``ExhibitVisit``)."""

    __tablename__ = "exhibit_items"
    __table_args__ = (sa.UniqueConstraint("exhibit_id", "listing_id", name="uq_exhibit_items_exhibit_listing"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    exhibit_id: Mapped[int] = mapped_column(sa.ForeignKey("exhibits.id", ondelete="CASCADE"), index=True)
    listing_id: Mapped[int] = mapped_column(sa.ForeignKey("listings.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(sa.Integer, default=0)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    booth: Mapped[str] = mapped_column(sa.String(BOOTH_MAX), default="")
    featured: Mapped[bool] = mapped_column(default=False)
    page_views: Mapped[int] = mapped_column(sa.Integer, default=0)
    sheet_views: Mapped[int] = mapped_column(sa.Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    exhibit: Mapped[Exhibit] = relationship(back_populates="items")
    listing: Mapped[Listing] = relationship()
    interests: Mapped[list["ExhibitInterest"]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="ExhibitInterest.created_at"
    )

    @property
    def is_public(self) -> bool:
        """An item shows only while its listing is published: a withdrawn listing leaves at once."""
        return self.listing.is_public


class ExhibitInterest(db.Model):
    """A firm member's "I am interested"; seen only by the curators and the listing's organisation."""

    __tablename__ = "exhibit_interests"
    __table_args__ = (sa.UniqueConstraint("item_id", "user_id", name="uq_exhibit_interests_item_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("exhibit_items.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    item: Mapped[ExhibitItem] = relationship(back_populates="interests")
    user: Mapped[User] = relationship()


class ExhibitVisit(db.Model):
    """That a visitor saw an item (on the exhibit page or its sheet) on a day; kept so each counts once a day.

    ``visitor`` is a keyed hash that changes every day, so the rows say nothing about who visited.
    """

    __tablename__ = "exhibit_visits"
    __table_args__ = (
        sa.UniqueConstraint("item_id", "kind", "visitor", "day", name="uq_exhibit_visits_item_kind_visitor_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("exhibit_items.id", ondelete="CASCADE"))
    kind: Mapped[VisitKind] = mapped_column(enum_column(VisitKind, "exhibit_visit_kind"))
    visitor: Mapped[str] = mapped_column(sa.String(VISITOR_KEY_LENGTH))
    day: Mapped[date] = mapped_column(sa.Date, index=True)
