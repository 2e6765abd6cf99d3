"""Delivery of the outbox through a real SMTP server: headers, both languages, retries, exactly once."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from techport.accounts.models import MailStatus, OutgoingEmail
from techport.cli import main as cli
from techport.extensions import db
from techport.mail import send_bilingual_mail, send_mail
from techport.mail_delivery.outbox import claim_next, deliver_pending, retry_failed
from techport.mail_delivery.smtp import SMTPSettingsError, configured_server, server_from_url
from techport.models_common import utcnow
from tests.helpers import mail_to, postpone_queued_mail

_counter = iter(range(1, 1_000_000))


def _recipient() -> str:
    return f"reader{next(_counter)}@mail-test.example"


def _queue(app, recipient: str, **kwargs) -> None:
    with app.app_context():
        send_mail(recipient, kwargs.get("subject", "Chào / Hello"), kwargs.get("body", "Nội dung"))
        db.session.commit()


def _deliver(app, now=None):
    with app.app_context():
        return deliver_pending(now=now)


def test_a_bilingual_mail_arrives_with_its_headers_once(app, smtp_server):
    postpone_queued_mail(app)
    recipient = _recipient()
    with app.app_context():
        send_bilingual_mail(
            [recipient],
            lambda: {"vi": "Ưu đãi mới: máy sấy", "en": "New offer: dryer"}[_locale()],
            lambda: {"vi": "Xem ưu đãi máy sấy cà phê.", "en": "See the coffee dryer offer."}[_locale()],
            unsubscribe_url="https://techport.example/unsubscribe/abc",
        )
        db.session.commit()

    outcome = _deliver(app)
    assert outcome.sent >= 1

    [message] = smtp_server.recorder.to(recipient)
    [row] = mail_to(app, recipient)
    assert message["Subject"] == "Ưu đãi mới: máy sấy / New offer: dryer"
    assert message["From"] == app.config["MAIL_SENDER"]
    assert message["Message-ID"] == row.message_id
    assert message["Date"]
    assert message["List-Unsubscribe"] == "<https://techport.example/unsubscribe/abc>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Xem ưu đãi máy sấy cà phê." in body and "See the coffee dryer offer." in body
    assert row.status == MailStatus.SENT and row.sent_at is not None and row.attempts == 1

    _deliver(app)
    assert len(smtp_server.recorder.to(recipient)) == 1


def _locale() -> str:
    from flask_babel import get_locale

    return str(get_locale())


def test_mail_without_unsubscribe_link_has_no_such_header(app, smtp_server):
    recipient = _recipient()
    _queue(app, recipient)
    _deliver(app)
    [message] = smtp_server.recorder.to(recipient)
    assert message["List-Unsubscribe"] is None and message["List-Unsubscribe-Post"] is None


def test_drill_server_down_mail_waits_then_goes_out_exactly_once(app, smtp_server):
    smtp_server.stop()
    recipients = [_recipient(), _recipient()]
    for recipient in recipients:
        _queue(app, recipient)
    now = utcnow()

    outcome = _deliver(app, now)
    assert outcome.server_error and outcome.waiting >= 2
    for recipient in recipients:
        [row] = mail_to(app, recipient)
        assert row.status == MailStatus.PENDING and row.attempts == 1
        assert "unreachable" in row.last_error and row.next_attempt_at > now

    # Still down a minute later: a second attempt is counted, the wait doubles.
    outcome = _deliver(app, now + timedelta(minutes=1))
    [row] = mail_to(app, recipients[0])
    assert row.attempts == 2 and row.next_attempt_at >= now + timedelta(minutes=1, seconds=60)

    smtp_server.start()
    # Before the retry time nothing is tried.
    _deliver(app, now + timedelta(minutes=1, seconds=1))
    assert smtp_server.recorder.to(recipients[0]) == []

    _deliver(app, now + timedelta(minutes=5))
    _deliver(app, now + timedelta(minutes=10))
    for recipient in recipients:
        assert len(smtp_server.recorder.to(recipient)) == 1
        [row] = mail_to(app, recipient)
        assert row.status == MailStatus.SENT and row.attempts == 3 and row.last_error is None


def test_a_permanent_refusal_fails_at_once_with_the_error(app, smtp_server):
    recipient = _recipient()
    smtp_server.recorder.refuse[recipient] = "550 5.1.1 No such mailbox"
    _queue(app, recipient)
    _deliver(app)
    [row] = mail_to(app, recipient)
    assert row.status == MailStatus.FAILED and "No such mailbox" in row.last_error and row.attempts == 1
    status = app.test_cli_runner().invoke(cli, ["mail", "status"])
    assert f"#{row.id} to {recipient} after 1 attempts" in status.output and "No such mailbox" in status.output


def test_a_temporary_refusal_retries_with_backoff_then_gives_up(app, smtp_server):
    recipient = _recipient()
    smtp_server.recorder.refuse[recipient] = "451 4.3.0 Try again later"
    app.config["MAIL_MAX_ATTEMPTS"] = 3
    try:
        _queue(app, recipient)
        now = utcnow()
        _deliver(app, now)
        [row] = mail_to(app, recipient)
        assert row.status == MailStatus.PENDING and row.attempts == 1 and "Try again later" in row.last_error
        assert row.next_attempt_at == now + timedelta(seconds=app.config["MAIL_RETRY_SECONDS"])
        _deliver(app, now + timedelta(hours=1))
        _deliver(app, now + timedelta(hours=2))
    finally:
        app.config["MAIL_MAX_ATTEMPTS"] = 10
    [row] = mail_to(app, recipient)
    assert row.status == MailStatus.FAILED and row.attempts == 3
    assert smtp_server.recorder.to(recipient) == []


def test_a_crash_during_the_send_is_never_resent_by_itself(app, smtp_server):
    """The claim is committed before SMTP: a message left "sending" becomes failed, outcome unknown."""
    recipient = _recipient()
    _queue(app, recipient)
    now = utcnow()
    with app.app_context():
        # Claim everything due (the shared database may hold others), as a worker that then dies would.
        claimed = []
        while (message := claim_next(now)) is not None:
            claimed.append(message.id)
    [row] = mail_to(app, recipient)
    assert row.id in claimed and row.status == MailStatus.SENDING

    _deliver(app, now + timedelta(seconds=30))
    assert mail_to(app, recipient)[0].status == MailStatus.SENDING
    _deliver(app, now + timedelta(seconds=app.config["MAIL_SENDING_TIMEOUT_SECONDS"] + 1))
    [row] = mail_to(app, recipient)
    assert row.status == MailStatus.FAILED and row.last_error.startswith("outcome unknown")
    assert smtp_server.recorder.to(recipient) == []

    with app.app_context():
        assert retry_failed([row.id]) == 1
    _deliver(app)
    [message] = smtp_server.recorder.to(recipient)
    assert message["Message-ID"] == row.message_id


def test_two_claimers_never_take_the_same_message(app):
    recipient = _recipient()
    _queue(app, recipient)
    with app.app_context():
        [row_id] = db.session.scalars(sa.select(OutgoingEmail.id).where(OutgoingEmail.recipient == recipient))
        first = db.session.execute(
            sa.update(OutgoingEmail)
            .where(OutgoingEmail.id == row_id, OutgoingEmail.status == MailStatus.PENDING)
            .values(status=MailStatus.SENDING, claimed_at=utcnow())
        )
        db.session.commit()
        assert first.rowcount == 1
        claimed = []
        while (message := claim_next(utcnow())) is not None:
            claimed.append(message.id)
        assert row_id not in claimed


def test_the_send_pending_command_reports_and_fails_when_the_server_is_down(app, smtp_server):
    recipient = _recipient()
    _queue(app, recipient)
    runner = app.test_cli_runner()
    result = runner.invoke(cli, ["mail", "send-pending"])
    assert result.exit_code == 0, result.output
    assert "sent: " in result.output and len(smtp_server.recorder.to(recipient)) == 1

    smtp_server.stop()
    _queue(app, _recipient())
    result = runner.invoke(cli, ["mail", "send-pending"])
    assert result.exit_code != 0 and "unreachable" in result.output


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://127.0.0.1:8025", ("127.0.0.1", 8025, False, False, None, None)),
        ("smtp://user%40x:p%3Ass@mail.example:587?starttls=1", ("mail.example", 587, False, True, "user@x", "p:ss")),
        ("smtps://u:p@mail.example", ("mail.example", 465, True, False, "u", "p")),
    ],
)
def test_smtp_urls(url, expected):
    server = server_from_url(url)
    assert (server.host, server.port, server.implicit_tls, server.starttls, server.username, server.password) == (
        expected
    )


def test_bad_smtp_url_and_production_without_one_are_refused():
    with pytest.raises(SMTPSettingsError):
        server_from_url("http://mail.example")
    with pytest.raises(SMTPSettingsError, match="production"):
        configured_server({"TECHPORT_ENV": "production", "SMTP_URL": None})
    assert configured_server({"TECHPORT_ENV": "development", "SMTP_URL": None, "SMTP_SINK_PORT": 8025}).port == 8025


def test_a_subject_longer_than_the_outbox_keeps_is_cut_with_an_ellipsis(app, smtp_server):
    recipient, title = _recipient(), "Hệ thống quan trắc tự động chất lượng nước " * 8
    with app.app_context():
        send_mail(recipient, f"Yêu cầu mới về “{title}” / New inquiry about “{title}”", "Body")
        db.session.commit()
    _deliver(app)
    [message] = smtp_server.recorder.to(recipient)
    subject = str(message["Subject"])
    assert len(subject) <= 255 and subject.endswith("…")
    assert subject.startswith("Yêu cầu mới về “Hệ thống quan trắc")
