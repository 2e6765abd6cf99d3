"""Running searches against Elasticsearch, and shaping the answers for views and the API.

Engine access (the breaker, the budgets, ``SearchUnavailable`` and ``SearchRejected``) lives in ``engine``;
matching in ``matching``, re-exported here for the views. With the semantic layer on, a relevance-sorted
search fuses the text ranking with the query embedding's kNN ranking over its first ``FUSION_WINDOW`` hits,
weighted by the query's language and length (``hybrid``); later pages are ranked by text alone.
"""

from dataclasses import dataclass

from elasticsearch import Elasticsearch
from flask import current_app
from markupsafe import Markup

from techport.search import engine
from techport.search.breaker import BreakerState, search_breaker
from techport.search.client import search_client
from techport.search.embeddings import EmbeddingsUnavailable, encoder
from techport.search.engine import SearchRejected, SearchUnavailable
from techport.search.hybrid import FUSION_WINDOW, fuse, knn_clause, semantic_weight
from techport.search.matching import (
    Match,
    MatchReason,
    MatchSource,
    NeedMatches,
    is_new_match,
    match_source,
    match_text,
    matches_for,
    matches_for_needs,
)
from techport.search.query import (
    HIT_SOURCE,
    PUBLIC_ONLY,
    RANGE_FACETS,
    TERM_FACETS,
    TOTAL_AGGREGATION,
    SearchRequest,
    facets_body,
    search_body,
    selection_filters,
    suggestion_body,
)

__all__ = [
    "Match",
    "MatchReason",
    "MatchSource",
    "NeedMatches",
    "SearchRejected",
    "SearchUnavailable",
    "is_new_match",
    "match_source",
    "match_text",
    "matches_for",
    "matches_for_needs",
]

# Shorter than a search page's budget: a health check must answer before the load balancer gives up.
HEALTH_TIMEOUT_SECONDS = 1.0


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


def search_health(es: Elasticsearch | None = None) -> str:
    """ "ok" when the search alias answers within the health check's short budget, otherwise "unavailable"."""
    es = es or search_client()
    try:
        engine.guarded(
            lambda: es.options(request_timeout=engine.timeout(HEALTH_TIMEOUT_SECONDS)).count(index=engine.alias()).body
        )
    except (SearchUnavailable, SearchRejected):
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


def _semantic_weight(request: SearchRequest) -> float:
    """The kNN ranking's weight in this search; 0 when it is ranked by text alone."""
    if not request.text or request.sort != "relevance" or request.page * request.page_size > FUSION_WINDOW:
        return 0.0
    return semantic_weight(request.text) if encoder() is not None else 0.0


def query_vector(request: SearchRequest) -> list[float] | None:
    """The query's embedding when its search fuses the kNN ranking; None when it is ranked by text alone, and
    while the search breaker is open, when the search is about to fail at once (or probe) without it."""
    if not _semantic_weight(request) or search_breaker().state == BreakerState.OPEN:
        return None
    try:
        return encoder().queries([request.text])[0].tolist()
    except EmbeddingsUnavailable as error:
        current_app.logger.warning("searching without embeddings: %s", error)
        return None


def search_bodies(request: SearchRequest, vector: list[float] | None = None) -> list[dict]:
    """One search's bodies, sent together: its hits and its facets and, given the query's embedding, its kNN
    ranking, beside which the hits widen to the fusion window."""
    hits = search_body(request)
    if vector is None:
        return [hits, facets_body(request)]
    hits.update({"from": 0, "size": FUSION_WINDOW})
    knn_filters = [PUBLIC_ONLY, *selection_filters(request)]
    knn = {"knn": knn_clause(vector, knn_filters), "size": FUSION_WINDOW, "_source": HIT_SOURCE}
    return [hits, facets_body(request), knn]


def _fused_page(request: SearchRequest, text_hits: list[dict], knn_hits: list[dict], weight: float) -> tuple:
    """The requested page of the fused ranking, and how many kNN hits the text query did not find."""
    by_id = {int(hit["_id"]): hit for hit in text_hits}
    added = [hit for hit in knn_hits if int(hit["_id"]) not in by_id]
    by_id.update({int(hit["_id"]): {**hit, "_score": None} for hit in added})
    order = fuse([int(hit["_id"]) for hit in text_hits], [int(hit["_id"]) for hit in knn_hits], weight)
    start = (request.page - 1) * request.page_size
    return [by_id[listing_id] for listing_id in order[start : start + request.page_size]], len(added)


def search(request: SearchRequest, es: Elasticsearch | None = None) -> SearchResults:
    """One round trip to the node: the hits, the facets and, with the semantic layer on, the kNN ranking of
    the query's embedding (encoded first, in a few milliseconds), which the node runs side by side; a
    query without its embedding is ranked by text alone."""
    es = es or search_client()
    bodies = search_bodies(request, query_vector(request))
    response, facets_response, *knn_response = engine.run_searches(es, bodies, engine.timeout())
    page_hits, added = response["hits"]["hits"], 0
    if knn_response:
        page_hits, added = _fused_page(request, page_hits, knn_response[0]["hits"]["hits"], _semantic_weight(request))
    public_hits = engine.public_hits(page_hits)
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
    aggregations = facets_response["aggregations"]
    total = aggregations[TOTAL_AGGREGATION]["doc_count"] + added - (len(page_hits) - len(public_hits))
    suggestion = _suggestion_for(es, request.text) if not total and request.text else None
    return SearchResults(request, total, hits, _facets(aggregations, request), suggestion)


def _suggestion_for(es: Elasticsearch, text: str) -> str | None:
    """ "Did you mean", asked only when nothing matched; without it the empty page still answers."""
    try:
        response = engine.run_search(es, suggestion_body(text), engine.timeout())
    except (SearchUnavailable, SearchRejected):
        return None
    return _suggestion(response.get("suggest", {}), text)
