"""The activity report's figures, each from grouped queries over the database (the source of truth).

Dimensions held in JSON lists (a listing's sectors) are unnested in SQL (``json_each`` on SQLite,
``json_array_elements_text`` on PostgreSQL) and counted with GROUP BY.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import median

import sqlalchemy as sa
from dateutil.relativedelta import relativedelta

from techport.exhibits.models import Exhibit, ExhibitInterest, ExhibitItem, ExhibitVisit, VisitKind
from techport.extensions import db
from techport.i18n import current_locale
from techport.inquiries.models import Inquiry, InquiryStage, InquiryStageChange
from techport.ip_assets.models import IpAssetDetails
from techport.ip_assets.services import STALE_AFTER_MONTHS
from techport.listings.models import Listing, ListingRenewal
from techport.listings.vocabulary import ListingKind, ListingStatus
from techport.ndas.models import Nda, NdaStatus
from techport.organisations.models import Organisation, OrganisationKind
from techport.reports.models import ListingViewDay, SearchLogEntry
from techport.reports.periods import Period, custom

# A listing that ran out of its 12 months; withdrawn and archived ones did not "expire".
TERM_ENDED_STATUSES = (ListingStatus.PUBLISHED, ListingStatus.EXPIRED)


def json_elements(column):
    """The elements of a JSON list column as a joinable table with a ``value`` column."""
    if db.engine.dialect.name == "postgresql":
        return sa.func.json_array_elements_text(column).table_valued("value")
    return sa.func.json_each(column).table_valued("value")


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


def first_publications():
    """Listings with the date their first term started: the start of the earliest renewed term, or the
    current term's start when never renewed."""
    earliest = (
        sa.select(
            ListingRenewal.listing_id, sa.func.min(ListingRenewal.previous_published_on).label("first_published_on")
        )
        .group_by(ListingRenewal.listing_id)
        .subquery()
    )
    source = sa.outerjoin(Listing, earliest, earliest.c.listing_id == Listing.id)
    return source, sa.func.coalesce(earliest.c.first_published_on, Listing.published_on)


def _listing_breakdown(source, condition) -> Breakdown:
    """Counts of the listings in ``source`` (a join holding ``listings``) that meet ``condition``."""

    def grouped(column, *joins) -> Counter:
        query = sa.select(column, sa.func.count()).select_from(source)
        for target, on in joins:
            query = query.join(target, on)
        return Counter(
            {
                getattr(key, "value", key): count
                for key, count in db.session.execute(query.where(condition).group_by(column))
            }
        )

    sectors = json_elements(Listing.sectors)
    by_kind = grouped(Listing.kind)
    return Breakdown(
        total=sum(by_kind.values()),
        by={
            "kind": by_kind,
            "sector": grouped(sectors.c.value, (sectors, sa.true())),
            "organisation_kind": grouped(Organisation.kind, (Organisation, Organisation.id == Listing.organisation_id)),
        },
    )


def listings_published(period: Period) -> Breakdown:
    """Listings published for the first time in the period (renewals are counted apart)."""
    source, first_published_on = first_publications()
    return _listing_breakdown(source, first_published_on.between(period.start, period.end))


def listings_renewed(period: Period) -> Breakdown:
    """Renewals in the period: each one starts another 12-month term of a listing."""
    source = sa.join(ListingRenewal, Listing, Listing.id == ListingRenewal.listing_id)
    return _listing_breakdown(source, ListingRenewal.renewed_on.between(period.start, period.end))


def listings_expired(period: Period, today: date) -> Breakdown:
    """Listings whose term ended in the period without being renewed (the last public day is ``expires_on``)."""
    return _listing_breakdown(
        Listing.__table__,
        sa.and_(
            Listing.expires_on.between(period.start, period.end),
            Listing.expires_on < today,
            Listing.status.in_(TERM_ENDED_STATUSES),
        ),
    )


def listing_views(period: Period) -> int:
    """Listing pages shown in the period (counted by the worker from the pages' spool)."""
    return db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(ListingViewDay.views), 0)).where(
            ListingViewDay.day.between(period.start, period.end)
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
    return [organisation.name_for(current_locale())] if organisation.kind == OrganisationKind.UNIVERSITY else []


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
    listing_views: int
    inquiries: int
    nda_signed: int
    agreement_signed: int


def funnel(period: Period) -> Funnel:
    """The listing pages shown in the period, and of the inquiries started in it, how many reached a signed NDA
    and a signed agreement (so far)."""
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
    return Funnel(listing_views(period), *row)


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


@dataclass(frozen=True)
class MonthFigures:
    month: Period
    listings_published: int
    inquiries: int
    agreements: int
    searches: int


def _per_month(column, source, *conditions) -> Counter:
    """(year, month) -> rows, grouped in SQL (``extract`` works on SQLite and PostgreSQL)."""
    year, month = sa.extract("year", column), sa.extract("month", column)
    rows = db.session.execute(
        sa.select(year, month, sa.func.count()).select_from(source).where(*conditions).group_by(year, month)
    )
    return Counter({(int(y), int(m)): count for y, m, count in rows})


def monthly_series(period: Period) -> list[MonthFigures]:
    """Each calendar month the period touches (cut to the period): first publications, inquiries started,
    agreements signed and searches. Timestamps are grouped by their UTC month."""
    source, first_published_on = first_publications()
    start, end = period.moments()
    published = _per_month(first_published_on, source, first_published_on.between(period.start, period.end))
    inquiries = _per_month(Inquiry.created_at, Inquiry, Inquiry.created_at >= start, Inquiry.created_at < end)
    agreements = _per_month(
        Inquiry.agreement_signed_on, Inquiry, Inquiry.agreement_signed_on.between(period.start, period.end)
    )
    searches = _per_month(
        SearchLogEntry.searched_at,
        SearchLogEntry,
        SearchLogEntry.searched_at >= start,
        SearchLogEntry.searched_at < end,
    )
    series = []
    month_start = period.start
    while month_start <= period.end:
        month_end = min(month_start.replace(day=1) + relativedelta(months=1) - timedelta(days=1), period.end)
        key = (month_start.year, month_start.month)
        series.append(
            MonthFigures(custom(month_start, month_end), published[key], inquiries[key], agreements[key], searches[key])
        )
        month_start = month_end + timedelta(days=1)
    return series
