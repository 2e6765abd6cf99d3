"""Saved searches, what each one has already announced, per-user mail preferences and sent reminders."""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from techport.accounts.models import User
from techport.extensions import db
from techport.models_common import UTCDateTime, enum_column, utcnow

NAME_MAX = 120
QUERY_MAX = 200
SORT_MAX = 20


class Frequency(enum.StrEnum):
    IMMEDIATELY = "immediately"
    DAILY = "daily"
    WEEKLY = "weekly"


class SavedSearch(db.Model):
    """A search a person wants to hear about: its text, filters and sort, and how often to be told."""

    __tablename__ = "saved_searches"
    __table_args__ = (sa.Index("ix_saved_searches_frequency_paused", "frequency", "paused"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(NAME_MAX))
    query_text: Mapped[str] = mapped_column(sa.String(QUERY_MAX), default="")
    filters: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    sort: Mapped[str] = mapped_column(sa.String(SORT_MAX), default="relevance")
    frequency: Mapped[Frequency] = mapped_column(enum_column(Frequency, "alert_frequency"), default=Frequency.DAILY)
    paused: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the alert job last looked for new items (the start of the next window) and last mailed something.
    last_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class SentAlert(db.Model):
    """A listing already announced by a saved search: it is never announced by that search again."""

    __tablename__ = "sent_alerts"

    saved_search_id: Mapped[int] = mapped_column(
        sa.ForeignKey("saved_searches.id", ondelete="CASCADE"), primary_key=True
    )
    listing_id: Mapped[int] = mapped_column(sa.ForeignKey("listings.id", ondelete="CASCADE"), primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MailPreferences(db.Model):
    """Which kinds of mail a person wants; no row means all of them."""

    __tablename__ = "mail_preferences"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    alerts: Mapped[bool] = mapped_column(default=True)
    reminders: Mapped[bool] = mapped_column(default=True)
    digests: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class ExpiryReminder(db.Model):
    """An expiry reminder sent for one expiry date of a listing (a renewal brings a new date, new reminders)."""

    __tablename__ = "expiry_reminders"

    listing_id: Mapped[int] = mapped_column(sa.ForeignKey("listings.id", ondelete="CASCADE"), primary_key=True)
    expires_on: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    days_before: Mapped[int] = mapped_column(sa.SmallInteger, primary_key=True, autoincrement=False)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReviewDigest(db.Model):
    """The curators' review-queue digest of one day (Asia/Ho_Chi_Minh), so it goes out once."""

    __tablename__ = "review_digests"

    digest_date: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    queue_length: Mapped[int] = mapped_column(sa.Integer)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
