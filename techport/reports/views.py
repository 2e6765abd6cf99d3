"""``/reports`` for curators and admins, with its exports, and the public summary at ``/stats``."""

from datetime import date

from flask import Blueprint, Response, abort, render_template, request

from techport.accounts.permissions import require_moderator
from techport.reports import exports, trends
from techport.reports.periods import KINDS, PeriodError, current_quarter, period_from_form
from techport.reports.sections import SECTION_KEYS, build_report

bp = Blueprint("reports", __name__)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _chosen_period(today: date):
    """The period asked for, or the current quarter with the reason the request was refused."""
    try:
        return period_from_form(request.args, today), None
    except PeriodError as problem:
        return current_quarter(today), str(problem)


@bp.get("/reports")
def index():
    require_moderator()
    today = date.today()
    period, problem = _chosen_period(today)
    status = 400 if problem else 200
    report = build_report(period, today)
    return render_template("reports/index.html", report=report, problem=problem, kinds=KINDS), status


@bp.get("/reports/report.xlsx")
def workbook():
    require_moderator()
    today = date.today()
    period, problem = _chosen_period(today)
    if problem:
        abort(400, problem)
    body = exports.workbook_bytes(build_report(period, today))
    filename = f"techport-report-{period.code.replace('..', '_')}.xlsx"
    return Response(body, mimetype=XLSX_TYPE, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/reports/<any(" + ", ".join(SECTION_KEYS) + "):section>.csv")
def section_csv(section: str):
    require_moderator()
    today = date.today()
    period, problem = _chosen_period(today)
    if problem:
        abort(400, problem)
    body = exports.section_csv(build_report(period, today).section(section))
    filename = f"techport-{section}-{period.code.replace('..', '_')}.csv"
    return Response(body, mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/stats")
def stats():
    return render_template("reports/stats.html", summary=trends.public_summary())
