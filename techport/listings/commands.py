"""``techport import`` (JSON Lines, CSV or XLSX) and ``techport export`` (JSON Lines): docs/listings-jsonl.md."""

import json
import sys

import click
from flask.cli import with_appcontext

# A spreadsheet is read whole; JSON Lines streams.
SPREADSHEET_MAX_ROWS = 100_000


@click.command("import")
@click.argument("source", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--dry-run", is_flag=True, help="Validate and report without saving anything.")
@with_appcontext
def import_command(source: str, dry_run: bool):
    """Import listings from a JSON Lines, CSV or XLSX FILE ('-': JSON Lines on standard input).

    Upserts by organisation and external id; a bad row is reported by its number and the others are kept."""
    from techport.listings import spreadsheets
    from techport.listings.transfer import import_lines, import_rows

    suffix = source.rsplit(".", 1)[-1].lower()
    if suffix in {"csv", "xlsx"}:
        with open(source, "rb") as stream:
            data = stream.read()
        reader = spreadsheets.read_csv if suffix == "csv" else spreadsheets.read_xlsx
        try:
            report = import_rows(list(reader(data, SPREADSHEET_MAX_ROWS)), dry_run=dry_run)
        except spreadsheets.SpreadsheetError as error:
            raise click.ClickException(f"{source}: {error}") from error
    else:
        with click.open_file(source, "r", encoding="utf-8") as stream:
            report = import_lines(stream, dry_run=dry_run)
    for error in report.errors:
        click.echo(f"{source}:{error.line_number}: {error.reason}", err=True)
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
