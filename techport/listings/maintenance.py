"""``techport listings expire``: marks overdue listings expired (pages already hide them once overdue)."""

import click
from flask.cli import with_appcontext


@click.group("listings")
def listings_group():
    """Maintain listings."""


@listings_group.command("expire")
@with_appcontext
def expire_command():
    """Mark published listings whose 12 months are over as expired (run daily, e.g. from cron)."""
    from techport.listings.workflow import expire_lazily

    expired = expire_lazily()
    click.echo(f"{expired} listing(s) expired.")
