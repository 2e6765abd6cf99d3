"""The SMTP side of delivery: the server from ``TECHPORT_SMTP_URL`` and the message as it goes on the wire.

Only the standard library (smtplib, email): ``smtp://`` speaks plain SMTP, upgraded with STARTTLS when
``?starttls=1``; ``smtps://`` is TLS from the first byte. Each step of one message is its own call, so
the outbox can tell an error that proves the message was not taken (connection refused, a refused
sender or recipient, a 4xx/5xx reply) from one that leaves the outcome unknown (the connection lost
while the server was receiving the message).
"""

import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, parseaddr
from urllib.parse import parse_qs, unquote, urlsplit

from techport.accounts.models import OutgoingEmail

DEVELOPMENT_SMTP_URL = "smtp://127.0.0.1:8025"
TRUE_WORDS = ("1", "true", "yes", "on")


class SMTPSettingsError(ValueError):
    """``TECHPORT_SMTP_URL`` is missing where it is required, or cannot be understood."""


class OutcomeUnknown(Exception):
    """The connection failed while the server was receiving the message: it may or may not have been taken."""


@dataclass(frozen=True)
class SMTPServer:
    host: str
    port: int
    implicit_tls: bool = False
    starttls: bool = False
    username: str | None = None
    password: str | None = None
    timeout: float = 10.0


def server_from_url(url: str, timeout: float = 10.0) -> SMTPServer:
    """Parse ``smtp://user:pass@host:587?starttls=1`` or ``smtps://host:465`` (user and password URL-encoded)."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise SMTPSettingsError(f"TECHPORT_SMTP_URL must look like smtp://host:port or smtps://host:port, not {url!r}")
    implicit_tls = parts.scheme == "smtps"
    query = parse_qs(parts.query)
    starttls = query.get("starttls", ["0"])[-1].lower() in TRUE_WORDS
    return SMTPServer(
        host=parts.hostname,
        port=parts.port or (465 if implicit_tls else 25),
        implicit_tls=implicit_tls,
        starttls=starttls and not implicit_tls,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        timeout=timeout,
    )


def configured_server(config) -> SMTPServer:
    """The server of the app's settings; production must name one, development defaults to the local sink."""
    url = config.get("SMTP_URL")
    if not url:
        if config["TECHPORT_ENV"] == "production":
            raise SMTPSettingsError("TECHPORT_SMTP_URL must be set in production to deliver mail")
        url = f"smtp://127.0.0.1:{config.get('SMTP_SINK_PORT', 8025)}"
    return server_from_url(url, config.get("SMTP_TIMEOUT_SECONDS", 10.0))


def connect(server: SMTPServer) -> smtplib.SMTP:
    """An open, authenticated connection; raises OSError or SMTPException when the server cannot be used."""
    context = ssl.create_default_context()
    if server.implicit_tls:
        connection = smtplib.SMTP_SSL(server.host, server.port, timeout=server.timeout, context=context)
    else:
        connection = smtplib.SMTP(server.host, server.port, timeout=server.timeout)
    try:
        connection.ehlo()
        if server.starttls:
            connection.starttls(context=context)
            connection.ehlo()
        if server.username:
            connection.login(server.username, server.password or "")
    except BaseException:
        close_quietly(connection)
        raise
    return connection


def close_quietly(connection: smtplib.SMTP) -> None:
    try:
        connection.quit()
    except (OSError, smtplib.SMTPException):
        connection.close()


def build_message(outgoing: OutgoingEmail, sender: str, now: datetime) -> EmailMessage:
    """The message as sent: UTF-8 subject and body, the queued Message-ID, and one-click unsubscribe headers."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = outgoing.recipient
    message["Subject"] = outgoing.subject
    message["Date"] = format_datetime(now)
    message["Message-ID"] = outgoing.message_id
    if outgoing.list_unsubscribe:
        message["List-Unsubscribe"] = f"<{outgoing.list_unsubscribe}>"
        # RFC 8058: mail clients unsubscribe with a POST to the link, no page to fill in.
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(outgoing.body, charset="utf-8")
    return message


def transmit(connection: smtplib.SMTP, message: EmailMessage) -> None:
    """Send one message over an open connection.

    Raises ``smtplib.SMTPResponseException`` (a definite refusal, with its code) or another
    SMTPException / OSError when the message was certainly not taken (before DATA), and
    ``OutcomeUnknown`` when the connection broke during DATA.
    """
    sender = parseaddr(message["From"])[1]
    recipient = parseaddr(message["To"])[1]
    code, reply = connection.mail(sender)
    if code != 250:
        connection.rset()
        raise smtplib.SMTPSenderRefused(code, reply, sender)
    code, reply = connection.rcpt(recipient)
    if code not in (250, 251):
        connection.rset()
        raise smtplib.SMTPRecipientsRefused({recipient: (code, reply)})
    try:
        code, reply = connection.data(message.as_bytes(policy=SMTP))
    except smtplib.SMTPDataError:
        raise
    except (OSError, smtplib.SMTPException) as error:
        raise OutcomeUnknown(f"connection lost during DATA: {error!r}") from error
    if code != 250:
        raise smtplib.SMTPDataError(code, reply)


def permanent(error: Exception) -> bool:
    """A 5xx reply: the server will never take this message, so retrying only repeats the refusal."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _reply in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500
