"""``techport inquiries``: the demo inquiries and the daily reminders."""

import click
from flask.cli import with_appcontext


@click.group("inquiries")
def inquiries_group():
    """Manage inquiries and the deal pipeline."""


@inquiries_group.command("seed-demo")
@with_appcontext
def seed_demo_command():
    """Load the demo inquiries (run after the demo listings; safe to run again)."""
    from techport.inquiries.demo import seed_demo_inquiries

    report = seed_demo_inquiries()
    for missing in report.missing:
        click.echo(f"skipped {missing}", err=True)
    click.echo(f"{report.inquiries} demo inquiry(ies)")


@inquiries_group.command("remind")
@with_appcontext
def remind_command():
    """Remind owners of inquiries unanswered for 3 and 7 days (each reminder once)."""
    from techport.inquiries.services import send_due_reminders
    from techport.models_common import utcnow

    click.echo(f"{send_due_reminders(utcnow())} reminder(s) sent")
