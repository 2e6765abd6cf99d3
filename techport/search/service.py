"""Running searches and matches against Elasticsearch, and shaping the answers for views and the API.

Engine failures become ``SearchUnavailable`` so that callers can answer 503 (API) or say search is
unavailable (HTML) while the rest of the site keeps working; a hung engine opens the circuit breaker so that
pages stop waiting for it. A request the engine refuses as malformed (its 400) is ``SearchRejected``: the
caller's input is at fault, not the engine. Hits are checked against the database before they are shown,
because the index lags it whenever the indexer is behind or stopped.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from elasticsearch import ApiError, BadRequestError, ConnectionTimeout, Elasticsearch, TransportError
from elasticsearch import ConnectionError as ESConnectionError
from flask import current_app
from markupsafe import Markup

from techport.listings import queries as listing_queries
from techport.listings.models import Listing
from techport.search.breaker import search_breaker
from techport.search.client import search_client
from techport.search.index import alias_name
from techport.search.matching import MatchReason, MatchSource, match_body, reasons_for
from techport.search.query import RANGE_FACETS, TERM_FACETS, SearchRequest, search_body

# Shorter budgets than a search page's: a health check must answer before the load balancer gives up, and a
# listing page must not wait long for its matches.
HEALTH_TIMEOUT_SECONDS = 1.0
MATCHES_TIMEOUT_SECONDS = 1.0


class SearchUnavailable(RuntimeError):
    """Elasticsearch could not answer."""


class SearchRejected(ValueError):
    """Elasticsearch refused the request as malformed (HTTP 400), e.g. a filter value too long to be a term."""


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


def _timeout(limit: float | None = None) -> float:
    budget = current_app.config["SEARCH_TIMEOUT_SECONDS"]
    return budget if limit is None else min(budget, limit)


def _guarded(call: Callable[[], dict]) -> dict:
    """Run one engine call through the breaker; only timeouts and connection failures count against the node."""
    breaker = search_breaker()
    if not breaker.allow():
        raise SearchUnavailable("search circuit is open after repeated timeouts")
    node_failed = False
    try:
        return call()
    except (ESConnectionError, ConnectionTimeout) as error:
        node_failed = True
        current_app.logger.warning("search unavailable: %s", error)
        raise SearchUnavailable(str(error)) from error
    except BadRequestError as error:
        current_app.logger.info("search rejected: %s", error)
        raise SearchRejected(str(error)) from error
    except (TransportError, ApiError) as error:
        current_app.logger.warning("search unavailable: %s", error)
        raise SearchUnavailable(str(error)) from error
    finally:
        if node_failed:
            breaker.record_failure()
        else:
            breaker.record_success()


def _search(es: Elasticsearch, body: dict, timeout: float) -> dict:
    return _guarded(lambda: es.options(request_timeout=timeout).search(index=_alias(), **body).body)


def search_health(es: Elasticsearch | None = None) -> str:
    """ "ok" when the search alias answers within the health check's short budget, otherwise "unavailable"."""
    es = es or search_client()
    try:
        _guarded(lambda: es.options(request_timeout=_timeout(HEALTH_TIMEOUT_SECONDS)).count(index=_alias()).body)
    except (SearchUnavailable, SearchRejected):
        return "unavailable"
    return "ok"


def _public_hits(hits: list[dict]) -> list[dict]:
    """The hits whose listings are still public in the database (one query for the page)."""
    public = listing_queries.public_listing_ids([int(hit["_id"]) for hit in hits])
    return [hit for hit in hits if int(hit["_id"]) in public]


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
    response = _search(es, search_body(request), _timeout())
    public_hits = _public_hits(response["hits"]["hits"])
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
        for hit in public_hits
    ]
    total = response["hits"]["total"]["value"] - (len(response["hits"]["hits"]) - len(public_hits))
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
    """The listings on the other side of the market that could meet (or be met by) ``listing``.

    Matches are built from our own listing, so an engine refusal is our fault: it is logged and reported as
    unavailable rather than blamed on the visitor.
    """
    es = es or search_client()
    source = match_source(listing)
    try:
        response = _search(es, match_body(source, size=size), _timeout(MATCHES_TIMEOUT_SECONDS))
    except SearchRejected as error:
        current_app.logger.error("match query of listing %s rejected: %s", listing.id, error)
        raise SearchUnavailable(str(error)) from error
    return [
        Match(int(hit["_id"]), hit["_score"], hit["_source"], reasons_for(source, hit))
        for hit in _public_hits(response["hits"]["hits"])
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
