"""``techport reports build``: the periodic report as a file, e.g. from a monthly cron."""

from datetime import date
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import force_locale


@click.group("reports")
def reports_group():
    """The exchange's periodic reports."""


@reports_group.command("build")
@click.option("--period", "code", required=True, help="2026-Q4, 2026-11, 2026 or 2026-01-01..2026-03-31")
@click.option("--format", "file_format", type=click.Choice(["xlsx"]), default="xlsx", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@with_appcontext
def build_command(code: str, file_format: str, output: Path):
    """Write the activity and trend report of a period (in Vietnamese) to OUTPUT."""
    from techport.reports.exports import workbook_bytes
    from techport.reports.periods import PeriodError, period_from_code
    from techport.reports.sections import build_report

    with force_locale("vi"):
        try:
            period = period_from_code(code)
        except PeriodError as problem:
            raise click.BadParameter(str(problem), param_hint="--period") from None
        output.write_bytes(workbook_bytes(build_report(period, date.today())))
    click.echo(f"{output} written ({file_format}, {period.code})")
