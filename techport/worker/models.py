"""Which periodic job ran for which period: the unique key that makes every job run once per period."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from techport.extensions import db
from techport.models_common import UTCDateTime, utcnow


class JobRun(db.Model):
    """One run of a job for one period (``2026-12-01`` for a daily job, ``2026-W49`` for a weekly one).

    The row is inserted in the job's own transaction, before its work, so a second worker's insert of
    the same key fails and that worker skips the job (techport/worker/schedule.py).
    """

    __tablename__ = "job_runs"
    __table_args__ = (sa.UniqueConstraint("job", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(sa.String(80))
    period: Mapped[str] = mapped_column(sa.String(40))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when the job failed after it had committed part of its work, so the period is taken.
    error: Mapped[str | None] = mapped_column(sa.Text)
