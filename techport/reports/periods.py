"""Report periods: a month, a quarter, a year or a custom range, and the period just before it.

Periods are calendar dates, inclusive at both ends; ``period_from_code`` reads the CLI's ``2026-Q4``,
``2026-11``, ``2026`` or ``2026-01-01..2026-03-31``.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from flask_babel import gettext as _

YEAR_MIN, YEAR_MAX = 2000, 2100
CUSTOM_DAYS_MAX = 366 * 5
KINDS = ("month", "quarter", "year", "custom")


class PeriodError(ValueError):
    """The period asked for cannot be reported on; the message is for the person who asked."""


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def code(self) -> str:
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "year":
            return str(self.start.year)
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def label(self) -> str:
        if self.kind == "month":
            return _("month %(month)d/%(year)d", month=self.start.month, year=self.start.year)
        if self.kind == "quarter":
            return _("quarter %(quarter)d/%(year)d", quarter=(self.start.month - 1) // 3 + 1, year=self.start.year)
        if self.kind == "year":
            return _("year %(year)d", year=self.start.year)
        return _("%(start)s to %(end)s", start=f"{self.start:%d/%m/%Y}", end=f"{self.end:%d/%m/%Y}")

    def moments(self) -> tuple[datetime, datetime]:
        """The period as UTC instants, end excluded, for timestamp columns."""
        return (
            datetime.combine(self.start, time.min, tzinfo=UTC),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=UTC),
        )

    def previous(self) -> "Period":
        """The period of the same kind just before; a custom range gets as many days just before it."""
        if self.kind == "custom":
            return Period("custom", self.start - timedelta(days=self.days), self.start - timedelta(days=1))
        months = {"month": 1, "quarter": 3, "year": 12}[self.kind]
        start = self.start - relativedelta(months=months)
        return Period(self.kind, start, self.start - timedelta(days=1))


def month(year: int, number: int) -> Period:
    _check_year(year)
    if not 1 <= number <= 12:
        raise PeriodError(_("The month must be between 1 and 12."))
    start = date(year, number, 1)
    return Period("month", start, start + relativedelta(months=1) - timedelta(days=1))


def quarter(year: int, number: int) -> Period:
    _check_year(year)
    if not 1 <= number <= 4:
        raise PeriodError(_("The quarter must be between 1 and 4."))
    start = date(year, 3 * number - 2, 1)
    return Period("quarter", start, start + relativedelta(months=3) - timedelta(days=1))


def year(number: int) -> Period:
    _check_year(number)
    return Period("year", date(number, 1, 1), date(number, 12, 31))


def custom(start: date, end: date) -> Period:
    _check_year(start.year)
    _check_year(end.year)
    if end < start:
        raise PeriodError(_("The end of the period comes before its start."))
    if (end - start).days + 1 > CUSTOM_DAYS_MAX:
        raise PeriodError(_("A custom period may last at most five years."))
    return Period("custom", start, end)


def current_quarter(today: date) -> Period:
    return quarter(today.year, (today.month - 1) // 3 + 1)


def _check_year(number: int) -> None:
    if not YEAR_MIN <= number <= YEAR_MAX:
        raise PeriodError(_("The year must be between %(low)d and %(high)d.", low=YEAR_MIN, high=YEAR_MAX))


def _whole(value: str | None, what: str) -> int:
    if value is None or not value.strip().isdigit() or len(value.strip()) > 4:
        raise PeriodError(_("Please give the %(what)s as a number.", what=what))
    return int(value.strip())


def _day(value: str | None, what: str) -> date:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        raise PeriodError(_("Please give the %(what)s as a date (YYYY-MM-DD).", what=what)) from None


def period_from_form(values, today: date) -> Period:
    """The period chosen with the picker's fields (``kind``, ``year``, ``month``, ``quarter``, ``start``,
    ``end``); the current quarter when nothing is chosen."""
    kind = (values.get("kind") or "").strip()
    if not kind:
        return current_quarter(today)
    if kind not in KINDS:
        raise PeriodError(_("Please choose a month, a quarter, a year or a custom range."))
    if kind == "custom":
        return custom(_day(values.get("start"), _("start date")), _day(values.get("end"), _("end date")))
    chosen_year = _whole(values.get("year"), _("year"))
    if kind == "year":
        return year(chosen_year)
    if kind == "month":
        return month(chosen_year, _whole(values.get("month"), _("month")))
    return quarter(chosen_year, _whole(values.get("quarter"), _("quarter")))


def period_fields(period: Period) -> dict[str, str]:
    """The picker's fields that choose ``period`` again (for links and downloads of the same report)."""
    fields = {"kind": period.kind}
    if period.kind == "custom":
        return fields | {"start": period.start.isoformat(), "end": period.end.isoformat()}
    fields["year"] = str(period.start.year)
    if period.kind == "month":
        fields["month"] = str(period.start.month)
    if period.kind == "quarter":
        fields["quarter"] = str((period.start.month - 1) // 3 + 1)
    return fields


CODE_PATTERNS = (
    (re.compile(r"(\d{4})-Q([1-4])"), lambda m: quarter(int(m[1]), int(m[2]))),
    (re.compile(r"(\d{4})-(\d{2})"), lambda m: month(int(m[1]), int(m[2]))),
    (re.compile(r"(\d{4})"), lambda m: year(int(m[1]))),
    (
        re.compile(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})"),
        lambda m: custom(_day(m[1], _("start date")), _day(m[2], _("end date"))),
    ),
)


def period_from_code(code: str) -> Period:
    for pattern, build in CODE_PATTERNS:
        match = pattern.fullmatch(code.strip())
        if match:
            return build(match)
    raise PeriodError(_("Unknown period “%(code)s”: use 2026-Q4, 2026-11, 2026 or 2026-01-01..2026-03-31.", code=code))
