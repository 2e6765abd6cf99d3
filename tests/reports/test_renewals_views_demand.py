"""Renewals counted apart from first publications, listing-page views counted through the spool, and needs
without a strong match."""

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from techport.extensions import db
from techport.listings import services as listing_services
from techport.listings.models import Listing
from techport.reports import activity, demand, listing_views
from techport.reports.models import ListingViewDay
from techport.reports.periods import custom, period_from_code
from techport.worker.schedule import local_now


def _date(app, listing_id: int, published_on: date) -> None:
    with app.app_context():
        listing = db.session.get(Listing, listing_id)
        listing.published_on = published_on
        listing.expires_on = published_on.replace(year=published_on.year + 1)
        db.session.commit()


def test_a_renewal_is_counted_apart_from_the_first_publication(app, make_listing):
    listing_id = make_listing("hcmut", "offer", "published", sectors=["biotech"])
    _date(app, listing_id, date(2037, 3, 1))
    with app.app_context():
        listing_services.renew(db.session.get(Listing, listing_id), today=date(2038, 2, 20))
        db.session.commit()
        first_year, renewal_quarter = period_from_code("2037-Q1"), period_from_code("2038-Q1")
        published_2037 = activity.listings_published(first_year)
        published_2038 = activity.listings_published(renewal_quarter)
        renewed = activity.listings_renewed(renewal_quarter)
    assert published_2037.total == 1 and published_2037.by["sector"] == Counter(biotech=1)
    assert published_2038.total == 0
    assert renewed.total == 1 and renewed.by["kind"] == Counter(offer=1)
    assert renewed.by["organisation_kind"] == Counter(university=1)


def test_listing_views_are_spooled_on_get_and_counted_by_the_job(app, client, make_listing, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "LISTING_VIEWS_DIR", str(tmp_path / "views"))
    listing_id = make_listing("hcmut", "offer", "published")
    today = local_now(datetime.now(UTC)).date()
    with app.app_context():
        before = activity.funnel(custom(today, today)).listing_views
    for _ in range(2):
        assert client.get(f"/listings/{listing_id}", follow_redirects=True).status_code == 200
    with app.app_context():
        assert db.session.scalar(sa.select(ListingViewDay).where(ListingViewDay.listing_id == listing_id)) is None
        assert listing_views.ingest_views(datetime.now(UTC) + timedelta(minutes=2)) == 2
        row = db.session.scalar(sa.select(ListingViewDay).where(ListingViewDay.listing_id == listing_id))
        assert (row.day, row.views) == (today, 2)
        assert activity.funnel(custom(today, today)).listing_views == before + 2
    assert list((tmp_path / "views").iterdir()) == []


def test_needs_without_a_strong_match_per_sector(app, make_listing):
    need_alone = make_listing("sao-mai-agritech-demo", "need", "published", sectors=["tourism"], keywords=["h15-alpha"])
    need_met = make_listing("sao-mai-agritech-demo", "need", "published", sectors=["tourism"], keywords=["h15-beta"])
    need_other = make_listing("sao-mai-agritech-demo", "need", "published", sectors=["health"], keywords=["h15-beta"])
    make_listing("hcmut", "offer", "published", sectors=["tourism"], keywords=["H15-Beta"])
    for listing_id in (need_alone, need_met, need_other):
        _date(app, listing_id, date(2040, 5, 5))
    with app.app_context():
        unmatched = demand.unmatched_needs(period_from_code("2040"))
    assert unmatched == Counter(tourism=1, health=1)
