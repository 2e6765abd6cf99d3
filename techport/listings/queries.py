"""Read-only questions the pages ask about listings: one listing, a portfolio, a dashboard, the queue."""

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import selectinload

from techport.extensions import db
from techport.ip_assets.models import IpAssetDetails
from techport.listings.models import Listing
from techport.listings.vocabulary import ListingKind, ListingStatus
from techport.organisations.models import Organisation

SCHEMA_TYPES = {ListingKind.OFFER: "Product", ListingKind.NEED: "Demand", ListingKind.IP_ASSET: "CreativeWork"}


def get_listing(listing_id: int) -> Listing | None:
    return db.session.get(Listing, listing_id)


def public_listing_ids(listing_ids: list[int]) -> set[int]:
    """Which of ``listing_ids`` are public now: search hits come from an index that may lag the database."""
    if not listing_ids:
        return set()
    return set(db.session.scalars(sa.select(Listing.id).where(Listing.id.in_(listing_ids), Listing.is_public)))


def organisation_listings(organisation: Organisation, *, page: int, per_page: int) -> Pagination:
    """Every listing of the organisation, whatever its status, the most recently changed first."""
    query = (
        sa.select(Listing)
        .where(Listing.organisation_id == organisation.id)
        .order_by(Listing.updated_at.desc(), Listing.id.desc())
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def newest_public(limit: int) -> list[Listing]:
    """The most recently published listings, for the home page."""
    query = (
        sa.select(Listing)
        .where(Listing.is_public)
        .options(selectinload(Listing.organisation), selectinload(Listing.ip_details))
        .order_by(Listing.published_on.desc(), Listing.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def status_counts(organisation: Organisation) -> dict[ListingStatus, int]:
    rows = db.session.execute(
        sa.select(Listing.status, sa.func.count(Listing.id))
        .where(Listing.organisation_id == organisation.id)
        .group_by(Listing.status)
    )
    return dict(rows.all())


def published_portfolio(
    organisation: Organisation, *, kind: ListingKind | None, page: int, per_page: int
) -> Pagination:
    query = (
        sa.select(Listing)
        .where(Listing.organisation_id == organisation.id, Listing.is_public)
        .options(selectinload(Listing.ip_details))
        .order_by(Listing.published_on.desc(), Listing.id.desc())
    )
    if kind is not None:
        query = query.where(Listing.kind == kind)
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def portfolio_counts(organisation: Organisation) -> dict:
    """Published listings by kind, and the IP assets by IP type and by legal status."""
    published = (Listing.organisation_id == organisation.id, Listing.is_public)
    by_kind = db.session.execute(
        sa.select(Listing.kind, sa.func.count(Listing.id)).where(*published).group_by(Listing.kind)
    ).all()
    ip_rows = db.session.execute(
        sa.select(IpAssetDetails.ip_type, IpAssetDetails.legal_status, sa.func.count(Listing.id))
        .join(Listing, Listing.id == IpAssetDetails.listing_id)
        .where(*published)
        .group_by(IpAssetDetails.ip_type, IpAssetDetails.legal_status)
    ).all()
    by_ip_type: dict = {}
    by_legal_status: dict = {}
    for ip_type, legal_status, count in ip_rows:
        by_ip_type[ip_type] = by_ip_type.get(ip_type, 0) + count
        by_legal_status[legal_status] = by_legal_status.get(legal_status, 0) + count
    return {"by_kind": dict(by_kind), "by_ip_type": by_ip_type, "by_legal_status": by_legal_status}


def _review_queue_query() -> sa.Select:
    return (
        sa.select(Listing)
        .where(Listing.status == ListingStatus.SUBMITTED)
        .options(selectinload(Listing.organisation))
        .order_by(Listing.updated_at, Listing.id)
    )


def review_queue() -> list[Listing]:
    """Submitted listings, the longest-waiting first."""
    return list(db.session.scalars(_review_queue_query()))


def review_queue_page(*, page: int, per_page: int) -> Pagination:
    """One page of the review queue, for the curators' page."""
    return db.paginate(_review_queue_query(), page=page, per_page=per_page, error_out=False)


def structured_data(listing: Listing, url: str, organisation_name: str, organisation_url: str) -> dict:
    """schema.org JSON-LD for search engines. Public facts only: never the contact details."""
    organisation = {"@type": "Organization", "name": organisation_name, "url": organisation_url}
    data = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES[listing.kind],
        "@id": url,
        "url": url,
        "name": listing.title,
        "description": listing.summary,
        "inLanguage": listing.language.value,
        "keywords": ", ".join(listing.keywords),
    }
    if listing.kind == ListingKind.NEED:
        data["seller"] = organisation
    elif listing.kind == ListingKind.OFFER:
        data["brand"] = organisation
    else:
        data["author"] = organisation
        data["copyrightHolder"] = organisation
    if listing.published_on:
        data["datePublished"] = listing.published_on.isoformat()
    if listing.expires_on:
        data["expires"] = listing.expires_on.isoformat()
    return data
