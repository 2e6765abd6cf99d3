"""Periodic jobs run at their local times, once per period, whatever the number of workers or restarts."""

import threading
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from techport.accounts.models import OutgoingEmail
from techport.extensions import db
from techport.listings.models import Listing
from techport.listings.vocabulary import ListingStatus
from techport.mail import send_mail
from techport.worker.jobs import JOBS
from techport.worker.loop import Worker
from techport.worker.models import JobRun
from techport.worker.schedule import Cadence, Job, Scheduler, ScheduleSettings, daily_period, local_today, weekly_period
from tests.helpers import postpone_queued_mail

SETTINGS = ScheduleSettings.from_config(
    {"DAILY_JOBS_AT": "07:00", "WEEKLY_JOBS_ON": "monday", "IMMEDIATE_JOBS_SECONDS": 60}
)
# 2026-12-07 is a Monday; 07:00 in Ho Chi Minh City is 00:00 UTC.
MONDAY_7AM_LOCAL = datetime(2026, 12, 7, 0, 0, tzinfo=UTC)


def test_daily_period_is_the_date_of_the_latest_local_run_time():
    assert daily_period(MONDAY_7AM_LOCAL, SETTINGS) == "2026-12-07"
    assert daily_period(MONDAY_7AM_LOCAL - timedelta(minutes=1), SETTINGS) == "2026-12-06"
    # 23:30 UTC on the 7th is 06:30 on the 8th in Ho Chi Minh City: still the 7th's period.
    assert daily_period(datetime(2026, 12, 7, 23, 30, tzinfo=UTC), SETTINGS) == "2026-12-07"


def test_weekly_period_starts_on_monday_at_the_daily_time():
    assert weekly_period(MONDAY_7AM_LOCAL, SETTINGS) == "2026-W50"
    assert weekly_period(MONDAY_7AM_LOCAL - timedelta(minutes=1), SETTINGS) == "2026-W49"
    assert weekly_period(MONDAY_7AM_LOCAL + timedelta(days=6), SETTINGS) == "2026-W50"


def _counting_job(name: str, calls: list, cadence=Cadence.DAILY) -> Job:
    return Job(name, cadence, lambda now: calls.append(now))


def _runs(app, name: str) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(sa.select(JobRun.period).where(JobRun.job == name).order_by(JobRun.period)))


def test_a_daily_job_runs_once_per_period_across_workers_and_restarts(app):
    calls = []
    job = _counting_job("test-daily-once", calls)
    with app.app_context():
        first, second = Scheduler([job], SETTINGS), Scheduler([job], SETTINGS)
        assert first.run_due(MONDAY_7AM_LOCAL) == ["test-daily-once"]
        assert second.run_due(MONDAY_7AM_LOCAL + timedelta(minutes=5)) == []
        restarted = Scheduler([job], SETTINGS)
        assert restarted.run_due(MONDAY_7AM_LOCAL + timedelta(hours=3)) == []
        assert restarted.run_due(MONDAY_7AM_LOCAL + timedelta(days=1)) == ["test-daily-once"]
    assert len(calls) == 2
    assert _runs(app, "test-daily-once") == ["2026-12-07", "2026-12-08"]


def test_two_workers_at_the_same_moment_run_the_job_once(app):
    calls = []
    started = threading.Barrier(2)

    def slow_job(now):
        calls.append(now)
        threading.Event().wait(0.3)

    job = Job("test-daily-concurrent", Cadence.DAILY, slow_job)
    results = []

    def worker():
        with app.app_context():
            started.wait()
            results.append(Scheduler([job], SETTINGS).run_due(MONDAY_7AM_LOCAL))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(calls) == 1
    assert sorted(results) == [[], ["test-daily-concurrent"]]
    assert _runs(app, "test-daily-concurrent") == ["2026-12-07"]


def test_a_failed_job_rolls_back_its_period_and_its_mail_and_runs_again(app):
    attempts = []

    def flaky(now):
        attempts.append(now)
        send_mail("flaky-job@test.example", "Bản tin / Digest", "…")
        if len(attempts) == 1:
            raise RuntimeError("search node away")

    job = Job("test-daily-flaky", Cadence.DAILY, flaky)
    with app.app_context():
        scheduler = Scheduler([job], SETTINGS)
        assert scheduler.run_due(MONDAY_7AM_LOCAL) == []
        assert _runs(app, "test-daily-flaky") == []
        # The pause after a failure is in memory; a restarted worker tries at once.
        assert Scheduler([job], SETTINGS).run_due(MONDAY_7AM_LOCAL) == ["test-daily-flaky"]
        queued = db.session.scalar(
            sa.select(sa.func.count()).where(OutgoingEmail.recipient == "flaky-job@test.example")
        )
    assert queued == 1 and _runs(app, "test-daily-flaky") == ["2026-12-07"]


def test_immediate_jobs_run_every_pass_within_their_spacing(app):
    calls = []
    job = _counting_job("test-immediate", calls, Cadence.IMMEDIATELY)
    with app.app_context():
        scheduler = Scheduler([job], ScheduleSettings(SETTINGS.daily_at, SETTINGS.weekly_on, immediate_seconds=0))
        scheduler.run_due(MONDAY_7AM_LOCAL)
        scheduler.run_due(MONDAY_7AM_LOCAL)
        spaced = Scheduler([job], SETTINGS)
        spaced.run_due(MONDAY_7AM_LOCAL)
        spaced.run_due(MONDAY_7AM_LOCAL)
    assert len(calls) == 3
    assert _runs(app, "test-immediate") == []


def test_the_registry_expires_listings_daily(app, make_listing):
    listing_id = make_listing(status="published")
    with app.app_context():
        listing = db.session.get(Listing, listing_id)
        now = datetime.now(UTC)
        listing.expires_on = local_today(now) - timedelta(days=1)
        db.session.commit()
        assert "listings-expiry" in Scheduler(JOBS, SETTINGS).run_due(now)
        assert db.session.get(Listing, listing_id).status == ListingStatus.EXPIRED


def test_the_worker_delivers_mail_that_a_job_queued(app, smtp_server):
    def digest(now):
        send_mail("digest-reader@test.example", "Bản tin / Digest", "Hai ưu đãi mới. / Two new offers.")

    postpone_queued_mail(app)
    worker = Worker(app, jobs=[Job("test-digest", Cadence.IMMEDIATELY, digest)])
    with app.app_context():
        worker.run_pass()
        worker.run_pass()
    [message] = smtp_server.recorder.to("digest-reader@test.example")
    assert "Two new offers." in message.get_body().get_content()


def test_every_registered_job_runs_on_the_demo_data(app, search_prefix):
    names = {job.name for job in JOBS}
    assert {"alerts-daily", "inquiry-reminders", "ip-deadline-reminders", "review-queue-digest"} <= names
    with app.app_context():
        for job in JOBS:
            job.run(datetime.now(UTC))
            db.session.commit()
