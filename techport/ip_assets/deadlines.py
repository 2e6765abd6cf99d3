"""Which rules apply to a protection title, given what the register knows about it."""

from datetime import date

from techport.ip_assets import rules
from techport.ip_assets.models import ProtectionTitle
from techport.ip_assets.rules import Deadline
from techport.ip_assets.vocabulary import ENDED_STATUSES, PENDING_STATUSES, ProtectionType, TitleStatus

FILING_TERMS = {
    ProtectionType.PATENT: rules.patent_term_end,
    ProtectionType.UTILITY_SOLUTION: rules.utility_solution_term_end,
    ProtectionType.LAYOUT_DESIGN: rules.layout_design_term_end,
}
ANNUAL_FEE_TYPES = frozenset({ProtectionType.PATENT, ProtectionType.UTILITY_SOLUTION})


def term_end(title: ProtectionTitle) -> Deadline | None:
    """The end of protection, or None where the law sets none the register can compute (copyright, secrets)."""
    kind = title.protection_type
    if kind in FILING_TERMS and title.application_date:
        return FILING_TERMS[kind](title.application_date)
    if kind == ProtectionType.INDUSTRIAL_DESIGN and title.application_date:
        return rules.industrial_design_term_end(title.application_date, title.renewals or 0)
    if kind == ProtectionType.TRADEMARK and title.application_date:
        return rules.trademark_term_end(title.application_date, title.renewals or 0)
    if kind == ProtectionType.PLANT_VARIETY and title.grant_date:
        return rules.plant_variety_term_end(title.grant_date, title.woody_plant)
    return None


def title_deadlines(title: ProtectionTitle, today: date) -> list[Deadline]:
    """The deadlines to show for ``title``: what is still to do, then the end of the term."""
    if title.status in ENDED_STATUSES:
        return []
    found: list[Deadline] = []
    if title.status in PENDING_STATUSES and title.application_date:
        examination = rules.examination_request_deadline(
            title.protection_type, title.application_date, title.priority_date
        )
        if examination:
            found.append(examination)
    end = term_end(title)
    granted = title.status not in PENDING_STATUSES and title.status != TitleStatus.EXAMINATION_REQUESTED
    if end and granted and title.grant_date and title.protection_type in ANNUAL_FEE_TYPES:
        paid = frozenset(payment.due_on for payment in title.fee_payments)
        fee = rules.next_annual_fee(title.grant_date, end.due_on, today, paid)
        if fee:
            found.append(fee)
    if end and granted and title.protection_type in (ProtectionType.INDUSTRIAL_DESIGN, ProtectionType.TRADEMARK):
        renewals_left = (
            title.protection_type == ProtectionType.TRADEMARK or (title.renewals or 0) < rules.DESIGN_RENEWALS
        )
        renewal = rules.renewal_deadline(end.due_on, renewals_left)
        if renewal:
            found.append(renewal)
    if end:
        found.append(end)
    return found


def annual_fee_due_dates(title: ProtectionTitle) -> list[date]:
    """The anniversaries a fee payment may be recorded for; empty where the title pays no annual fees."""
    end = term_end(title)
    if title.protection_type not in ANNUAL_FEE_TYPES or not title.grant_date or end is None:
        return []
    return rules.annual_fee_due_dates(title.grant_date, end.due_on)


def next_fee(title: ProtectionTitle, today: date) -> Deadline | None:
    """The next payment the office expects: the examination fee goes with the request, then the annual
    fees (patents, utility solutions) or the renewal fee (designs, trademarks)."""
    payable = (rules.DeadlineKind.EXAMINATION_REQUEST, rules.DeadlineKind.ANNUAL_FEE, rules.DeadlineKind.RENEWAL)
    return next((deadline for deadline in title_deadlines(title, today) if deadline.kind in payable), None)
