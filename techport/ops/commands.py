"""``techport doctor``."""

import logging
import sys

import click
from flask.cli import with_appcontext


@click.command("doctor")
@with_appcontext
def doctor_command():
    """Check the database, search, indexer, attachments, settings, mail and workers; exit 1 if any fails."""
    from techport.ops.doctor import run_checks

    # The checks' own lines say what failed; the libraries' log lines about it are noise here.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    logging.getLogger("elastic_transport").setLevel(logging.ERROR)
    checks = run_checks()
    for check in checks:
        click.echo(check.line())
    failed = [check.name for check in checks if not check.ok]
    click.echo(
        f"{len(checks) - len(failed)} of {len(checks)} checks passed"
        + (f"; failed: {', '.join(failed)}" if failed else "")
    )
    if failed:
        sys.exit(1)
