"""Delivering the ``outgoing_emails`` outbox: claim, send over SMTP, record the outcome.

**At most once.** A message is claimed (status ``sending``, ``claimed_at``, one more attempt) and that
claim is committed *before* the SMTP conversation; the outcome is committed right after it. A worker
that dies while talking to the server therefore leaves the message ``sending``: it may or may not have
been delivered, and it is never sent again by itself. After ``TECHPORT_MAIL_SENDING_TIMEOUT_SECONDS``
it is marked ``failed`` with "outcome unknown" for a person to check and, if need be, send again with
``techport mail retry`` (same Message-ID). We chose this over at-least-once because the mail is alerts,
reminders and account links: a duplicate reaches a person's inbox (Message-ID deduplication by
receivers is not something to rely on), while the crash window is one SMTP transaction, rare, and
visible in ``techport mail status``. The same holds when the connection breaks during DATA.

Everything that proves the message was *not* taken (server unreachable, refused at MAIL/RCPT, a 4xx
reply) puts it back to ``pending`` with exponential backoff; a 5xx reply, or ``TECHPORT_MAIL_MAX_ATTEMPTS``
attempts, marks it ``failed`` with the error. When the server cannot be reached at all, every due
message records the error and the attempt, and waits.

**Claims.** One message per claim transaction. On PostgreSQL the candidate row is read with
``FOR UPDATE SKIP LOCKED``, so several workers share the outbox without waiting on each other. On
SQLite (one writer at a time: transactions begin IMMEDIATE, see techport/extensions.py) the claim is a
compare-and-set ``UPDATE ... WHERE status = 'pending'``; the row count tells whether this worker won,
which also guards PostgreSQL.
"""

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from techport.accounts.models import MailStatus, OutgoingEmail
from techport.extensions import db
from techport.mail_delivery import smtp
from techport.models_common import utcnow

log = logging.getLogger(__name__)

RETRY_MAX_SECONDS = 3600.0
ERROR_MAX = 2000
OUTCOME_UNKNOWN = "outcome unknown"


@dataclass
class DeliveryOutcome:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    unknown: int = 0
    # Due messages that waited because the server could not be reached.
    waiting: int = 0
    server_error: str | None = None


@dataclass(frozen=True)
class DeliverySettings:
    sender: str
    batch_size: int
    max_attempts: int
    retry_seconds: float
    sending_timeout: timedelta

    @classmethod
    def from_config(cls, config) -> "DeliverySettings":
        return cls(
            sender=config["MAIL_SENDER"],
            batch_size=config["MAIL_BATCH_SIZE"],
            max_attempts=config["MAIL_MAX_ATTEMPTS"],
            retry_seconds=config["MAIL_RETRY_SECONDS"],
            sending_timeout=timedelta(seconds=config["MAIL_SENDING_TIMEOUT_SECONDS"]),
        )


def retry_delay(attempts: int, base_seconds: float) -> timedelta:
    """Exponential backoff: base, 2×base, 4×base … at most one hour."""
    return timedelta(seconds=min(base_seconds * 2 ** max(attempts - 1, 0), RETRY_MAX_SECONDS))


def _due(now: datetime):
    return sa.and_(OutgoingEmail.status == MailStatus.PENDING, OutgoingEmail.next_attempt_at <= now)


def claim_next(now: datetime) -> OutgoingEmail | None:
    """Claim the next due message and commit the claim; None when nothing is due."""
    while True:
        query = sa.select(OutgoingEmail.id).where(_due(now)).order_by(OutgoingEmail.next_attempt_at, OutgoingEmail.id)
        if db.session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        message_id = db.session.scalar(query.limit(1))
        if message_id is None:
            db.session.rollback()
            return None
        claimed = db.session.execute(
            sa.update(OutgoingEmail)
            .where(OutgoingEmail.id == message_id, OutgoingEmail.status == MailStatus.PENDING)
            .values(status=MailStatus.SENDING, claimed_at=now, attempts=OutgoingEmail.attempts + 1)
        )
        db.session.commit()
        if claimed.rowcount == 1:
            return db.session.get(OutgoingEmail, message_id)


def _record_refusal(message: OutgoingEmail, error: Exception, settings: DeliverySettings, now: datetime) -> bool:
    """A definite refusal: retried later with backoff, or failed for good; True when failed."""
    message.last_error = f"{type(error).__name__}: {error}"[:ERROR_MAX]
    message.claimed_at = None
    if smtp.permanent(error) or message.attempts >= settings.max_attempts:
        message.status = MailStatus.FAILED
        log.error("mail %s to %s failed after %s attempts: %s", message.id, message.recipient, message.attempts, error)
        return True
    message.status = MailStatus.PENDING
    message.next_attempt_at = now + retry_delay(message.attempts, settings.retry_seconds)
    return False


def wait_for_server(error: Exception, settings: DeliverySettings, now: datetime) -> int:
    """The server cannot be reached: every due message records the error and one more attempt, and waits."""
    text = f"SMTP server unreachable: {type(error).__name__}: {error}"[:ERROR_MAX]
    waiting = db.session.scalars(sa.select(OutgoingEmail).where(_due(now)).order_by(OutgoingEmail.id)).all()
    for message in waiting:
        message.attempts += 1
        message.last_error = text
        if message.attempts >= settings.max_attempts:
            message.status = MailStatus.FAILED
        else:
            message.next_attempt_at = now + retry_delay(message.attempts, settings.retry_seconds)
    db.session.commit()
    return len(waiting)


def fail_stale_sending(settings: DeliverySettings, now: datetime) -> int:
    """Messages left ``sending`` by a worker that died mid-send: failed, outcome unknown, never re-sent."""
    stale = db.session.scalars(
        sa.select(OutgoingEmail).where(
            OutgoingEmail.status == MailStatus.SENDING, OutgoingEmail.claimed_at < now - settings.sending_timeout
        )
    ).all()
    for message in stale:
        message.status = MailStatus.FAILED
        message.last_error = (
            f"{OUTCOME_UNKNOWN}: the sender stopped while delivering it (claimed {message.claimed_at.isoformat()}); "
            f"check the SMTP server's log, then `techport mail retry --id {message.id}` to send it again"
        )
        log.error("mail %s to %s: %s", message.id, message.recipient, OUTCOME_UNKNOWN)
    db.session.commit()
    return len(stale)


def _deliver_one(
    connection: smtplib.SMTP, message: OutgoingEmail, settings: DeliverySettings, outcome: DeliveryOutcome, now
) -> bool:
    """Send one claimed message and commit its outcome; False when the connection is no longer usable."""
    usable = True
    try:
        smtp.transmit(connection, smtp.build_message(message, settings.sender, now))
    except smtp.OutcomeUnknown as error:
        message.status, message.last_error = MailStatus.FAILED, f"{OUTCOME_UNKNOWN}: {error}"[:ERROR_MAX]
        outcome.unknown += 1
        usable = False
    except (OSError, smtplib.SMTPException) as error:
        if _record_refusal(message, error, settings, now):
            outcome.failed += 1
        else:
            outcome.retried += 1
        usable = isinstance(error, smtplib.SMTPResponseException | smtplib.SMTPRecipientsRefused)
    else:
        message.status, message.sent_at, message.last_error = MailStatus.SENT, utcnow(), None
        outcome.sent += 1
    db.session.commit()
    return usable


def deliver_pending(config=None, now: datetime | None = None) -> DeliveryOutcome:
    """One delivery pass: fail stale claims, then send up to ``TECHPORT_MAIL_BATCH_SIZE`` due messages."""
    config = config or current_app.config
    settings = DeliverySettings.from_config(config)
    server = smtp.configured_server(config)
    now = now or utcnow()
    outcome = DeliveryOutcome(unknown=fail_stale_sending(settings, now))
    if not db.session.scalar(sa.select(sa.exists().where(_due(now)))):
        return outcome
    try:
        connection = smtp.connect(server)
    except (OSError, smtplib.SMTPException) as error:
        outcome.server_error = f"{type(error).__name__}: {error}"
        outcome.waiting = wait_for_server(error, settings, now)
        log.warning(
            "SMTP server %s:%s unreachable (%s); %s messages wait", server.host, server.port, error, outcome.waiting
        )
        return outcome
    try:
        for _ in range(settings.batch_size):
            message = claim_next(now)
            if message is None or not _deliver_one(connection, message, settings, outcome, now):
                break
    finally:
        smtp.close_quietly(connection)
    return outcome


def retry_failed(message_ids: list[int] | None = None) -> int:
    """Queue failed messages (all, or those of ``message_ids``) again with their attempts reset."""
    query = sa.update(OutgoingEmail).where(OutgoingEmail.status == MailStatus.FAILED)
    if message_ids:
        query = query.where(OutgoingEmail.id.in_(message_ids))
    result = db.session.execute(
        query.values(status=MailStatus.PENDING, attempts=0, next_attempt_at=utcnow(), claimed_at=None)
    )
    db.session.commit()
    return result.rowcount
