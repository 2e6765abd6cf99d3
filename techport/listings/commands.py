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
    from techport.progress import progress

    suffix = source.rsplit(".", 1)[-1].lower()
    if suffix in {"csv", "xlsx"}:
        with open(source, "rb") as stream:
            data = stream.read()
        reader = spreadsheets.read_csv if suffix == "csv" else spreadsheets.read_xlsx
        try:
            rows = list(reader(data, SPREADSHEET_MAX_ROWS))
        except spreadsheets.SpreadsheetError as error:
            raise click.ClickException(f"{source}: {error}") from error
        with progress("import", len(rows)) as advance:
            report = import_rows(rows, dry_run=dry_run, progress=advance)
    else:
        with (
            click.open_file(source, "r", encoding="utf-8") as stream,
            progress("import", _records_in(source)) as advance,
        ):
            report = import_lines(stream, dry_run=dry_run, progress=advance)
    for error in report.errors:
        click.echo(f"{source}:{error.line_number}: {error.reason}", err=True)
    click.echo(
        f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged, "
        f"{len(report.errors)} failed ({'dry run: nothing saved' if dry_run else 'good lines saved'})"
    )
    if report.errors:
        sys.exit(1)


def _records_in(source: str) -> int | None:
    """Lines holding a record in a JSON Lines file (the progress bar's total); unknown for standard input."""
    if source == "-":
        return None
    with open(source, encoding="utf-8", errors="replace") as stream:
        return sum(1 for line in stream if line.strip() and not line.lstrip().startswith("#"))


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
    from techport.listings.transfer import count_listings, export_records
    from techport.progress import progress

    to_file = output.name != "<stdout>"
    exported = 0
    with progress("export", count_listings(), plain_lines=to_file) as advance:
        for record in export_records():
            output.write(json.dumps(record, ensure_ascii=False) + "\n")
            exported += 1
            advance(1)
    if to_file:
        click.echo(f"{exported} listings written to {output.name}")
