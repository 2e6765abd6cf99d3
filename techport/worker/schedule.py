"""When periodic jobs run, and the guarantee that each runs once per period across workers and restarts.

Times are Asia/Ho_Chi_Minh. A daily job's period is the date of its latest scheduled time at or before
now (``TECHPORT_DAILY_JOBS_AT``), so a worker that was down at 07:00 catches up when it starts; a
weekly job's period is the ISO week of its latest Monday (``TECHPORT_WEEKLY_JOBS_ON``) at that time.

Once per period: the ``job_runs`` key (job, period) is inserted in the job's own transaction, before
its work, and committed with it. A second worker's insert of the same key fails on the unique
constraint (on PostgreSQL it first waits for the first worker's transaction; a transaction-scoped
advisory lock lets it skip at once instead), so it skips; a restart finds the committed key and
skips. A job that fails before committing anything rolls back with its key and is tried again at
the next pass (after a pause); mail it queued rolls back with it, so nothing goes out twice. A job
that commits its own batches takes the period at its first commit: if it fails later, the error is
kept on the run and the job must itself be safe to resume (e.g. alerts mark what they sent).

"Immediately" jobs have no period: they run on every pass, at most every
``TECHPORT_IMMEDIATE_JOBS_SECONDS`` per worker, and must be idempotent themselves.
"""

import enum
import logging
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError

from techport.extensions import db
from techport.models_common import utcnow
from techport.worker.models import JobRun

log = logging.getLogger(__name__)

LOCAL_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
FAILED_JOB_PAUSE_SECONDS = 300.0
ERROR_MAX = 2000


@dataclass(frozen=True)
class ScheduleSettings:
    daily_at: clock_time
    weekly_on: int
    immediate_seconds: float

    @classmethod
    def from_config(cls, config) -> "ScheduleSettings":
        hours, _, minutes = config["DAILY_JOBS_AT"].partition(":")
        weekday = config["WEEKLY_JOBS_ON"].strip().lower()
        if weekday not in WEEKDAYS:
            raise ValueError(f"TECHPORT_WEEKLY_JOBS_ON must be one of {', '.join(WEEKDAYS)}, not {weekday!r}")
        return cls(clock_time(int(hours), int(minutes or 0)), WEEKDAYS.index(weekday), config["IMMEDIATE_JOBS_SECONDS"])


def local_now(now: datetime) -> datetime:
    return now.astimezone(LOCAL_ZONE)


def daily_period(now: datetime, settings: ScheduleSettings) -> str:
    """The date (local) of the latest daily run time at or before ``now``."""
    local = local_now(now)
    day = local.date() if local.time() >= settings.daily_at else local.date() - timedelta(days=1)
    return day.isoformat()


def weekly_period(now: datetime, settings: ScheduleSettings) -> str:
    """The ISO week of the latest weekly run time (weekday and time) at or before ``now``."""
    local = local_now(now)
    days_back = (local.weekday() - settings.weekly_on) % 7
    run_day = local.date() - timedelta(days=days_back)
    if days_back == 0 and local.time() < settings.daily_at:
        run_day -= timedelta(days=7)
    year, week, _ = run_day.isocalendar()
    return f"{year}-W{week:02d}"


class Cadence(enum.StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    # Every pass, no period: the job itself must be idempotent.
    IMMEDIATELY = "immediately"


PERIOD_OF: dict[Cadence, Callable[[datetime, ScheduleSettings], str]] = {
    Cadence.DAILY: daily_period,
    Cadence.WEEKLY: weekly_period,
}


@dataclass(frozen=True)
class Job:
    """A periodic job: ``run(now)`` does the work in the current session; the scheduler commits."""

    name: str
    cadence: Cadence
    run: Callable[[datetime], object]


def local_today(now: datetime) -> date:
    return local_now(now).date()


class Scheduler:
    """Runs the due jobs of a registry; one per worker process (it remembers in memory only pauses)."""

    def __init__(self, jobs: Iterable[Job], settings: ScheduleSettings):
        self.jobs = list(jobs)
        self.settings = settings
        self.paused_until: dict[str, float] = {}
        self.immediate_last_run: dict[str, float] = {}

    def run_due(self, now: datetime | None = None) -> list[str]:
        """Run every job due at ``now``; returns the names of those this worker ran."""
        now = now or utcnow()
        ran = []
        for job in self.jobs:
            if self.paused_until.get(job.name, 0) > time.monotonic():
                continue
            if job.cadence == Cadence.IMMEDIATELY:
                done = self._run_immediate(job, now)
            else:
                done = self._run_for_period(job, PERIOD_OF[job.cadence](now, self.settings), now)
            if done:
                ran.append(job.name)
        return ran

    def _run_immediate(self, job: Job, now: datetime) -> bool:
        last = self.immediate_last_run.get(job.name)
        if last is not None and time.monotonic() - last < self.settings.immediate_seconds:
            return False
        self.immediate_last_run[job.name] = time.monotonic()
        started = time.monotonic()
        try:
            job.run(now)
            db.session.commit()
        except Exception:
            self._failed(job, None)
            return False
        _log_run(job, None, started)
        return True

    def _run_for_period(self, job: Job, period: str, now: datetime) -> bool:
        already = sa.select(sa.exists().where(JobRun.job == job.name, JobRun.period == period))
        try:
            if db.session.scalar(already) or not _lock_period(job.name, period):
                db.session.rollback()
                return False
            run = JobRun(job=job.name, period=period, started_at=now)
            db.session.add(run)
            db.session.flush()
        except (IntegrityError, OperationalError):
            # Another worker holds or has committed this period (SQLite reports its lock as OperationalError).
            db.session.rollback()
            return False
        started = time.monotonic()
        try:
            job.run(now)
            run.finished_at = utcnow()
            db.session.commit()
        except Exception:
            self._failed(job, period)
            return False
        _log_run(job, period, started)
        return True

    def _failed(self, job: Job, period: str | None) -> None:
        log.exception(
            "job %s failed for %s; trying again in %.0f s",
            job.name,
            period,
            FAILED_JOB_PAUSE_SECONDS,
            extra={"job": job.name, "cadence": job.cadence.value, "period": period, "failed": True},
        )
        db.session.rollback()
        self.paused_until[job.name] = time.monotonic() + FAILED_JOB_PAUSE_SECONDS
        if period is None:
            return
        # Only a job that committed part of its work left its key behind: the error stays on that run.
        db.session.execute(
            sa.update(JobRun)
            .where(JobRun.job == job.name, JobRun.period == period)
            .values(error=f"failed after committing part of its work at {utcnow().isoformat()}"[:ERROR_MAX])
        )
        db.session.commit()


def _log_run(job: Job, period: str | None, started: float) -> None:
    """One line per job run; its fields become keys of the JSON line (techport/logging_setup.py)."""
    duration_ms = round((time.monotonic() - started) * 1000, 1)
    fields = {"job": job.name, "cadence": job.cadence.value, "period": period, "duration_ms": duration_ms}
    log.info("job %s ran for %s in %.1f ms", job.name, period or "this pass", duration_ms, extra=fields)


def _lock_period(job_name: str, period: str) -> bool:
    """PostgreSQL: a transaction-scoped advisory lock, so a second worker skips instead of waiting on the key."""
    if db.session.get_bind().dialect.name != "postgresql":
        return True
    key = zlib.crc32(f"{job_name}:{period}".encode())
    return bool(db.session.scalar(sa.select(sa.func.pg_try_advisory_xact_lock(key))))
