"""``techport import`` and ``techport export``: listings in JSON Lines (docs/listings-jsonl.md)."""

import json
import sys

import click
from flask.cli import with_appcontext


@click.command("import")
@click.argument("source", type=click.File("r", encoding="utf-8"))
@click.option("--dry-run", is_flag=True, help="Validate and report without saving anything.")
@with_appcontext
def import_command(source, dry_run: bool):
    """Import listings from a JSON Lines FILE ('-' for standard input); upserts by organisation and external id."""
    from techport.listings.transfer import import_lines

    report = import_lines(source, dry_run=dry_run)
    for error in report.errors:
        click.echo(f"{source.name}:{error.line_number}: {error.reason}", err=True)
    click.echo(
        f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged, "
        f"{len(report.errors)} failed ({'dry run: nothing saved' if dry_run else 'good lines saved'})"
    )
    if report.errors:
        sys.exit(1)


@click.command("export")
@click.option(
    "--output",
    "-o",
    type=click.File("w", encoding="utf-8"),
    default="-",
    help="File to write (default: standard output).",
)
@with_appcontext
def export_command(output):
    """Export every listing as JSON Lines."""
    from techport.listings.transfer import export_records

    for record in export_records():
        output.write(json.dumps(record, ensure_ascii=False) + "\n")
