"""The periodic jobs ``techport worker`` runs: one line per job.

Each job is ``Job(name, cadence, run)``; ``run(now)`` gets the aware UTC time of the pass, works in the
current database session and leaves the commit to the scheduler (techport/worker/schedule.py), so its
period key and its queued mail commit together. The name is the key in ``job_runs``: renaming a job
makes it run again for the current period.
"""

from techport.alerts.reminders import send_expiry_reminders, send_review_digest
from techport.alerts.services import run_alerts
from techport.events.registrations import send_event_reminders
from techport.inquiries.reminders import send_due_reminders
from techport.ip_assets.reminders import send_deadline_reminders
from techport.listings.workflow import expire_lazily
from techport.reports.search_log import ingest_spools, prune_search_log
from techport.reports.stored import refresh_stored_reports
from techport.worker.schedule import Cadence, Job, local_today

JOBS: list[Job] = [
    Job("listings-expiry", Cadence.DAILY, lambda now: expire_lazily(local_today(now))),
    Job("alerts-immediately", Cadence.IMMEDIATELY, lambda now: run_alerts("immediately", now)),
    Job("alerts-daily", Cadence.DAILY, lambda now: run_alerts("daily", now)),
    Job("alerts-weekly", Cadence.WEEKLY, lambda now: run_alerts("weekly", now)),
    Job("listing-expiry-reminders", Cadence.DAILY, send_expiry_reminders),
    Job("review-queue-digest", Cadence.DAILY, send_review_digest),
    Job("inquiry-reminders", Cadence.DAILY, send_due_reminders),
    Job("ip-deadline-reminders", Cadence.DAILY, send_deadline_reminders),
    Job("event-reminders", Cadence.DAILY, send_event_reminders),
    Job("reports-spool-ingest", Cadence.IMMEDIATELY, ingest_spools),
    Job("search-log-prune", Cadence.DAILY, prune_search_log),
    Job("reports-refresh", Cadence.IMMEDIATELY, refresh_stored_reports),
]
