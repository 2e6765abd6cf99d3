"""Outgoing mail: queue messages in the ``outgoing_emails`` outbox, in the caller's transaction.

Nothing here talks SMTP. A message queued with a change commits or rolls back with it, and
``techport worker`` (techport/mail_delivery/) delivers the committed ones, retrying when the SMTP
server is away. Development and tests read the queued rows too.
"""

import logging
import uuid
from collections.abc import Callable
from email.utils import parseaddr

from flask import current_app
from flask_babel import force_locale

from techport.accounts.models import OutgoingEmail
from techport.extensions import db

log = logging.getLogger(__name__)
SUBJECT_MAX = OutgoingEmail.subject.property.columns[0].type.length


def fitted_subject(subject: str) -> str:
    """The subject cut to what the outbox keeps, with an ellipsis: a long listing title in a two-language
    subject must not make PostgreSQL refuse the message (SQLite would keep it whole)."""
    subject = " ".join(subject.split())
    return subject if len(subject) <= SUBJECT_MAX else subject[: SUBJECT_MAX - 1].rstrip() + "…"


def send_mail(recipient: str, subject: str, body: str, unsubscribe_url: str | None = None) -> OutgoingEmail:
    """Queue a message in the outbox; the caller's transaction commits it.

    ``unsubscribe_url`` becomes the message's ``List-Unsubscribe`` header.
    """
    message = OutgoingEmail(
        recipient=recipient,
        subject=fitted_subject(subject),
        body=body,
        list_unsubscribe=unsubscribe_url,
        message_id=new_message_id(),
    )
    db.session.add(message)
    if current_app.config["TECHPORT_ENV"] == "production":
        log.info("mail to %s: %s", recipient, subject)
    else:
        log.info("mail to %s: %s\n%s", recipient, subject, body)
    return message


def new_message_id() -> str:
    """A Message-ID in the sender's domain, fixed at queue time so a re-delivery keeps it. Its random part
    comes from the operating system: ``email.utils.make_msgid`` draws on the ``random`` module, which a
    seeded caller (Hypothesis seeds it per example) repeats, and two mails queued within the same
    hundredth of a second then got the same id."""
    sender_domain = parseaddr(current_app.config["MAIL_SENDER"])[1].rpartition("@")[2]
    return f"<{uuid.uuid4().hex}@{sender_domain or 'techport.invalid'}>"


def bilingual(message: Callable[[], str], separator: str) -> str:
    """Recipients' languages are unknown, so mail carries Vietnamese first and English after it."""
    texts = []
    for locale in ("vi", "en"):
        with force_locale(locale):
            texts.append(str(message()))
    return separator.join(texts)


def send_bilingual_mail(
    recipients: list[str], subject: Callable[[], str], body: Callable[[], str], unsubscribe_url: str | None = None
) -> None:
    """Queue one message per recipient; ``subject`` and ``body`` are called once per language."""
    subject_text = bilingual(subject, " / ")
    body_text = bilingual(body, "\n\n---\n\n")
    for recipient in recipients:
        send_mail(recipient, subject_text, body_text, unsubscribe_url)
