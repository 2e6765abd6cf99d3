"""Which of a batch of new listings each saved search finds, through Elasticsearch.

The node carries no percolator module (``percolator`` mappings are refused), so each saved search runs
as an ordinary query restricted to the candidate listings (``terms`` on their ids): a filter-only query
over at most a window's new listings, cheap enough that thousands go in a few ``msearch`` requests.
Identical saved searches (many people save "máy sấy") are asked once.

The search page ranks, so it lets any word match (``query.text_query``); an alert is an unranked list, so
here every word must match somewhere in the listing (``cross_fields`` with ``operator: and``), over the
same fields (``query.text_fields``: a Vietnamese query skips the English-stemmed ones). Filters are the
search page's own (``query.facet_filter``), validated by ``SearchRequest``.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from elasticsearch import ApiError, Elasticsearch, TransportError
from flask import current_app

from techport.search.client import search_client
from techport.search.index import alias_name
from techport.search.query import PUBLIC_ONLY, SearchRequest, facet_filter, text_fields

# At most this many hits per saved search and run; the mail lists fewer (services.ITEMS_PER_SEARCH_MAX).
HITS_PER_QUERY = 100
SEARCHES_PER_REQUEST = 250


class AlertSearchFailed(RuntimeError):
    """Elasticsearch could not answer; the run stops before it has written anything."""


@dataclass(frozen=True)
class AlertQuery:
    """The parts of a saved search that decide what it finds, hashable so identical ones are asked once."""

    text: str
    filters: tuple[tuple[str, tuple[str, ...]], ...]

    @classmethod
    def of(cls, text: str, filters: dict[str, list[str]]) -> "AlertQuery":
        request = SearchRequest(text=text, filters=dict(filters))
        return cls(request.text, tuple(sorted((name, tuple(values)) for name, values in request.filters.items())))


def alert_body(query: AlertQuery, candidate_ids: Sequence[int]) -> dict:
    """A filter-only query: the saved search's words and filters, among ``candidate_ids``."""
    clauses = [PUBLIC_ONLY, {"terms": {"listing_id": list(candidate_ids)}}]
    if query.text:
        clauses.append(
            {
                "multi_match": {
                    "query": query.text,
                    "fields": text_fields(query.text),
                    "type": "cross_fields",
                    "operator": "and",
                }
            }
        )
    clauses.extend(facet_filter(name, list(values)) for name, values in query.filters)
    return {
        "query": {"bool": {"filter": clauses}},
        "size": min(HITS_PER_QUERY, len(candidate_ids)),
        "sort": [{"published_on": {"order": "desc", "missing": "_last"}}, {"listing_id": "asc"}],
        "_source": False,
        "track_total_hits": False,
    }


def matching_ids(
    queries: Iterable[tuple[AlertQuery, Sequence[int]]], es: Elasticsearch | None = None
) -> list[list[int]]:
    """For each (query, candidate ids), the ids it finds, newest first; batched into ``msearch`` requests."""
    es = es or search_client()
    index = alias_name(current_app.config["SEARCH_INDEX_PREFIX"])
    bodies = [alert_body(query, ids) for query, ids in queries]
    found: list[list[int]] = []
    for start in range(0, len(bodies), SEARCHES_PER_REQUEST):
        searches = []
        for body in bodies[start : start + SEARCHES_PER_REQUEST]:
            searches.extend(({}, body))
        try:
            responses = es.msearch(index=index, searches=searches).body["responses"]
        except (TransportError, ApiError) as error:
            raise AlertSearchFailed(str(error)) from error
        for response in responses:
            if "error" in response:
                raise AlertSearchFailed(str(response["error"]))
            found.append([int(hit["_id"]) for hit in response["hits"]["hits"]])
    return found
