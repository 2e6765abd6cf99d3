"""What users look for, from the search log: top searches, searches that found nothing, and public needs
without a strong match, per sector.

"Without a strong match" is computed from the database, not from the matching service (one search per need
would take minutes over a year's needs): a need has a strong match when a public offer or IP asset shares
one of its sectors and one of its keywords.
"""

from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa

from techport.extensions import db
from techport.listings.models import Listing
from techport.listings.vocabulary import ListingKind
from techport.reports.activity import json_elements
from techport.reports.models import SearchLogEntry
from techport.reports.periods import Period

TOP_SEARCHES = 15


def _in(period: Period):
    start, end = period.moments()
    return sa.and_(SearchLogEntry.searched_at >= start, SearchLogEntry.searched_at < end)


@dataclass(frozen=True)
class QueryCount:
    query: str
    searches: int
    without_result: int


def top_searches(
    period: Period,
    *,
    without_result_only: bool = False,
    limit: int = TOP_SEARCHES,
    groups: list[tuple] | None = None,
) -> list[QueryCount]:
    """The words searched most often (a search with filters only is left out), most frequent first; from the
    period's ``search_groups`` when the caller has them already."""
    searches: Counter = Counter()
    empty: Counter = Counter()
    for _sector, text, count, without_result in search_groups(period) if groups is None else groups:
        if text:
            searches[text] += count
            empty[text] += without_result
    ranking = empty if without_result_only else searches
    chosen = sorted((text for text in searches if ranking[text] > 0), key=lambda text: (-ranking[text], text))
    return [QueryCount(text, searches[text], empty[text]) for text in chosen[:limit]]


@dataclass(frozen=True)
class SectorSearches:
    searches: Counter
    without_result: Counter
    top_query: dict[str, str]


def search_groups(period: Period) -> list[tuple]:
    """(sector, words, searches, searches with no result) of the period: one query the sections share."""
    return db.session.execute(
        sa.select(
            SearchLogEntry.sector,
            SearchLogEntry.query,
            sa.func.count(SearchLogEntry.id),
            sa.func.count(SearchLogEntry.id).filter(SearchLogEntry.result_count == 0),
        )
        .where(_in(period))
        .group_by(SearchLogEntry.sector, SearchLogEntry.query)
    ).all()


def searches_by_sector(period: Period, groups: list[tuple] | None = None) -> SectorSearches:
    """Per sector filtered on (``None``: no sector chosen): searches, those without result, the top words."""
    searches, without_result, best = Counter(), Counter(), {}
    for sector, text, count, empty in search_groups(period) if groups is None else groups:
        searches[sector] += count
        without_result[sector] += empty
        # The most searched words of the sector; on a tie, the first in alphabetical order.
        if text and (sector not in best or (-count, text) < (-best[sector][0], best[sector][1])):
            best[sector] = (count, text)
    return SectorSearches(searches, without_result, {sector: text for sector, (_, text) in best.items()})


def search_terms(period: Period, groups: list[tuple] | None = None) -> Counter:
    """(sector, words) -> searches in the period; the sector is ``None`` when none was chosen."""
    rows = search_groups(period) if groups is None else groups
    return Counter({(sector, text): count for sector, text, count, _ in rows if text})


def unmatched_needs(period: Period) -> Counter:
    """Per sector, the public needs published in the period with no strong match (see the module's note)."""
    supply_sectors, supply_keywords = json_elements(Listing.sectors), json_elements(Listing.keywords)
    supplied = {
        (sector, str(keyword).casefold())
        for sector, keyword in db.session.execute(
            sa.select(supply_sectors.c.value, supply_keywords.c.value)
            .distinct()
            .select_from(Listing)
            .join(supply_sectors, sa.true())
            .join(supply_keywords, sa.true())
            .where(Listing.is_public, Listing.kind != ListingKind.NEED)
        )
    }
    unmatched: Counter = Counter()
    needs = db.session.execute(
        sa.select(Listing.sectors, Listing.keywords).where(
            Listing.is_public, Listing.kind == ListingKind.NEED, Listing.published_on.between(period.start, period.end)
        )
    )
    for sectors, keywords in needs:
        pairs = {(sector, str(keyword).casefold()) for sector in sectors or [] for keyword in keywords or []}
        if not pairs & supplied:
            unmatched.update(sectors or [])
    return unmatched
