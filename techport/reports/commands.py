"""``techport reports build``: the periodic report as a file, e.g. from a monthly cron."""

from datetime import date
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale


@click.group("reports")
def reports_group():
    """The exchange's periodic reports."""


@reports_group.command("build")
@click.option("--period", "code", required=True, help="2026-Q4, 2026-11, 2026 or 2026-01-01..2026-03-31")
@click.option("--format", "file_format", type=click.Choice(["xlsx", "pdf"]), default="xlsx", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@with_appcontext
def build_command(code: str, file_format: str, output: Path):
    """Write the activity and trend report of a period (in Vietnamese) to OUTPUT."""
    from techport.progress import progress
    from techport.reports.exports import pdf_bytes, workbook_bytes
    from techport.reports.periods import PeriodError, period_from_code
    from techport.reports.sections import build_report

    with force_locale("vi"):
        try:
            period = period_from_code(code)
        except PeriodError as problem:
            raise click.BadParameter(str(problem), param_hint="--period") from None
        # Two steps: the figures (the database queries), then the file.
        with progress("report", 2) as advance:
            report = build_report(period, date.today())
            advance(1)
            if file_format == "pdf":
                # The page template's context processors expect a request (e.g. the signed-in user).
                with current_app.test_request_context():
                    output.write_bytes(pdf_bytes(report))
            else:
                output.write_bytes(workbook_bytes(report))
            advance(1)
    click.echo(f"{output} written ({file_format}, {period.code})")


@reports_group.command("seed-demo")
@with_appcontext
def seed_demo_command():
    """Fill the search log with the demo searches, each run against the index (after `techport search reindex`)."""
    from datetime import UTC, datetime

    from techport.reports.demo import seed_demo_search_log

    count = seed_demo_search_log(datetime.now(UTC))
    click.echo(f"{count} demo searches logged")


@reports_group.command("refresh")
@with_appcontext
def refresh_command():
    """Rebuild now the kept reports of the standard periods that are due (what the worker does on its own)."""
    from techport.models_common import utcnow
    from techport.reports.stored import refresh_stored_reports

    refreshed = refresh_stored_reports(utcnow())
    click.echo(f"reports rebuilt: {', '.join(refreshed)}" if refreshed else "no report was due")
