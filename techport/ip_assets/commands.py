"""``techport ip-register seed-demo`` and ``techport ip-register remind`` (run daily by the worker)."""

from datetime import UTC, datetime

import click
from flask.cli import with_appcontext


@click.group("ip-register")
def ip_register_group():
    """The universities' IP registers."""


@ip_register_group.command("seed-demo")
@with_appcontext
def seed_demo_command():
    """Give every demo university a small register (safe to run again)."""
    from techport.ip_assets.demo import seed_demo_registers

    click.echo(f"{seed_demo_registers()} register(s) seeded")


@ip_register_group.command("remind")
@with_appcontext
def remind_command():
    """Send the deadline reminders due today (90, 30 and 7 days ahead); safe to run more than once a day."""
    from techport.ip_assets.reminders import send_deadline_reminders

    click.echo(f"{send_deadline_reminders(datetime.now(UTC))} reminder(s) sent")
