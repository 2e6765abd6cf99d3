"""Deadlines of a protection title under Vietnam's Law on Intellectual Property (50/2005/QH11, as amended in
2009, 2019 and 2022).

Each rule is a small pure function of dates that returns a ``Deadline`` carrying the article it applies, so
the asset page, the calendar and the reminders all show the same reason beside the same date. Months and
years are added with ``relativedelta``: a date that does not exist in the target month falls back to that
month's last day (29 February + 1 year is 28 February; 31 August + 6 months is 28 or 29 February).
"""

import enum
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from flask_babel import lazy_gettext as _l

from techport.ip_assets.vocabulary import ProtectionType

PATENT_TERM_YEARS = 20
UTILITY_SOLUTION_TERM_YEARS = 10
DESIGN_TERM_YEARS = 5
DESIGN_RENEWALS = 2
TRADEMARK_TERM_YEARS = 10
LAYOUT_DESIGN_TERM_YEARS = 10
WOODY_PLANT_TERM_YEARS = 25
OTHER_PLANT_TERM_YEARS = 20
PATENT_EXAMINATION_MONTHS = 42
UTILITY_SOLUTION_EXAMINATION_MONTHS = 36
GRACE_MONTHS = 6


class DeadlineKind(enum.StrEnum):
    EXAMINATION_REQUEST = "examination_request"
    ANNUAL_FEE = "annual_fee"
    RENEWAL = "renewal"
    TERM_END = "term_end"


DEADLINE_KIND_LABELS = {
    DeadlineKind.EXAMINATION_REQUEST: _l("Request for substantive examination"),
    DeadlineKind.ANNUAL_FEE: _l("Annual maintenance fee"),
    DeadlineKind.RENEWAL: _l("Renewal of the title"),
    DeadlineKind.TERM_END: _l("End of the term of protection"),
}


LATE_SURCHARGE_PERCENT_PER_MONTH = 10
LATE_PAYMENT_NOTE = _l(
    "Paid within the 6-month grace period, the fee carries a surcharge of %(percent)d%% for each month late "
    "(Circular 263/2016/TT-BTC).",
    percent=LATE_SURCHARGE_PERCENT_PER_MONTH,
)


@dataclass(frozen=True)
class Deadline:
    kind: DeadlineKind
    due_on: date
    rule: str
    grace_until: date | None = None
    # What paying in the grace period costs, shown beside the grace date.
    grace_note: str = ""

    @property
    def label(self) -> str:
        return str(DEADLINE_KIND_LABELS[self.kind])

    def in_grace(self, today: date) -> bool:
        return self.grace_until is not None and self.due_on < today <= self.grace_until


def add_years(start: date, years: int) -> date:
    return start + relativedelta(years=years)


def add_months(start: date, months: int) -> date:
    return start + relativedelta(months=months)


def patent_term_end(filing_date: date) -> Deadline:
    return Deadline(
        DeadlineKind.TERM_END,
        add_years(filing_date, PATENT_TERM_YEARS),
        _l("Art. 93(2): a patent is valid until the end of 20 years from the filing date."),
    )


def utility_solution_term_end(filing_date: date) -> Deadline:
    return Deadline(
        DeadlineKind.TERM_END,
        add_years(filing_date, UTILITY_SOLUTION_TERM_YEARS),
        _l("Art. 93(3): a utility solution patent is valid until the end of 10 years from the filing date."),
    )


def industrial_design_term_end(filing_date: date, renewals_done: int = 0) -> Deadline:
    """The current term end: 5 years from filing, plus 5 years for each renewal (at most two)."""
    renewals = max(0, min(renewals_done, DESIGN_RENEWALS))
    return Deadline(
        DeadlineKind.TERM_END,
        add_years(filing_date, DESIGN_TERM_YEARS * (1 + renewals)),
        _l(
            "Art. 93(4): an industrial design is valid until the end of 5 years from the filing date, "
            "renewable twice for 5 years each."
        ),
    )


def trademark_term_end(filing_date: date, renewals_done: int = 0) -> Deadline:
    return Deadline(
        DeadlineKind.TERM_END,
        add_years(filing_date, TRADEMARK_TERM_YEARS * (1 + max(0, renewals_done))),
        _l(
            "Art. 93(6): a trademark registration is valid for 10 years from the filing date, "
            "renewable many times for 10 years each."
        ),
    )


def layout_design_term_end(filing_date: date) -> Deadline:
    """The 10-year limb of Art. 93(7); first commercial use or creation may end the term earlier."""
    return Deadline(
        DeadlineKind.TERM_END,
        add_years(filing_date, LAYOUT_DESIGN_TERM_YEARS),
        _l(
            "Art. 93(7): a layout design ends at the latest 10 years from the filing date "
            "(earlier if first exploited commercially, or 15 years from creation)."
        ),
    )


def plant_variety_term_end(grant_date: date, woody: bool) -> Deadline:
    if woody:
        return Deadline(
            DeadlineKind.TERM_END,
            add_years(grant_date, WOODY_PLANT_TERM_YEARS),
            _l("Art. 169(2): a plant variety certificate for trees and vines is valid for 25 years from the grant."),
        )
    return Deadline(
        DeadlineKind.TERM_END,
        add_years(grant_date, OTHER_PLANT_TERM_YEARS),
        _l("Art. 169(2): a plant variety certificate for other plants is valid for 20 years from the grant."),
    )


def examination_request_deadline(
    protection_type: ProtectionType, filing_date: date, priority_date: date | None = None
) -> Deadline | None:
    """42 months (patent) or 36 months (utility solution) from the priority date if claimed, else the filing date."""
    start = priority_date or filing_date
    if protection_type == ProtectionType.PATENT:
        months = PATENT_EXAMINATION_MONTHS
        rule = _l(
            "Art. 113(2): substantive examination of a patent must be requested within 42 months "
            "from the filing date, or from the priority date if priority is claimed."
        )
    elif protection_type == ProtectionType.UTILITY_SOLUTION:
        months = UTILITY_SOLUTION_EXAMINATION_MONTHS
        rule = _l(
            "Art. 113(2): substantive examination of a utility solution must be requested within 36 months "
            "from the filing date, or from the priority date if priority is claimed."
        )
    else:
        return None
    return Deadline(DeadlineKind.EXAMINATION_REQUEST, add_months(start, months), rule)


def next_annual_fee(
    grant_date: date, term_end: date, today: date, paid: frozenset[date] = frozenset()
) -> Deadline | None:
    """The next maintenance fee of a patent or utility solution: due before each year of validity counted
    from the grant (the first year is paid with the grant fee), payable up to 6 months late with a surcharge.

    A fee whose due date passed less than 6 months ago is still the next one: its grace period runs.
    ``paid`` holds the due dates of the fees already paid; those years are skipped, early payments too.
    Anniversaries are always counted from the grant, so a 29 February grant is due on 28 February in
    ordinary years and on 29 February again in leap years.
    """
    year = 1
    while True:
        due_on = add_years(grant_date, year)
        if due_on >= term_end:
            return None
        grace_until = add_months(due_on, GRACE_MONTHS)
        if grace_until >= today and due_on not in paid:
            return Deadline(
                DeadlineKind.ANNUAL_FEE,
                due_on,
                _l(
                    "Art. 94(1): the owner pays a maintenance fee before each year of validity, counted from "
                    "the grant; the implementing rules allow payment up to 6 months late with a surcharge."
                ),
                grace_until=grace_until,
                grace_note=LATE_PAYMENT_NOTE,
            )
        year += 1


def annual_fee_due_dates(grant_date: date, term_end: date) -> list[date]:
    """Every anniversary on which a maintenance fee falls due, the grant's own year excluded."""
    dates, year = [], 1
    while (due_on := add_years(grant_date, year)) < term_end:
        dates.append(due_on)
        year += 1
    return dates


def renewal_deadline(term_end: date, renewals_left: bool) -> Deadline | None:
    """An industrial design or trademark is renewed before its term ends; 6 months late with a surcharge."""
    if not renewals_left:
        return None
    return Deadline(
        DeadlineKind.RENEWAL,
        term_end,
        _l(
            "Art. 94(2): the owner requests renewal before the term ends; the implementing rules allow it "
            "up to 6 months after the term ends with a surcharge."
        ),
        grace_until=add_months(term_end, GRACE_MONTHS),
        grace_note=LATE_PAYMENT_NOTE,
    )
