"""``techport exhibits seed-demo``: the demo exhibits of ``techport/demo/exhibits.json``.

Dates in the file are days from today, so the demo always has one exhibit on now and one coming up.
"""

import click
from flask.cli import with_appcontext


@click.group("exhibits")
def exhibits_group():
    """Manage Techmart Daily exhibits."""


@exhibits_group.command("seed-demo")
@with_appcontext
def seed_demo_command():
    """Load the demo exhibits (run after `techport import techport/demo/listings.jsonl`; safe to run again)."""
    from techport.exhibits.demo import seed_demo_exhibits

    report = seed_demo_exhibits()
    for missing in report.missing:
        click.echo(f"skipped {missing}: no such published listing", err=True)
    click.echo(f"{report.exhibits} exhibit(s), {report.items} item(s) on show")
