"""Every figure of the activity and trend reports, checked exactly over known data in a quarter."""

from collections import Counter
from datetime import date, timedelta

import sqlalchemy as sa
from dateutil.relativedelta import relativedelta

from techport.extensions import db
from techport.listings.models import Listing
from techport.models_common import utcnow
from techport.organisations.services import find_by_slug
from techport.reports import activity, trends

TODAY = date(2026, 12, 1)


def test_listings_published_in_the_period_by_kind_sector_and_organisation_kind(app, known_quarter):
    Q2 = known_quarter["period"]
    with app.app_context():
        now, before = activity.listings_published(Q2), activity.listings_published(Q2.previous())
    assert now.total == 3
    assert now.by["kind"] == Counter(offer=2, need=1)
    assert now.by["sector"] == Counter(ai=3, energy=1)
    assert now.by["organisation_kind"] == Counter(university=2, firm=1)
    assert before.total == 1 and before.by["sector"] == Counter(health=1)


def test_listings_expired_count_the_terms_that_ended_in_the_period(app, known_quarter):
    Q2 = known_quarter["period"]
    with app.app_context():
        expired = activity.listings_expired(Q2, TODAY)
    assert expired.total == 1
    assert expired.by["kind"] == Counter(offer=1) and expired.by["sector"] == Counter(health=1)


def test_inquiries_ndas_and_agreements_by_sector_university_and_mode(app, known_quarter):
    Q2 = known_quarter["period"]
    with app.app_context():
        started = activity.inquiries_started(Q2)
        ndas = activity.ndas_signed(Q2)
        deals = activity.agreements_signed(Q2)
        university = find_by_slug("hcmut").name_vi
    assert started.total == 3
    assert started.by["sector"] == Counter(ai=3, energy=2)
    assert started.by["university"] == Counter({university: 3})
    assert started.by["transfer_mode"] == Counter(licence=1, assignment=1)
    assert ndas.total == 1 and ndas.by["university"] == Counter({university: 1})
    assert deals.count.total == 2 and deals.undisclosed == 1
    assert deals.total_value_vnd == 500_000_000
    assert deals.count.by["transfer_mode"] == Counter(licence=1, assignment=1)
    assert deals.value_vnd["sector"] == Counter(ai=500_000_000, energy=500_000_000)
    assert deals.value_vnd["transfer_mode"] == Counter(licence=500_000_000)


def test_funnel_and_median_first_response(app, known_quarter):
    Q2 = known_quarter["period"]
    with app.app_context():
        funnel = activity.funnel(Q2)
        median = activity.median_first_response(Q2)
        before = activity.median_first_response(Q2.previous())
    # Both inquiries on offer A moved to "NDA signed" when the NDA was recorded; two agreements.
    assert (funnel.inquiries, funnel.nda_signed, funnel.agreement_signed) == (3, 2, 2)
    assert median == timedelta(hours=4)
    assert before == timedelta(hours=30)


def test_exhibit_views_and_interest_in_the_period(app, known_quarter):
    Q2 = known_quarter["period"]
    with app.app_context():
        figures = [entry for entry in activity.exhibit_figures(Q2) if entry.exhibit.id == known_quarter["exhibit_id"]]
    assert [(entry.page_views, entry.sheet_views, entry.interests) for entry in figures] == [(2, 1, 1)]


def test_university_coverage_counts_public_ip_assets_and_flags_stale_ones(app, make_listing, new_university):
    fresh = make_listing(new_university, "ip_asset", "published")
    make_listing(new_university, "ip_asset", "published", ip={"ip_type": "patent", "legal_status": "filed"})
    make_listing(new_university, "ip_asset", "draft")
    with app.app_context():
        [entry] = [row for row in activity.university_coverage(date.today()) if row.organisation.slug == new_university]
        assert entry.assets == 2
        assert entry.by_ip_type == Counter(utility_solution=1, patent=1)
        assert entry.by_legal_status == Counter(granted=1, filed=1)
        assert entry.last_update == date.today() and not entry.stale
        db.session.execute(
            sa.update(Listing)
            .where(Listing.organisation_id == entry.organisation.id)
            .values(updated_at=utcnow() - relativedelta(months=7))
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
        [later] = [row for row in activity.university_coverage(date.today()) if row.organisation.slug == new_university]
    assert later.stale and fresh


def test_trends_compare_new_listings_per_sector_and_compute_the_gap(app, known_quarter):
    Q2 = known_quarter["period"]
    with app.app_context():
        by_sector = {trend.sector: trend for trend in trends.sector_trends(Q2)}
    assert by_sector["ai"].new == {"offer": 2, "need": 1, "ip_asset": 0}
    assert by_sector["ai"].gap == -1
    assert by_sector["health"].new == {"offer": 0, "need": 0, "ip_asset": 0}
    assert by_sector["health"].previous == {"offer": 1, "need": 0, "ip_asset": 0}
    assert by_sector["tourism"].gap == 0


def test_public_summary_counts_public_listings_and_agreements(app, make_listing, new_university):
    with app.app_context():
        before = trends.public_summary()
    make_listing("hcmut", "need", "published")
    make_listing(new_university, "ip_asset", "published")
    with app.app_context():
        after = trends.public_summary()
    assert after.needs == before.needs + 1 and after.offers == before.offers
    assert after.ip_assets == before.ip_assets + 1
    assert after.universities_with_ip_assets == before.universities_with_ip_assets + 1
