"""The loop behind ``techport worker``: deliver the mail outbox, then run the due periodic jobs, then pause.

The indexer stays its own process (``techport indexer run``): it must keep up within a second while
jobs may take minutes, and each can be restarted or scaled alone. Mail queued by a job goes out on the
next pass. Database or SMTP trouble is logged and waited out; the loop never dies of it.
"""

import logging
import signal
import threading
from collections.abc import Iterable

from flask import Flask
from sqlalchemy.exc import DBAPIError

from techport.extensions import db
from techport.mail_delivery.outbox import deliver_pending
from techport.mail_delivery.smtp import configured_server
from techport.ops.heartbeats import WORKER, Heartbeat
from techport.worker.schedule import Job, Scheduler, ScheduleSettings

log = logging.getLogger(__name__)

OUTAGE_MAX_SECONDS = 60.0


class Worker:
    """Runs passes until stopped (SIGTERM, SIGINT or ``stop()``)."""

    def __init__(self, app: Flask, jobs: Iterable[Job] | None = None):
        if jobs is None:
            from techport.worker.jobs import JOBS

            jobs = JOBS
        self.app = app
        self.scheduler = Scheduler(jobs, ScheduleSettings.from_config(app.config))
        self.stopping = threading.Event()
        self.heartbeat = Heartbeat(WORKER)
        # Fails at start-up, not at the first message, when production names no SMTP server.
        configured_server(app.config)

    def stop(self, *_signal_args) -> None:
        self.stopping.set()

    def install_signal_handlers(self) -> None:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)

    def run_pass(self) -> None:
        """Deliver due mail, then run due jobs; raises database errors to the loop."""
        outcome = deliver_pending(self.app.config)
        if outcome.sent or outcome.retried or outcome.failed or outcome.unknown:
            log.info(
                "mail: %s sent, %s to retry, %s failed, %s outcome unknown",
                outcome.sent,
                outcome.retried,
                outcome.failed,
                outcome.unknown,
            )
        ran = self.scheduler.run_due()
        if ran:
            log.info("jobs run: %s", ", ".join(ran))

    def run(self) -> None:
        poll = self.app.config["WORKER_POLL_SECONDS"]
        outage_wait = poll
        with self.app.app_context():
            log.info("worker started: %s jobs, a pass every %.0f s", len(self.scheduler.jobs), poll)
            while not self.stopping.is_set():
                self.heartbeat.beat_if_due()
                try:
                    self.run_pass()
                except DBAPIError as error:
                    db.session.rollback()
                    log.warning("database unavailable (%s); retrying in %.0f s", error, outage_wait)
                    self.stopping.wait(outage_wait)
                    outage_wait = min(outage_wait * 2, OUTAGE_MAX_SECONDS)
                    continue
                outage_wait = poll
                self.stopping.wait(poll)
            log.info("worker stopped")
