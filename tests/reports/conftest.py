"""Known data in the second quarter of a year of its own (2001, 2004, ...), far from what other tests store."""

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from techport.accounts.models import User
from techport.exhibits.models import Exhibit, ExhibitInterest, ExhibitItem, ExhibitVisit, VisitKind
from techport.extensions import db
from techport.inquiries import services as inquiries
from techport.inquiries.models import Inquiry
from techport.listings.models import Listing
from techport.ndas.models import Nda, NdaStatus
from techport.organisations.models import Organisation, OrganisationKind
from techport.reports.periods import period_from_code

OWNER_ORG = "hcmut"
FIRM_ORG = "sao-mai-agritech-demo"
_years = itertools.count(2001, 3)  # a listing expires a year later: keep the years apart


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _user(email: str) -> User:
    return db.session.scalar(sa.select(User).where(User.email == email))


def _date_listing(listing_id: int, published_on: date, expires_on: date | None = None) -> None:
    listing = db.session.get(Listing, listing_id)
    listing.published_on = published_on
    listing.expires_on = expires_on or published_on.replace(year=published_on.year + 1)


def _inquiry(firm: User, listing_id: int, created: date, response_hours: int | None, mode: str) -> Inquiry:
    inquiry = inquiries.start_inquiry(
        firm, db.session.get(Listing, listing_id), message="Xin báo giá.", transfer_mode=mode
    )
    inquiry.created_at = at(created)
    if response_hours is not None:
        inquiry.first_response_at = at(created) + timedelta(hours=response_hours)
    db.session.commit()
    return inquiry


@pytest.fixture
def known_quarter(app, make_listing, make_user):
    """Q2 of a fresh year: two offers and a need published, one offer expired, three inquiries (one NDA, two
    agreements, one of them without a value), one exhibit's views; Q1: one offer, one inquiry. ``period`` is that Q2."""
    year = next(_years)
    ids = {
        "offer_a": make_listing(OWNER_ORG, "offer", "published", sectors=["ai", "energy"]),
        "offer_b": make_listing(OWNER_ORG, "offer", "published", sectors=["ai"]),
        "need": make_listing(FIRM_ORG, "need", "published", sectors=["ai"]),
        "previous_offer": make_listing(OWNER_ORG, "offer", "published", sectors=["health"]),
        "expired_offer": make_listing(OWNER_ORG, "offer", "expired", sectors=["health"]),
    }
    owner_email, firm_email = make_user(OWNER_ORG), make_user(FIRM_ORG)
    with app.app_context():
        _date_listing(ids["offer_a"], date(year, 4, 10))
        _date_listing(ids["offer_b"], date(year, 6, 30))
        _date_listing(ids["need"], date(year, 5, 1))
        _date_listing(ids["previous_offer"], date(year, 1, 15))
        _date_listing(ids["expired_offer"], date(year - 1, 5, 31), date(year, 5, 30))
        db.session.commit()
        firm, owner = _user(firm_email), _user(owner_email)
        first = _inquiry(firm, ids["offer_a"], date(year, 4, 12), 2, "licence")
        second = _inquiry(firm, ids["offer_b"], date(year, 6, 30), 6, "assignment")
        _inquiry(firm, ids["offer_a"], date(year, 5, 2), None, "")
        _inquiry(firm, ids["previous_offer"], date(year, 2, 1), 30, "licence")
        inquiries.record_nda_signed(ids["offer_a"], firm.organisation_id, owner)
        db.session.add(
            Nda(
                listing_id=ids["offer_a"],
                owner_organisation_id=owner.organisation_id,
                asking_organisation_id=firm.organisation_id,
                status=NdaStatus.SIGNED,
                template_version="test",
                template_sha256="0" * 64,
                requested_by_id=owner.id,
                countersigned_at=at(date(year, 5, 5)),
            )
        )
        db.session.commit()
        first, second = db.session.get(Inquiry, first.id), db.session.get(Inquiry, second.id)
        inquiries.sign_agreement(
            first, owner, transfer_mode="licence", value_vnd=500_000_000, signed_on=date(year, 6, 15), listing_ids=[]
        )
        inquiries.sign_agreement(
            second, owner, transfer_mode="assignment", value_vnd=None, signed_on=date(year, 6, 30), listing_ids=[]
        )
        exhibit = Exhibit(
            slug=f"report-test-{first.id}",
            title_vi="Techmart báo cáo",
            title_en="Report Techmart",
            theme="ai",
            starts_on=date(year, 5, 1),
            ends_on=date(year, 5, 3),
            venue="Quận 1",
            published=True,
        )
        item = ExhibitItem(exhibit=exhibit, listing_id=ids["offer_a"])
        db.session.add_all([exhibit, item])
        db.session.flush()
        for kind, visitor, day in (
            (VisitKind.PAGE, "a", date(year, 5, 1)),
            (VisitKind.PAGE, "b", date(year, 5, 2)),
            (VisitKind.SHEET, "a", date(year, 5, 2)),
            (VisitKind.PAGE, "c", date(year, 7, 1)),
        ):
            db.session.add(ExhibitVisit(item_id=item.id, kind=kind, visitor=visitor, day=day))
        db.session.add(ExhibitInterest(item_id=item.id, user_id=firm.id, created_at=at(date(year, 5, 2))))
        db.session.commit()
        ids["exhibit_id"] = exhibit.id
    ids["period"] = period_from_code(f"{year}-Q2")
    return ids


@pytest.fixture
def new_university(app):
    """A university of its own, so its coverage row holds only what the test stores."""
    with app.app_context():
        count = db.session.scalar(sa.select(sa.func.count(Organisation.id)))
        organisation = Organisation(
            kind=OrganisationKind.UNIVERSITY,
            name_vi=f"Đại học Báo cáo {count}",
            name_en=f"Report University {count}",
            slug=f"report-university-{count}",
            verified=True,
        )
        db.session.add(organisation)
        db.session.commit()
        return organisation.slug
