"""What the reports count that no other table keeps: searches (without who searched) and listing-page views
per day. Both are filled by the worker from spool files, never by the GET request that is counted."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from techport.extensions import db
from techport.models_common import UTCDateTime

SEARCH_QUERY_MAX = 500
SECTOR_CODE_MAX = 64


class SearchLogEntry(db.Model):
    """One search as it was asked: the words, the filters and how many results it found. No user, no address."""

    __tablename__ = "search_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    query: Mapped[str] = mapped_column(sa.String(SEARCH_QUERY_MAX))
    filters: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # The first sector filtered on, kept apart so the reports group by it in SQL.
    sector: Mapped[str | None] = mapped_column(sa.String(SECTOR_CODE_MAX))
    result_count: Mapped[int] = mapped_column(sa.Integer)
    searched_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class ListingViewDay(db.Model):
    """How many times a listing's page was shown on one day."""

    __tablename__ = "listing_view_days"
    __table_args__ = (sa.UniqueConstraint("listing_id", "day", name="uq_listing_view_days_listing_id_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(sa.ForeignKey("listings.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(sa.Date, index=True)
    views: Mapped[int] = mapped_column(sa.Integer)


class StoredReport(db.Model):
    """A report of a standard period as the worker last built it, in one language, so ``/reports`` shows a
    large exchange's figures at once instead of recomputing them on every view (techport.reports.stored)."""

    __tablename__ = "stored_reports"
    __table_args__ = (sa.UniqueConstraint("period_code", "locale", name="uq_stored_reports_period_code_locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period_code: Mapped[str] = mapped_column(sa.String(32))
    locale: Mapped[str] = mapped_column(sa.String(8))
    built_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sections: Mapped[list] = mapped_column(sa.JSON)
