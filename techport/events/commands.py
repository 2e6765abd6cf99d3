"""``techport events seed-demo``: one past and one upcoming "Cà phê công nghệ" with registrations."""

import click
from flask.cli import with_appcontext


@click.group("events")
def events_group():
    """Manage connection events."""


@events_group.command("seed-demo")
@with_appcontext
def seed_demo_command():
    """Load the demo events (run after the demo listings are imported; safe to run again)."""
    from techport.events.demo import seed_demo_events

    report = seed_demo_events()
    for missing in report.missing:
        click.echo(f"skipped {missing}: not found", err=True)
    click.echo(f"{report.events} event(s), {report.registrations} registration(s) added")
