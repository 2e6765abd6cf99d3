"""The activity report's figures, each from one query over the database (the source of truth).

Dimensions held in JSON lists (a listing's sectors) are counted in Python over the query's narrow rows,
so the same code runs on SQLite and PostgreSQL.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import median

import sqlalchemy as sa
from dateutil.relativedelta import relativedelta

from techport.exhibits.models import Exhibit, ExhibitInterest, ExhibitItem, ExhibitVisit, VisitKind
from techport.extensions import db
from techport.inquiries.models import Inquiry, InquiryStage, InquiryStageChange
from techport.ip_assets.models import IpAssetDetails
from techport.ip_assets.services import STALE_AFTER_MONTHS
from techport.listings.models import Listing
from techport.listings.vocabulary import ListingKind, ListingStatus
from techport.ndas.models import Nda, NdaStatus
from techport.organisations.models import Organisation, OrganisationKind
from techport.reports.periods import Period

# A listing that ran out of its 12 months; withdrawn and archived ones did not "expire".
TERM_ENDED_STATUSES = (ListingStatus.PUBLISHED, ListingStatus.EXPIRED)


@dataclass
class Breakdown:
    """A count with its split by the dimensions a report shows."""

    total: int = 0
    by: dict[str, Counter] = field(default_factory=dict)

    def add(self, **dimensions) -> None:
        self.total += 1
        for name, values in dimensions.items():
            counter = self.by.setdefault(name, Counter())
            for value in values if isinstance(values, list | tuple) else [values]:
                counter[value] += 1


def _listing_breakdown(condition) -> Breakdown:
    rows = db.session.execute(
        sa.select(Listing.kind, Listing.sectors, Organisation.kind)
        .join(Organisation, Organisation.id == Listing.organisation_id)
        .where(condition)
    )
    breakdown = Breakdown(by={"kind": Counter(), "sector": Counter(), "organisation_kind": Counter()})
    for kind, sectors, organisation_kind in rows:
        breakdown.add(kind=kind.value, sector=list(sectors or []), organisation_kind=organisation_kind.value)
    return breakdown


def listings_published(period: Period) -> Breakdown:
    """Listings whose current 12-month term started in the period (a first publication or a renewal)."""
    return _listing_breakdown(Listing.published_on.between(period.start, period.end))


def listings_expired(period: Period, today: date) -> Breakdown:
    """Listings whose term ended in the period without being renewed (the last public day is ``expires_on``)."""
    return _listing_breakdown(
        sa.and_(
            Listing.expires_on.between(period.start, period.end),
            Listing.expires_on < today,
            Listing.status.in_(TERM_ENDED_STATUSES),
        )
    )


@dataclass
class UniversityCoverage:
    organisation: Organisation
    assets: int = 0
    by_ip_type: Counter = field(default_factory=Counter)
    by_legal_status: Counter = field(default_factory=Counter)
    last_update: date | None = None
    stale: bool = True


def university_coverage(today: date) -> list[UniversityCoverage]:
    """Every university with its public IP assets by type and legal status; a portfolio not updated for
    six months (or empty) is stale."""
    rows = db.session.execute(
        sa.select(
            Organisation,
            IpAssetDetails.ip_type,
            IpAssetDetails.legal_status,
            sa.func.count(Listing.id),
            sa.func.max(Listing.updated_at),
        )
        .outerjoin(
            Listing,
            sa.and_(
                Listing.organisation_id == Organisation.id, Listing.kind == ListingKind.IP_ASSET, Listing.is_public
            ),
        )
        .outerjoin(IpAssetDetails, IpAssetDetails.listing_id == Listing.id)
        .where(Organisation.kind == OrganisationKind.UNIVERSITY, Organisation.merged_into_id.is_(None))
        .group_by(Organisation.id, IpAssetDetails.ip_type, IpAssetDetails.legal_status)
        .order_by(Organisation.name_vi)
    ).all()
    stale_before = today - relativedelta(months=STALE_AFTER_MONTHS)
    coverage: dict[int, UniversityCoverage] = {}
    for organisation, ip_type, legal_status, count, updated_at in rows:
        entry = coverage.setdefault(organisation.id, UniversityCoverage(organisation))
        if ip_type is None:
            continue
        entry.assets += count
        entry.by_ip_type[ip_type.value] += count
        entry.by_legal_status[legal_status.value] += count
        updated_on = updated_at.date()
        entry.last_update = max(entry.last_update or updated_on, updated_on)
        entry.stale = entry.last_update < stale_before
    return list(coverage.values())


@dataclass
class Deals:
    """Agreements signed: their number and disclosed value, per dimension."""

    count: Breakdown = field(default_factory=Breakdown)
    value_vnd: dict[str, Counter] = field(default_factory=dict)
    total_value_vnd: int = 0
    undisclosed: int = 0


def _university_name(organisation: Organisation) -> list[str]:
    return [organisation.name_vi] if organisation.kind == OrganisationKind.UNIVERSITY else []


def inquiries_started(period: Period) -> Breakdown:
    start, end = period.moments()
    rows = db.session.execute(
        sa.select(Listing.sectors, Organisation, Inquiry.transfer_mode)
        .select_from(Inquiry)
        .join(Listing, Listing.id == Inquiry.listing_id)
        .join(Organisation, Organisation.id == Inquiry.owner_organisation_id)
        .where(Inquiry.created_at >= start, Inquiry.created_at < end)
    )
    breakdown = Breakdown(by={"sector": Counter(), "university": Counter(), "transfer_mode": Counter()})
    for sectors, owner, mode in rows:
        breakdown.add(
            sector=list(sectors or []), university=_university_name(owner), transfer_mode=[mode] if mode else []
        )
    return breakdown


def ndas_signed(period: Period) -> Breakdown:
    """NDAs countersigned (so signed by both sides) in the period."""
    start, end = period.moments()
    rows = db.session.execute(
        sa.select(Listing.sectors, Organisation)
        .select_from(Nda)
        .join(Listing, Listing.id == Nda.listing_id)
        .join(Organisation, Organisation.id == Nda.owner_organisation_id)
        .where(Nda.status == NdaStatus.SIGNED, Nda.countersigned_at >= start, Nda.countersigned_at < end)
    )
    breakdown = Breakdown(by={"sector": Counter(), "university": Counter()})
    for sectors, owner in rows:
        breakdown.add(sector=list(sectors or []), university=_university_name(owner))
    return breakdown


def agreements_signed(period: Period) -> Deals:
    """Agreements signed in the period; a value left out ("not disclosed") is counted apart, never as 0."""
    rows = db.session.execute(
        sa.select(Listing.sectors, Organisation, Inquiry.agreement_transfer_mode, Inquiry.agreement_value_vnd)
        .select_from(Inquiry)
        .join(Listing, Listing.id == Inquiry.listing_id)
        .join(Organisation, Organisation.id == Inquiry.owner_organisation_id)
        .where(Inquiry.agreement_signed_on.between(period.start, period.end))
    )
    deals = Deals(count=Breakdown(by={"sector": Counter(), "university": Counter(), "transfer_mode": Counter()}))
    deals.value_vnd = {name: Counter() for name in deals.count.by}
    for sectors, owner, mode, value in rows:
        dimensions = {"sector": list(sectors or []), "university": _university_name(owner), "transfer_mode": [mode]}
        deals.count.add(**dimensions)
        if value is None:
            deals.undisclosed += 1
            continue
        deals.total_value_vnd += value
        for name, keys in dimensions.items():
            for key in keys:
                deals.value_vnd[name][key] += value
    return deals


@dataclass(frozen=True)
class Funnel:
    inquiries: int
    nda_signed: int
    agreement_signed: int


def funnel(period: Period) -> Funnel:
    """Of the inquiries started in the period, how many reached a signed NDA and a signed agreement (so far)."""
    start, end = period.moments()

    def reached(stage: InquiryStage):
        return sa.exists().where(InquiryStageChange.inquiry_id == Inquiry.id, InquiryStageChange.to_stage == stage)

    row = db.session.execute(
        sa.select(
            sa.func.count(Inquiry.id),
            sa.func.count(Inquiry.id).filter(reached(InquiryStage.NDA_SIGNED)),
            sa.func.count(Inquiry.id).filter(reached(InquiryStage.AGREEMENT_SIGNED)),
        ).where(Inquiry.created_at >= start, Inquiry.created_at < end)
    ).one()
    return Funnel(*row)


def median_first_response(period: Period) -> timedelta | None:
    """Over the inquiries started in the period and answered so far (as the organisation pages count it)."""
    start, end = period.moments()
    rows = db.session.execute(
        sa.select(Inquiry.created_at, Inquiry.first_response_at).where(
            Inquiry.created_at >= start, Inquiry.created_at < end, Inquiry.first_response_at.is_not(None)
        )
    ).all()
    if not rows:
        return None
    return timedelta(seconds=median((answered - created).total_seconds() for created, answered in rows))


@dataclass(frozen=True)
class ExhibitFigures:
    exhibit: Exhibit
    page_views: int
    sheet_views: int
    interests: int


def exhibit_figures(period: Period) -> list[ExhibitFigures]:
    """Per exhibit: visitors counted once a day on its page and its printed sheet, and interest registered."""
    start, end = period.moments()
    visits = (
        sa.select(
            ExhibitItem.exhibit_id,
            sa.func.count(ExhibitVisit.id).filter(ExhibitVisit.kind == VisitKind.PAGE).label("page_views"),
            sa.func.count(ExhibitVisit.id).filter(ExhibitVisit.kind == VisitKind.SHEET).label("sheet_views"),
        )
        .join(ExhibitVisit, ExhibitVisit.item_id == ExhibitItem.id)
        .where(ExhibitVisit.day.between(period.start, period.end))
        .group_by(ExhibitItem.exhibit_id)
        .subquery()
    )
    interests = (
        sa.select(ExhibitItem.exhibit_id, sa.func.count(ExhibitInterest.id).label("interests"))
        .join(ExhibitInterest, ExhibitInterest.item_id == ExhibitItem.id)
        .where(ExhibitInterest.created_at >= start, ExhibitInterest.created_at < end)
        .group_by(ExhibitItem.exhibit_id)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(
            Exhibit,
            sa.func.coalesce(visits.c.page_views, 0),
            sa.func.coalesce(visits.c.sheet_views, 0),
            sa.func.coalesce(interests.c.interests, 0),
        )
        .outerjoin(visits, visits.c.exhibit_id == Exhibit.id)
        .outerjoin(interests, interests.c.exhibit_id == Exhibit.id)
        .where(sa.or_(visits.c.exhibit_id.is_not(None), interests.c.exhibit_id.is_not(None)))
        .order_by(Exhibit.starts_on, Exhibit.id)
    ).all()
    return [ExhibitFigures(*row) for row in rows]
