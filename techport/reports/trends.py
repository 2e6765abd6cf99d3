"""The trend report (per key sector: what is new against the previous period, the technologies rising in
offers, needs and searches, and the demand–supply gap) and the public summary at ``/stats``."""

import heapq
import time
from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from techport.extensions import db
from techport.inquiries.models import Inquiry
from techport.listings.models import Listing
from techport.listings.vocabulary import SECTORS, ListingKind
from techport.organisations.models import Organisation, OrganisationKind
from techport.reports import demand
from techport.reports.activity import first_publications, json_elements
from techport.reports.periods import Period

RISING_PER_SECTOR = 3


@dataclass(frozen=True)
class SectorTrend:
    sector: str
    new: dict[str, int]
    previous: dict[str, int]
    searches: int = 0
    searches_without_result: int = 0

    @property
    def gap(self) -> int:
        """Demand (needs and searches that found nothing) minus supply (offers and IP assets), in the period."""
        demand_count = self.new[ListingKind.NEED] + self.searches_without_result
        return demand_count - self.new[ListingKind.OFFER] - self.new[ListingKind.IP_ASSET]


def _new_by_sector_and_kind(period: Period) -> Counter:
    source, first_published_on = first_publications()
    sectors = json_elements(Listing.sectors)
    rows = db.session.execute(
        sa.select(sectors.c.value, Listing.kind, sa.func.count())
        .select_from(source)
        .join(sectors, sa.true())
        .where(first_published_on.between(period.start, period.end))
        .group_by(sectors.c.value, Listing.kind)
    )
    return Counter({(sector, kind.value): count for sector, kind, count in rows})


def sector_trends(period: Period, search_groups: list[tuple] | None = None) -> list[SectorTrend]:
    """Every sector of the vocabulary, in its order, so a sector with nothing new still shows."""
    now, before = _new_by_sector_and_kind(period), _new_by_sector_and_kind(period.previous())
    searches = demand.searches_by_sector(period, search_groups)
    return [
        SectorTrend(
            sector,
            {kind.value: now[sector, kind.value] for kind in ListingKind},
            {kind.value: before[sector, kind.value] for kind in ListingKind},
            searches.searches[sector],
            searches.without_result[sector],
        )
        for sector in SECTORS
    ]


def _listing_terms(period: Period) -> Counter:
    """(sector, keyword, kind) -> listings first published in the period; keywords are whole phrases."""
    source, first_published_on = first_publications()
    sectors, keywords = json_elements(Listing.sectors), json_elements(Listing.keywords)
    rows = db.session.execute(
        sa.select(sectors.c.value, keywords.c.value, Listing.kind, sa.func.count())
        .select_from(source)
        .join(sectors, sa.true())
        .join(keywords, sa.true())
        .where(first_published_on.between(period.start, period.end))
        .group_by(sectors.c.value, keywords.c.value, Listing.kind)
    )
    terms: Counter = Counter()
    for sector, keyword, kind, count in rows:
        terms[sector, str(keyword).casefold(), kind.value] += count
    return terms


@dataclass(frozen=True)
class RisingTerm:
    sector: str | None
    term: str
    offers: int
    needs: int
    searches: int
    previous: int

    @property
    def change(self) -> int:
        return self.offers + self.needs + self.searches - self.previous


def _term_totals(period: Period, search_groups: list[tuple] | None = None) -> Counter:
    totals = _listing_terms(period)
    for (sector, term), count in demand.search_terms(period, search_groups).items():
        totals[sector, term, "search"] += count
    return totals


def rising_terms(
    period: Period, per_sector: int = RISING_PER_SECTOR, search_groups: list[tuple] | None = None
) -> list[RisingTerm]:
    """Per sector (``None``: searches with no sector chosen), the keywords of new offers and needs and the
    words searched that rose most against the previous period."""
    now, before = _term_totals(period, search_groups), _term_totals(period.previous())
    previous: Counter = Counter()
    for (sector, term, kind), count in before.items():
        if kind != ListingKind.IP_ASSET:
            previous[sector, term] += count
    terms = {(sector, term) for sector, term, kind in now if kind != ListingKind.IP_ASSET}
    candidates = [
        RisingTerm(
            sector,
            term,
            now[sector, term, ListingKind.OFFER.value],
            now[sector, term, ListingKind.NEED.value],
            now[sector, term, "search"],
            previous[sector, term],
        )
        for sector, term in terms
    ]
    by_sector: dict[str | None, list[RisingTerm]] = {}
    for candidate in candidates:
        if candidate.change > 0:
            by_sector.setdefault(candidate.sector, []).append(candidate)
    rising = []
    for sector in [*SECTORS, None, *sorted(key for key in by_sector if key is not None and key not in SECTORS)]:
        rising += heapq.nsmallest(per_sector, by_sector.get(sector, []), key=lambda term: (-term.change, term.term))
    return rising


@dataclass(frozen=True)
class PublicSummary:
    offers: int
    needs: int
    ip_assets: int
    universities_with_ip_assets: int
    agreements_signed: int
    by_sector: Counter


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
    sectors = json_elements(Listing.sectors)
    by_sector = Counter(
        dict(
            db.session.execute(
                sa.select(sectors.c.value, sa.func.count())
                .select_from(Listing)
                .join(sectors, sa.true())
                .where(Listing.is_public)
                .group_by(sectors.c.value)
            ).all()
        )
    )
    return PublicSummary(
        offers=by_kind.get(ListingKind.OFFER, 0),
        needs=by_kind.get(ListingKind.NEED, 0),
        ip_assets=by_kind.get(ListingKind.IP_ASSET, 0),
        universities_with_ip_assets=universities,
        agreements_signed=agreements,
        by_sector=by_sector,
    )


def public_summary_for_home() -> PublicSummary:
    """``public_summary`` as the home page shows it: counted at most once per ``PUBLIC_SUMMARY_SECONDS`` in
    each web process. Counting scans every public listing (300 ms of each home page under load at 20,000
    listings, bench/load), and the figures change slowly."""
    seconds = current_app.config["PUBLIC_SUMMARY_SECONDS"]
    kept = current_app.extensions.setdefault("techport.public_summary", {})
    now = time.monotonic()
    if kept.get("until", 0.0) <= now:
        kept.update(summary=public_summary(), until=now + seconds)
    return kept["summary"]
