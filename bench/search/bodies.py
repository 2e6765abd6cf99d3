"""The request bodies the search benchmark compares, and a summary of Elasticsearch's profile of them.

``old_body`` is the body before issue 19 (phrase and exact clauses as ``should`` over every match, an exact
total, highlight and "did you mean" in every request, the facets in the same request), kept here so that every
run measures it beside the lean request: ``techport.search.service.search_bodies``, the hits, the facets and,
given the query's embedding, its kNN ranking, sent together in one ``msearch``. A body maker returns the list
of bodies of one search.
"""

import copy
from collections import defaultdict

from techport.search.query import (
    SearchRequest,
    facets_body,
    rescore_clauses,
    search_body,
    selection_filters,
    text_query,
)
from techport.search.service import search_bodies

SUGGEST = {"term": {"field": "title", "suggest_mode": "always", "min_word_length": 3}}


def old_body(request: SearchRequest, vector: list[float] | None = None) -> list[dict]:
    """Text only, as before the semantic layer rode in the same request (``vector`` is not used)."""
    body = copy.deepcopy(search_body(request))
    body["query"] = text_query(request.text)
    if request.text:
        body["query"]["bool"]["must"][0]["multi_match"]["tie_breaker"] = 0.3
    body["post_filter"] = {"bool": {"filter": selection_filters(request)}}
    body["aggs"] = facets_body(request)["aggs"]
    body.pop("rescore", None)
    body["track_total_hits"] = True
    for options in body["highlight"]["fields"].values():
        options.pop("highlight_query", None)
    if request.text:
        body["query"]["bool"]["should"] = rescore_clauses(request.text)
        body["suggest"] = {"text": request.text, "did_you_mean": SUGGEST}
    return [body]


def new_body(request: SearchRequest, vector: list[float] | None = None) -> list[dict]:
    return search_bodies(request, vector)


BODIES = {"old": old_body, "new": new_body}


def _query_times(node: dict, depth: int, into: dict) -> None:
    label = f"{'  ' * depth}{node['type']}"
    if depth <= 2:
        into[label] += node["time_in_nanos"]
    for child in node.get("children", []) if depth < 2 else []:
        _query_times(child, depth + 1, into)


def profile_summary(responses: list[dict]) -> list[tuple[str, float]]:
    """Milliseconds per part of the request, summed over ``responses`` (search with ``"profile": true``):
    the query tree to two levels, rescore, collectors, each aggregation, and the fetch phase (highlight)."""
    totals: dict[str, float] = defaultdict(float)
    for response in responses:
        for shard in response["profile"]["shards"]:
            for search in shard["searches"]:
                for node in search["query"]:
                    _query_times(node, 0, totals)
                totals["rescore"] += sum(rescore.get("time_in_nanos", 0) for rescore in search.get("rescore", []))
                for collector in search.get("collector", []):
                    totals[f"collector {collector['name']}"] += collector["time_in_nanos"]
            for aggregation in shard.get("aggregations", []):
                totals[f"aggregation {aggregation['description']}"] += aggregation["time_in_nanos"]
            fetch = shard.get("fetch")
            if fetch:
                totals["fetch (source, highlight)"] += fetch["time_in_nanos"]
    return sorted(((label, nanos / 1e6) for label, nanos in totals.items()), key=lambda item: -item[1])
