"""Reports of the standard periods kept ready by the worker, so ``/reports`` opens at once on a large exchange.

Building a year's report over 100,000 listings takes seconds of grouped queries; a curator opening the page
should not wait for them on every view. The worker's ``reports-refresh`` job rebuilds, in every language,
the reports of the current and the previous month, quarter and year once they are older than
``TECHPORT_REPORTS_REFRESH_MINUTES``; the page shows a stored report while it is younger than twice that
(saying when its figures were taken, with a button to take them again), and computes any other period live.
``0`` turns stored reports off: every view computes its figures.
"""

from dataclasses import asdict
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale, get_locale

from techport.extensions import db
from techport.models_common import utcnow
from techport.reports.models import StoredReport
from techport.reports.periods import Period, current_quarter, month, year
from techport.reports.sections import build_report
from techport.reports.tables import Report, Section, Table
from techport.worker.schedule import local_today


def refresh_minutes() -> int:
    return current_app.config["REPORTS_REFRESH_MINUTES"]


def standard_periods(today: date) -> list[Period]:
    """The periods curators open most: the current and the previous month, quarter and year."""
    periods = [month(today.year, today.month), current_quarter(today), year(today.year)]
    return [related for period in periods for related in (period, period.previous())]


def _sections_to_json(report: Report) -> list[dict]:
    return [asdict(section) for section in report.sections]


def _sections_from_json(sections: list[dict]) -> list[Section]:
    return [
        Section(
            key=section["key"],
            title=section["title"],
            tables=[Table(**{**table, "chart_columns": tuple(table["chart_columns"])}) for table in section["tables"]],
            notes=section["notes"],
        )
        for section in sections
    ]


def store_report(period: Period, now: datetime) -> None:
    """Build the report of ``period`` in every language and keep it, replacing the one kept before."""
    today = local_today(now)
    for locale in current_app.config["LANGUAGES"]:
        with force_locale(locale):
            sections = _sections_to_json(build_report(period, today))
        stored = db.session.scalar(
            sa.select(StoredReport).where(StoredReport.period_code == period.code, StoredReport.locale == locale)
        )
        if stored is None:
            stored = StoredReport(period_code=period.code, locale=locale)
            db.session.add(stored)
        stored.built_at, stored.sections = now, sections
        db.session.flush()


def refresh_stored_reports(now: datetime) -> list[str]:
    """The worker's job: rebuild the standard periods' reports that are older than the refresh interval.

    Returns the codes rebuilt. Each period is committed on its own, so a long pass keeps what it built."""
    minutes = refresh_minutes()
    if minutes <= 0:
        return []
    built_at = dict(
        db.session.execute(
            sa.select(StoredReport.period_code, sa.func.min(StoredReport.built_at)).group_by(StoredReport.period_code)
        ).all()
    )
    refreshed = []
    for period in standard_periods(local_today(now)):
        last = built_at.get(period.code)
        if last is not None and now - last < timedelta(minutes=minutes):
            continue
        store_report(period, now)
        db.session.commit()
        refreshed.append(period.code)
    return refreshed


def stored_report(period: Period, now: datetime | None = None) -> Report | None:
    """The kept report of ``period`` in the current language, if it is still fresh enough to show."""
    minutes = refresh_minutes()
    if minutes <= 0 or period.kind == "custom":
        return None
    now = now or utcnow()
    stored = db.session.scalar(
        sa.select(StoredReport).where(
            StoredReport.period_code == period.code,
            StoredReport.locale == str(get_locale() or current_app.config["LANGUAGES"][0]),
            StoredReport.built_at > now - timedelta(minutes=2 * minutes),
        )
    )
    if stored is None:
        return None
    return Report(
        period, period.previous(), local_today(stored.built_at), _sections_from_json(stored.sections), stored.built_at
    )


def report_for(period: Period, today: date) -> Report:
    """What ``/reports`` and its downloads show: the kept report when fresh, else figures computed now."""
    return stored_report(period) or build_report(period, today)
