"""``techport alerts run|reminders|digest``: the alert jobs by hand (the worker's scheduler runs them too)."""

import click
from flask.cli import with_appcontext

from techport.models_common import utcnow


@click.group("alerts")
def alerts_group():
    """Saved-search alerts, expiry reminders and the review digest."""


@alerts_group.command("run")
@click.option("--period", type=click.Choice(["immediately", "daily", "weekly"]), required=True)
@with_appcontext
def run_command(period: str):
    """Send the alerts of one frequency; running it again sends only what is new since."""
    from techport.alerts.services import run_alerts

    click.echo(f"{run_alerts(period, utcnow())} alert message(s) sent.")


@alerts_group.command("reminders")
@with_appcontext
def reminders_command():
    """Remind owners 30 and 7 days before their listings expire (each reminder once)."""
    from techport.alerts.reminders import send_expiry_reminders

    click.echo(f"{send_expiry_reminders(utcnow())} expiry reminder(s) sent.")


@alerts_group.command("digest")
@with_appcontext
def digest_command():
    """Send the curators today's review-queue digest, unless it went out already or the queue is empty."""
    from techport.alerts.reminders import send_review_digest

    click.echo(f"{send_review_digest(utcnow())} digest message(s) sent.")
