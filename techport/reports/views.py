"""``/reports`` for curators and admins, with its exports, and the public summary at ``/stats``."""

from datetime import date

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from techport.accounts.permissions import require_moderator
from techport.extensions import db
from techport.listings.vocabulary import KIND_LABELS, SECTORS
from techport.models_common import utcnow
from techport.reports import exports, trends
from techport.reports.charts import chart_data, svg_bars
from techport.reports.periods import KINDS, PeriodError, current_quarter, period_fields, period_from_form
from techport.reports.sections import SECTION_KEYS
from techport.reports.stored import refresh_minutes, report_for, store_report
from techport.reports.tables import Table, label

bp = Blueprint("reports", __name__)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SECTIONS_ROUTE = "<any(" + ", ".join(SECTION_KEYS) + "):section>"
PUBLIC_TABLES = ("kinds", "sectors")


@bp.app_context_processor
def report_helpers():
    return {"chart_data": chart_data, "svg_bars": svg_bars, "period_fields": period_fields}


def _chosen_period(today: date):
    """The period asked for, or the current quarter with the reason the request was refused."""
    try:
        return period_from_form(request.args, today), None
    except PeriodError as problem:
        return current_quarter(today), str(problem)


def _report_or_400():
    require_moderator()
    today = date.today()
    period, problem = _chosen_period(today)
    if problem:
        abort(400, problem)
    return report_for(period, today)


def _download(body, mimetype: str, filename: str) -> Response:
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _file_code(report) -> str:
    return report.period.code.replace("..", "_")


@bp.get("/reports")
def index():
    require_moderator()
    today = date.today()
    period, problem = _chosen_period(today)
    status = 400 if problem else 200
    report = report_for(period, today)
    return (
        render_template(
            "reports/index.html", report=report, problem=problem, kinds=KINDS, refresh_minutes=refresh_minutes()
        ),
        status,
    )


@bp.post("/reports/refresh")
def refresh():
    """Take a standard period's figures again now instead of waiting for the worker's next pass."""
    require_moderator()
    period, problem = _chosen_period(date.today())
    if problem:
        abort(400, problem)
    if refresh_minutes() > 0 and period.kind != "custom":
        store_report(period, utcnow())
        db.session.commit()
    return redirect(url_for("reports.index", **period_fields(period)))


@bp.get("/reports/report.xlsx")
def workbook():
    report = _report_or_400()
    return _download(exports.workbook_bytes(report), XLSX_TYPE, f"techport-report-{_file_code(report)}.xlsx")


@bp.get("/reports/report.pdf")
def pdf():
    report = _report_or_400()
    return _download(exports.pdf_bytes(report), "application/pdf", f"techport-report-{_file_code(report)}.pdf")


@bp.get(f"/reports/{SECTIONS_ROUTE}.csv")
def section_csv(section: str):
    report = _report_or_400()
    body = exports.section_csv(report.section(section))
    return _download(body, "text/csv", f"techport-{section}-{_file_code(report)}.csv")


@bp.get(f"/reports/{SECTIONS_ROUTE}/<int:number>.csv")
def table_csv(section: str, number: int):
    """One table of a section (the data of its chart); ``number`` counts from 1 as on the page."""
    report = _report_or_400()
    tables = report.section(section).tables
    if not 1 <= number <= len(tables):
        abort(404)
    body = exports.table_csv(tables[number - 1])
    return _download(body, "text/csv", f"techport-{section}-{number}-{_file_code(report)}.csv")


def public_tables() -> dict[str, Table]:
    summary = trends.public_summary()
    kinds = Table(
        _("Public listings by kind"),
        [_("Kind"), _("Listings")],
        [
            [str(KIND_LABELS["offer"]), summary.offers],
            [str(KIND_LABELS["need"]), summary.needs],
            [str(KIND_LABELS["ip_asset"]), summary.ip_assets],
        ],
        chart="bar",
    )
    sectors = Table(
        _("Public listings by sector"),
        [_("Sector"), _("Listings")],
        [[label(SECTORS, sector), summary.by_sector[sector]] for sector in SECTORS if summary.by_sector[sector]],
        chart="bar",
    )
    return {"summary": summary, "kinds": kinds, "sectors": sectors}


@bp.get("/stats")
def stats():
    return render_template("reports/stats.html", **public_tables())


@bp.get("/stats/<any(" + ", ".join(PUBLIC_TABLES) + "):name>.csv")
def stats_csv(name: str):
    return _download(exports.table_csv(public_tables()[name]), "text/csv", f"techport-stats-{name}.csv")
