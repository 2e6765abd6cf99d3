"""Outgoing mail.

There is no SMTP relay yet: every message is logged and stored in the
``outgoing_emails`` table, which is where development and tests read it.
"""

import logging

from flask import current_app

from techport.accounts.models import OutgoingEmail
from techport.extensions import db

log = logging.getLogger(__name__)


def send_mail(recipient: str, subject: str, body: str) -> OutgoingEmail:
    """Queue a message in the outbox; the caller's transaction commits it."""
    message = OutgoingEmail(recipient=recipient, subject=subject, body=body)
    db.session.add(message)
    if current_app.config["TECHPORT_ENV"] == "production":
        log.info("mail to %s: %s", recipient, subject)
    else:
        log.info("mail to %s: %s\n%s", recipient, subject, body)
    return message
