"""``techport worker`` and ``techport mail send-pending|status|retry|sink``."""

import signal
import threading

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("worker")
@with_appcontext
def worker_command():
    """Deliver mail and run the daily, weekly and immediate jobs until SIGTERM or Ctrl-C."""
    from techport.logging_setup import configure_logging
    from techport.mail_delivery.smtp import SMTPSettingsError
    from techport.worker.loop import Worker

    configure_logging(current_app.config["LOG_FORMAT"], "%(asctime)s worker %(levelname)s %(message)s")
    try:
        worker = Worker(current_app._get_current_object())
    except (SMTPSettingsError, ValueError) as error:
        raise click.ClickException(str(error)) from None
    worker.install_signal_handlers()
    worker.run()


@click.group("mail")
def mail_group():
    """The mail outbox and the development SMTP sink."""


@mail_group.command("send-pending")
@with_appcontext
def send_pending_command():
    """Run one delivery pass over the outbox now."""
    from techport.mail_delivery.outbox import deliver_pending
    from techport.mail_delivery.smtp import SMTPSettingsError

    try:
        outcome = deliver_pending()
    except SMTPSettingsError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"sent: {outcome.sent}, to retry: {outcome.retried}, failed: {outcome.failed}, "
        f"outcome unknown: {outcome.unknown}, waiting for the server: {outcome.waiting}"
    )
    if outcome.server_error:
        raise click.ClickException(f"SMTP server unreachable: {outcome.server_error}")


@mail_group.command("status")
@click.option("--failed", "show_failed", type=int, default=20, show_default=True, help="Failed messages to list.")
@with_appcontext
def status_command(show_failed: int):
    """Messages per status, and the latest failed ones with their error."""
    import sqlalchemy as sa

    from techport.accounts.models import MailStatus, OutgoingEmail
    from techport.extensions import db

    counts = dict(
        db.session.execute(sa.select(OutgoingEmail.status, sa.func.count()).group_by(OutgoingEmail.status)).all()
    )
    for status in MailStatus:
        click.echo(f"{status.value}: {counts.get(status, 0)}")
    failed = db.session.scalars(
        sa.select(OutgoingEmail)
        .where(OutgoingEmail.status == MailStatus.FAILED)
        .order_by(OutgoingEmail.id.desc())
        .limit(show_failed)
    )
    for message in failed:
        click.echo(f"  #{message.id} to {message.recipient} after {message.attempts} attempts: {message.last_error}")


@mail_group.command("retry")
@click.option("--id", "message_ids", type=int, multiple=True, help="Message id (repeatable); all failed if none.")
@with_appcontext
def retry_command(message_ids: tuple[int, ...]):
    """Queue failed messages again (same Message-ID), attempts reset."""
    from techport.mail_delivery.outbox import retry_failed

    click.echo(f"{retry_failed(list(message_ids))} failed messages queued again")


@mail_group.command("sink")
@click.option("--port", type=int, default=None, help="Port on 127.0.0.1 (default TECHPORT_SMTP_SINK_PORT).")
@with_appcontext
def sink_command(port: int | None):
    """Run the development SMTP sink on 127.0.0.1, storing caught mail for /dev/mail, until Ctrl-C."""
    if current_app.config["TECHPORT_ENV"] == "production":
        raise click.ClickException("the SMTP sink is for development; production delivers to TECHPORT_SMTP_URL")
    from techport.mail_delivery.sink import dev_mail_dir, start_sink

    directory = dev_mail_dir()
    controller = start_sink(directory, port or current_app.config["SMTP_SINK_PORT"])
    click.echo(f"SMTP sink on 127.0.0.1:{controller.port}, storing mail in {directory}")
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    stopping.wait()
    controller.stop()
