"""Outgoing mail.

There is no SMTP relay yet: every message is logged and stored in the
``outgoing_emails`` table, which is where development and tests read it.
"""

import logging
from collections.abc import Callable

from flask import current_app
from flask_babel import force_locale

from techport.accounts.models import OutgoingEmail
from techport.extensions import db

log = logging.getLogger(__name__)


def send_mail(recipient: str, subject: str, body: str, unsubscribe_url: str | None = None) -> OutgoingEmail:
    """Queue a message in the outbox; the caller's transaction commits it.

    ``unsubscribe_url`` becomes the message's ``List-Unsubscribe`` header.
    """
    message = OutgoingEmail(recipient=recipient, subject=subject, body=body, list_unsubscribe=unsubscribe_url)
    db.session.add(message)
    if current_app.config["TECHPORT_ENV"] == "production":
        log.info("mail to %s: %s", recipient, subject)
    else:
        log.info("mail to %s: %s\n%s", recipient, subject, body)
    return message


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
