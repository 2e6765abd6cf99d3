"""Events, their agenda, who registered (or walked in), and the meetings registrants asked for.

Times are stored in UTC and shown in Asia/Ho_Chi_Minh (``EVENT_ZONE``). A registration's status is
stored, because the waiting list is an order that only the registrations themselves can keep.
"""

import enum
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from techport.accounts.models import User
from techport.extensions import db
from techport.listings.models import STORED_NAME_MAX, Listing, MediaType
from techport.models_common import UTCDateTime, enum_column, utcnow
from techport.organisations.models import Organisation, OrganisationKind

EVENT_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
SLUG_MAX = 120
TITLE_MAX = 256
DESCRIPTION_MAX = 4000
SERIES_MAX = 120
THEME_MAX = 120
VENUE_MAX = 255
URL_MAX = 500
NAME_MAX = 255
LOOKING_FOR_MAX = 1000
MESSAGE_MAX = 1000
SECTOR_MAX = 40
CODE_LENGTH = 8


class EventStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class AgendaKind(enum.StrEnum):
    TALK = "talk"
    PITCH = "pitch"


class RegistrationStatus(enum.StrEnum):
    REGISTERED = "registered"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


class MeetingStatus(enum.StrEnum):
    REQUESTED = "requested"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class Event(db.Model):
    __tablename__ = "events"
    __table_args__ = (sa.CheckConstraint("ends_at >= starts_at", name="time_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(SLUG_MAX), unique=True)
    series: Mapped[str] = mapped_column(sa.String(SERIES_MAX), default="", index=True)
    title_vi: Mapped[str] = mapped_column(sa.String(TITLE_MAX))
    title_en: Mapped[str] = mapped_column(sa.String(TITLE_MAX))
    description_vi: Mapped[str] = mapped_column(sa.Text, default="")
    description_en: Mapped[str] = mapped_column(sa.Text, default="")
    theme: Mapped[str] = mapped_column(sa.String(THEME_MAX), default="")
    sectors: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    venue: Mapped[str] = mapped_column(sa.String(VENUE_MAX), default="")
    online_url: Mapped[str] = mapped_column(sa.String(URL_MAX), default="")
    capacity: Mapped[int] = mapped_column(sa.Integer)
    registration_deadline: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[EventStatus] = mapped_column(enum_column(EventStatus, "event_status"), default=EventStatus.DRAFT)
    cover_stored_name: Mapped[str | None] = mapped_column(sa.String(STORED_NAME_MAX))
    cover_media_type: Mapped[MediaType | None] = mapped_column(enum_column(MediaType, "event_cover_media_type"))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    created_by: Mapped[User | None] = relationship()
    agenda: Mapped[list["AgendaItem"]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="[AgendaItem.starts_at, AgendaItem.id]"
    )
    registrations: Mapped[list["Registration"]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="[Registration.created_at, Registration.id]"
    )

    def title_for(self, locale: str) -> str:
        return (self.title_en if locale == "en" else self.title_vi) or self.title_vi

    def description_for(self, locale: str) -> str:
        return (self.description_en if locale == "en" else self.description_vi) or self.description_vi

    def is_past(self, now: datetime) -> bool:
        return self.ends_at < now

    def __repr__(self) -> str:
        return f"<Event {self.slug}>"


class AgendaItem(db.Model):
    """A talk or a pitch; a pitch usually presents a published listing, its organisation presenting."""

    __tablename__ = "event_agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    kind: Mapped[AgendaKind] = mapped_column(enum_column(AgendaKind, "event_agenda_kind"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    title: Mapped[str] = mapped_column(sa.String(TITLE_MAX))
    listing_id: Mapped[int | None] = mapped_column(sa.ForeignKey("listings.id", ondelete="SET NULL"), index=True)
    presenter_organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )

    event: Mapped[Event] = relationship(back_populates="agenda")
    listing: Mapped[Listing | None] = relationship()
    presenter_organisation: Mapped[Organisation | None] = relationship()


class Registration(db.Model):
    """A member's place (or place on the waiting list), or a walk-in added at the door (no user)."""

    __tablename__ = "event_registrations"
    __table_args__ = (sa.UniqueConstraint("event_id", "user_id", name="uq_event_registrations_event_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    full_name: Mapped[str] = mapped_column(sa.String(NAME_MAX))
    organisation_name: Mapped[str] = mapped_column(sa.String(NAME_MAX), default="")
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id", ondelete="SET NULL"))
    organisation_kind: Mapped[OrganisationKind | None] = mapped_column(
        enum_column(OrganisationKind, "event_registration_organisation_kind")
    )
    sector: Mapped[str] = mapped_column(sa.String(SECTOR_MAX), default="")
    looking_for: Mapped[str] = mapped_column(sa.Text, default="")
    listing_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    status: Mapped[RegistrationStatus] = mapped_column(
        enum_column(RegistrationStatus, "event_registration_status"), default=RegistrationStatus.REGISTERED
    )
    walk_in: Mapped[bool] = mapped_column(default=False)
    check_in_code: Mapped[str] = mapped_column(sa.String(CODE_LENGTH), unique=True)
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship(back_populates="registrations")
    user: Mapped[User | None] = relationship()
    meetings: Mapped[list["MeetingRequest"]] = relationship(
        back_populates="registration", cascade="all, delete-orphan", order_by="MeetingRequest.id"
    )


class MeetingRequest(db.Model):
    """A registrant asks to meet the presenter of a listing at the event; accepted, it becomes an inquiry."""

    __tablename__ = "event_meeting_requests"
    __table_args__ = (
        sa.UniqueConstraint("registration_id", "listing_id", name="uq_event_meeting_requests_registration_listing"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event_registrations.id", ondelete="CASCADE"), index=True
    )
    listing_id: Mapped[int] = mapped_column(sa.ForeignKey("listings.id", ondelete="CASCADE"))
    presenter_organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    message: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[MeetingStatus] = mapped_column(
        enum_column(MeetingStatus, "event_meeting_status"), default=MeetingStatus.REQUESTED
    )
    inquiry_id: Mapped[int | None] = mapped_column(sa.ForeignKey("inquiries.id", ondelete="SET NULL"))
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    registration: Mapped[Registration] = relationship(back_populates="meetings")
    listing: Mapped[Listing] = relationship()
    presenter_organisation: Mapped[Organisation] = relationship()
