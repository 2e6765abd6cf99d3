"""Running searches and matches against Elasticsearch, and shaping the answers for views and the API.

Engine failures become ``SearchUnavailable`` so that callers can answer 503 (API) or say search is
unavailable (HTML) while the rest of the site keeps working.
"""

from dataclasses import dataclass, field
from datetime import date

from elasticsearch import ApiError, Elasticsearch, TransportError
from flask import current_app
from markupsafe import Markup

from techport.listings.models import Listing
from techport.search.client import search_client
from techport.search.index import alias_name
from techport.search.matching import MatchReason, MatchSource, match_body, reasons_for
from techport.search.query import RANGE_FACETS, TERM_FACETS, SearchRequest, search_body


class SearchUnavailable(RuntimeError):
    """Elasticsearch could not answer."""


@dataclass
class Hit:
    listing_id: int
    score: float | None
    document: dict
    highlights: dict[str, list[Markup]]


@dataclass
class FacetValue:
    value: str
    count: int
    selected: bool


@dataclass
class SearchResults:
    request: SearchRequest
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    suggestion: str | None = None

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.request.page_size))


@dataclass
class Match:
    listing_id: int
    score: float
    document: dict
    reasons: list[MatchReason] = field(default_factory=list)


def _alias() -> str:
    return alias_name(current_app.config["SEARCH_INDEX_PREFIX"])


def _search(es: Elasticsearch, body: dict) -> dict:
    """One search with the page's time budget: a slow engine must not hold a page for long."""
    try:
        client = es.options(request_timeout=current_app.config["SEARCH_TIMEOUT_SECONDS"])
        return client.search(index=_alias(), **body).body
    except (TransportError, ApiError) as error:
        current_app.logger.warning("search unavailable: %s", error)
        raise SearchUnavailable(str(error)) from error


def search_health(es: Elasticsearch | None = None) -> str:
    """ "ok" when the search alias answers, otherwise "unavailable"."""
    es = es or search_client()
    try:
        es.options(request_timeout=current_app.config["SEARCH_TIMEOUT_SECONDS"]).count(index=_alias())
    except (TransportError, ApiError):
        return "unavailable"
    return "ok"


def _facets(aggregations: dict, request: SearchRequest) -> dict[str, list[FacetValue]]:
    facets = {}
    for name in [*TERM_FACETS, *RANGE_FACETS]:
        selected = set(request.filters.get(name, []))
        buckets = aggregations[name]["values"]["buckets"]
        values = [
            FacetValue(str(bucket["key"]), bucket["doc_count"], str(bucket["key"]) in selected) for bucket in buckets
        ]
        present = {value.value for value in values}
        values.extend(FacetValue(value, 0, True) for value in selected - present)
        facets[name] = [value for value in values if value.count or value.selected]
    return facets


def _suggestion(suggest: dict, text: str) -> str | None:
    """A corrected query built from the term suggester, when it has corrections."""
    corrected, changed = [], False
    for entry in suggest.get("did_you_mean", []):
        options = entry.get("options", [])
        if options:
            corrected.append(options[0]["text"])
            changed = True
        else:
            corrected.append(entry["text"])
    return " ".join(corrected) if changed and " ".join(corrected) != text.lower() else None


def search(request: SearchRequest, es: Elasticsearch | None = None) -> SearchResults:
    es = es or search_client()
    response = _search(es, search_body(request))
    hits = [
        Hit(
            listing_id=int(hit["_id"]),
            score=hit.get("_score"),
            document=hit["_source"],
            highlights={
                name: [Markup(fragment) for fragment in fragments]
                for name, fragments in hit.get("highlight", {}).items()
            },
        )
        for hit in response["hits"]["hits"]
    ]
    total = response["hits"]["total"]["value"]
    suggestion = _suggestion(response.get("suggest", {}), request.text) if not total and request.text else None
    return SearchResults(request, total, hits, _facets(response["aggregations"], request), suggestion)


def match_source(listing: Listing) -> MatchSource:
    return MatchSource(
        listing_id=listing.id,
        kind=listing.kind.value,
        title=listing.title,
        summary=listing.summary,
        description=listing.description,
        details=listing.specification_sought if listing.kind.value == "need" else listing.advantages,
        keywords=list(listing.keywords),
        sectors=list(listing.sectors),
        trl=listing.trl,
        transfer_modes=list(listing.transfer_modes),
        price_vnd=listing.price_vnd,
    )


def matches_for(listing: Listing, size: int = 10, es: Elasticsearch | None = None) -> list[Match]:
    """The listings on the other side of the market that could meet (or be met by) ``listing``."""
    es = es or search_client()
    source = match_source(listing)
    response = _search(es, match_body(source, size=size))
    return [
        Match(int(hit["_id"]), hit["_score"], hit["_source"], reasons_for(source, hit))
        for hit in response["hits"]["hits"]
    ]


@dataclass
class NeedMatches:
    need: Listing
    matches: list[Match]


NEW_MATCH_DAYS = 30


def matches_for_needs(needs: list[Listing], per_need: int = 3, es: Elasticsearch | None = None) -> list[NeedMatches]:
    """The best supply for each of an organisation's published needs (the firm's dashboard)."""
    return [NeedMatches(need, matches_for(need, size=per_need, es=es)) for need in needs if need.is_public]


def is_new_match(match: Match, today) -> bool:
    published = match.document.get("published_on")
    return bool(published) and (today - date.fromisoformat(published)).days <= NEW_MATCH_DAYS
