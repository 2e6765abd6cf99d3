"""Each deadline rule on the dates around its edges."""

from datetime import date

from techport.ip_assets import rules
from techport.ip_assets.rules import DeadlineKind
from techport.ip_assets.vocabulary import ProtectionType


def test_patent_term_is_twenty_years_from_filing():
    deadline = rules.patent_term_end(date(2024, 3, 15))
    assert deadline.due_on == date(2044, 3, 15)
    assert deadline.kind == DeadlineKind.TERM_END
    assert "Art. 93(2)" in str(deadline.rule)


def test_a_leap_day_filing_ends_on_the_last_day_of_february():
    assert rules.patent_term_end(date(2024, 2, 29)).due_on == date(2044, 2, 29)
    assert rules.utility_solution_term_end(date(2024, 2, 29)).due_on == date(2034, 2, 28)


def test_utility_solution_term_is_ten_years():
    assert rules.utility_solution_term_end(date(2020, 12, 31)).due_on == date(2030, 12, 31)
    assert "Art. 93(3)" in str(rules.utility_solution_term_end(date(2020, 1, 1)).rule)


def test_industrial_design_is_five_years_renewable_twice_only():
    filed = date(2021, 6, 30)
    assert rules.industrial_design_term_end(filed).due_on == date(2026, 6, 30)
    assert rules.industrial_design_term_end(filed, 1).due_on == date(2031, 6, 30)
    assert rules.industrial_design_term_end(filed, 2).due_on == date(2036, 6, 30)
    assert rules.industrial_design_term_end(filed, 5).due_on == date(2036, 6, 30)


def test_plant_variety_terms_run_from_the_grant():
    granted = date(2020, 2, 29)
    assert rules.plant_variety_term_end(granted, woody=True).due_on == date(2045, 2, 28)
    assert rules.plant_variety_term_end(granted, woody=False).due_on == date(2040, 2, 29)
    assert "Art. 169" in str(rules.plant_variety_term_end(granted, woody=False).rule)


def test_examination_request_counts_from_the_priority_date_when_claimed():
    deadline = rules.examination_request_deadline(ProtectionType.PATENT, date(2024, 3, 15), date(2023, 9, 20))
    assert deadline.due_on == date(2027, 3, 20)
    assert "Art. 113" in str(deadline.rule)


def test_examination_request_counts_from_filing_without_priority():
    patent = rules.examination_request_deadline(ProtectionType.PATENT, date(2024, 3, 15))
    assert patent.due_on == date(2027, 9, 15)
    utility = rules.examination_request_deadline(ProtectionType.UTILITY_SOLUTION, date(2024, 3, 15))
    assert utility.due_on == date(2027, 3, 15)


def test_examination_request_at_a_month_end_falls_back_to_the_shorter_month():
    # 31 August + 42 months is 31 February, which does not exist: the last day of February.
    assert rules.examination_request_deadline(ProtectionType.PATENT, date(2023, 8, 31)).due_on == date(2027, 2, 28)
    assert rules.examination_request_deadline(ProtectionType.PATENT, date(2024, 8, 31)).due_on == date(2028, 2, 29)


def test_examination_request_does_not_apply_to_designs():
    assert rules.examination_request_deadline(ProtectionType.INDUSTRIAL_DESIGN, date(2024, 3, 15)) is None


def test_annual_fee_is_due_on_the_grant_anniversary_with_six_months_grace():
    fee = rules.next_annual_fee(date(2022, 5, 10), date(2040, 1, 1), today=date(2024, 1, 1))
    assert fee.due_on == date(2024, 5, 10)
    assert fee.grace_until == date(2024, 11, 10)
    assert "Art. 94(1)" in str(fee.rule)


def test_a_fee_in_its_grace_period_is_still_the_next_one():
    grant, end = date(2022, 5, 10), date(2040, 1, 1)
    assert rules.next_annual_fee(grant, end, today=date(2024, 11, 10)).due_on == date(2024, 5, 10)
    assert rules.next_annual_fee(grant, end, today=date(2024, 11, 11)).due_on == date(2025, 5, 10)


def test_leap_day_grant_anniversaries():
    grant, end = date(2024, 2, 29), date(2044, 1, 1)
    assert rules.next_annual_fee(grant, end, today=date(2024, 3, 1)).due_on == date(2025, 2, 28)
    assert rules.next_annual_fee(grant, end, today=date(2027, 9, 1)).due_on == date(2028, 2, 29)
    assert rules.next_annual_fee(grant, end, today=date(2027, 9, 1)).grace_until == date(2028, 8, 29)


def test_grace_at_a_month_end():
    fee = rules.next_annual_fee(date(2021, 8, 31), date(2041, 8, 31), today=date(2022, 1, 1))
    assert fee.grace_until == date(2023, 2, 28)


def test_no_fee_once_the_term_is_over():
    assert rules.next_annual_fee(date(2020, 5, 10), date(2030, 5, 10), today=date(2030, 1, 1)) is None


def test_renewal_has_a_grace_period_and_stops_when_none_is_left():
    renewal = rules.renewal_deadline(date(2026, 8, 31), renewals_left=True)
    assert renewal.due_on == date(2026, 8, 31)
    assert renewal.grace_until == date(2027, 2, 28)
    assert rules.renewal_deadline(date(2026, 8, 31), renewals_left=False) is None


def test_a_paid_fee_gives_way_to_the_following_year():
    grant, end = date(2022, 5, 10), date(2040, 1, 1)
    paid = frozenset({date(2024, 5, 10)})
    assert rules.next_annual_fee(grant, end, today=date(2024, 1, 1), paid=paid).due_on == date(2025, 5, 10)
    # Paid during its grace period: the next one is the following year's, not the late one.
    assert rules.next_annual_fee(grant, end, today=date(2024, 8, 1), paid=paid).due_on == date(2025, 5, 10)


def test_paying_every_remaining_year_leaves_no_fee():
    grant, end = date(2020, 5, 10), date(2023, 5, 10)
    paid = frozenset(rules.annual_fee_due_dates(grant, end))
    assert paid == {date(2021, 5, 10), date(2022, 5, 10)}
    assert rules.next_annual_fee(grant, end, today=date(2021, 1, 1), paid=paid) is None


def test_the_grace_period_carries_the_surcharge_note():
    fee = rules.next_annual_fee(date(2022, 5, 10), date(2040, 1, 1), today=date(2024, 6, 1))
    assert fee.in_grace(date(2024, 6, 1)) and not fee.in_grace(date(2024, 5, 10))
    assert not fee.in_grace(date(2024, 11, 11))
    assert "10%" in str(fee.grace_note) and "263/2016" in str(fee.grace_note)
    assert "10%" in str(rules.renewal_deadline(date(2026, 8, 31), renewals_left=True).grace_note)
