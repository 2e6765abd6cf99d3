"""The trend report (per key sector: what is new against the previous period, and the demand–supply gap)
and the public summary at ``/stats``."""

from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa

from techport.extensions import db
from techport.inquiries.models import Inquiry
from techport.listings.models import Listing
from techport.listings.vocabulary import SECTORS, ListingKind
from techport.organisations.models import Organisation, OrganisationKind
from techport.reports.periods import Period


@dataclass(frozen=True)
class SectorTrend:
    sector: str
    new: dict[str, int]
    previous: dict[str, int]

    @property
    def gap(self) -> int:
        """Needs minus what could answer them (offers and IP assets) published in the period."""
        return self.new[ListingKind.NEED] - self.new[ListingKind.OFFER] - self.new[ListingKind.IP_ASSET]


def _new_by_sector_and_kind(period: Period) -> Counter:
    counts: Counter = Counter()
    rows = db.session.execute(
        sa.select(Listing.kind, Listing.sectors).where(Listing.published_on.between(period.start, period.end))
    )
    for kind, sectors in rows:
        for sector in sectors or []:
            counts[sector, kind.value] += 1
    return counts


def sector_trends(period: Period) -> list[SectorTrend]:
    """Every sector of the vocabulary, in its order, so a sector with nothing new still shows."""
    now, before = _new_by_sector_and_kind(period), _new_by_sector_and_kind(period.previous())
    return [
        SectorTrend(
            sector,
            {kind.value: now[sector, kind.value] for kind in ListingKind},
            {kind.value: before[sector, kind.value] for kind in ListingKind},
        )
        for sector in SECTORS
    ]


@dataclass(frozen=True)
class PublicSummary:
    offers: int
    needs: int
    ip_assets: int
    universities_with_ip_assets: int
    agreements_signed: int


def public_summary() -> PublicSummary:
    """What any visitor may know: public listings and the number of agreements, never a deal's value."""
    by_kind = dict(
        db.session.execute(
            sa.select(Listing.kind, sa.func.count(Listing.id)).where(Listing.is_public).group_by(Listing.kind)
        ).all()
    )
    universities = db.session.scalar(
        sa.select(sa.func.count(sa.distinct(Listing.organisation_id)))
        .join(Organisation, Organisation.id == Listing.organisation_id)
        .where(
            Listing.is_public, Listing.kind == ListingKind.IP_ASSET, Organisation.kind == OrganisationKind.UNIVERSITY
        )
    )
    agreements = db.session.scalar(sa.select(sa.func.count(Inquiry.id)).where(Inquiry.agreement_signed_on.is_not(None)))
    return PublicSummary(
        offers=by_kind.get(ListingKind.OFFER, 0),
        needs=by_kind.get(ListingKind.NEED, 0),
        ip_assets=by_kind.get(ListingKind.IP_ASSET, 0),
        universities_with_ip_assets=universities,
        agreements_signed=agreements,
    )
