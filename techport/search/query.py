"""Pure builders of Elasticsearch request bodies for search and matching.

No I/O here, so the builders are unit-tested directly. User text only ever reaches ``multi_match``
(never ``query_string``), and its length is capped by ``SearchRequest``.
"""

from dataclasses import dataclass, field

from techport.search.hybrid import query_language
from techport.search.translation import vietnamese_rendition

# Every search and match query carries this filter: "not public" stand-in documents are never found.
PUBLIC_ONLY = {"term": {"public": True}}
MAX_QUERY_LENGTH = 200
PAGE_SIZE = 20
MAX_RESULT_WINDOW = 10_000
# The facets request's count of every match under every selection: the search's total.
TOTAL_AGGREGATION = "total"
# How many top hits the phrase and exact clauses rescore.
RESCORE_WINDOW = 200
FACET_SIZE = 30

# Weighted text fields: folded (with or without diacritics), exact (diacritics kept) and English.
TEXT_FIELDS = [
    "title^4",
    "title.en^2",
    "keywords^3",
    "keywords.en^1.5",
    "summary^2",
    "summary.en",
    "description",
    "description.en^0.5",
    "details",
    "details.en^0.5",
    "inventors",
    "organisation.name_vi",
    "organisation.name_en",
]
EXACT_FIELDS = ["title.exact^2", "summary.exact", "description.exact^0.5", "keywords.exact^1.5"]
PHRASE_FIELDS = ["title^3", "summary^2", "description"]
# Syllable shingles: a Vietnamese (or English) word of two or three syllables shared with the query.
WORD_FIELDS = ["title.words^3", "keywords.words^2.5", "summary.words^2", "details.words", "description.words"]
WORDS_BOOST = 0.5
# The Vietnamese rendition's weight; 3 measured best on the judged set's English queries (bench/relevance).
RENDITION_BOOST = 3
HIGHLIGHT_FIELDS = ("title", "summary", "description", "details")
# What a hit carries back: the long texts and the embedding stay in the index.
HIT_SOURCE = {"excludes": ["description", "details", "embedding"]}

# Facets: name -> document field. Every facet is a multi-select filter.
TERM_FACETS = {
    "kind": "kind",
    "sector": "sectors",
    "ip_type": "ip_type",
    "legal_status": "legal_status",
    "transfer_mode": "transfer_modes",
    "organisation": "organisation.slug",
    "province": "organisation.province",
    "language": "language",
}
TRL_BUCKETS = {"1-3": (1, 3), "4-6": (4, 6), "7-9": (7, 9)}
PRICE_BUCKETS = {
    "under-100m": (None, 100_000_000),
    "100m-500m": (100_000_000, 500_000_000),
    "500m-2b": (500_000_000, 2_000_000_000),
    "over-2b": (2_000_000_000, None),
}
RANGE_FACETS = {"trl": ("trl", TRL_BUCKETS), "price": ("price_vnd", PRICE_BUCKETS)}
SORTS = {
    "relevance": None,
    "newest": [{"published_on": {"order": "desc", "missing": "_last"}}, "_score"],
    "trl": [{"trl": "desc"}, "_score"],
}


class InvalidSearch(ValueError):
    """A parameter of the search is out of bounds; the message says which and why."""

    def __init__(self, message: str, *, too_long: bool = False, oversized_filter: bool = False):
        super().__init__(message)
        self.too_long = too_long
        self.oversized_filter = oversized_filter


@dataclass
class SearchRequest:
    text: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    page_size: int = PAGE_SIZE

    def __post_init__(self):
        self.text = " ".join(self.text.split())
        if len(self.text) > MAX_QUERY_LENGTH:
            raise InvalidSearch(
                f"the query is {len(self.text)} characters long; the limit is {MAX_QUERY_LENGTH}", too_long=True
            )
        if self.sort not in SORTS:
            raise InvalidSearch(f"sort must be one of {', '.join(SORTS)}")
        if self.page < 1 or self.page_size < 1 or self.page_size > 100:
            raise InvalidSearch("page must be 1 or more and page_size from 1 to 100")
        if self.page * self.page_size > MAX_RESULT_WINDOW:
            raise InvalidSearch(f"results beyond the first {MAX_RESULT_WINDOW} are not available; refine the query")
        known = set(TERM_FACETS) | set(RANGE_FACETS)
        unknown = sorted(set(self.filters) - known)
        if unknown:
            raise InvalidSearch(f"unknown filter(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        for name, (_, buckets) in RANGE_FACETS.items():
            bad = [value for value in self.filters.get(name, []) if value not in buckets]
            if bad:
                raise InvalidSearch(f"{name} must be one of {', '.join(buckets)}")
        self.filters = {name: list(dict.fromkeys(values)) for name, values in self.filters.items() if values}


def text_fields(text: str) -> list[str]:
    """The fields a query's terms are looked for in. A Vietnamese query (with its marks or without) skips
    the English-stemmed fields: without the folded fields' synonyms and compounds, they matched any single
    syllable ("xu", "ly"), a median 60% of the benchmark corpus instead of 11%, and halved the request's
    speed at 100,000 listings (bench/search), for the same ranking on the judged set (bench/relevance)."""
    if query_language(text) in ("vi", "vi_unaccented"):
        return [name for name in TEXT_FIELDS if ".en" not in name]
    return TEXT_FIELDS


def text_query(text: str, filters: list[dict] | tuple = ()) -> dict:
    """Relevance for free text: any folded term may match (a minimum_should_match here measured worse on
    the judged set, bench/relevance), scored by its best field alone (``tie_breaker`` 0), which lets
    Lucene skip the hits that cannot reach the page: 2× faster at 1,000,000 listings with the same
    ranking on the judged set (bench/search, bench/relevance). Phrases and exact spellings add to the
    score in ``rescore_clauses``, over the top hits only. Only public documents are ever found."""
    if not text:
        return {"bool": {"must": [{"match_all": {}}], "filter": [PUBLIC_ONLY, *filters]}}
    return {
        "bool": {
            "filter": [PUBLIC_ONLY, *filters],
            "must": [
                {
                    "multi_match": {
                        "query": text,
                        "fields": text_fields(text),
                        "type": "best_fields",
                        "tie_breaker": 0,
                        "operator": "or",
                    }
                }
            ],
        }
    }


def rescore_clauses(text: str) -> list[dict]:
    """What lifts a hit above its terms' score: the query as a phrase, its exact spelling, its words and,
    for an English query, its Vietnamese rendition."""
    return [
        {"multi_match": {"query": text, "fields": PHRASE_FIELDS, "type": "phrase", "slop": 2, "boost": 2}},
        {"multi_match": {"query": text, "fields": EXACT_FIELDS, "type": "best_fields", "boost": 0.5}},
        {
            "multi_match": {
                "query": text,
                "fields": WORD_FIELDS,
                "type": "best_fields",
                "tie_breaker": 0.3,
                "boost": WORDS_BOOST,
            }
        },
        *rendition_clauses(text),
    ]


def rendition_clauses(text: str) -> list[dict]:
    """An English query's glossary rendition in Vietnamese, over the word-level fields, so the Vietnamese
    listings on its topic compete with the English ones (techport.search.translation)."""
    if query_language(text) != "en":
        return []
    rendition = vietnamese_rendition(text)
    if not rendition:
        return []
    return [
        {
            "multi_match": {
                "query": rendition,
                "fields": WORD_FIELDS,
                "type": "best_fields",
                "tie_breaker": 0.3,
                "boost": RENDITION_BOOST,
            }
        }
    ]


def facet_filter(name: str, values: list[str]) -> dict:
    if name in TERM_FACETS:
        return {"terms": {TERM_FACETS[name]: values}}
    field_name, buckets = RANGE_FACETS[name]
    ranges = []
    for value in values:
        low, high = buckets[value]
        bounds = {
            key: bound for key, bound in (("gte", low), ("lte" if name == "trl" else "lt", high)) if bound is not None
        }
        ranges.append({"range": {field_name: bounds}})
    return {"bool": {"should": ranges, "minimum_should_match": 1}}


def _facet_aggregation(name: str) -> dict:
    if name in TERM_FACETS:
        return {"terms": {"field": TERM_FACETS[name], "size": FACET_SIZE}}
    field_name, buckets = RANGE_FACETS[name]
    ranges = []
    for key, (low, high) in buckets.items():
        bucket = {"key": key}
        if low is not None:
            bucket["from"] = low
        if high is not None:
            bucket["to"] = high + 1 if name == "trl" else high
        ranges.append(bucket)
    return {"range": {"field": field_name, "ranges": ranges}}


def selection_filters(request: SearchRequest) -> list[dict]:
    return [facet_filter(name, values) for name, values in request.filters.items()]


def search_body(request: SearchRequest) -> dict:
    """The hits of a search, filtered by every selection; the facets are a request of their own
    (``facets_body``), sent beside it in one ``msearch``.

    Lean by measurement (bench/search --profile): without aggregations in it, the text query skips the
    hits that cannot reach the page, from the first hit on, since it counts nothing: the total is the
    facets request's (``TOTAL_AGGREGATION``), which visits every match anyway; the phrase and exact clauses
    rescore the top ``RESCORE_WINDOW`` hits instead of scoring every match; "did you mean" is asked
    separately, only when nothing matched (``suggestion_body``)."""
    start = (request.page - 1) * request.page_size
    body = {
        "query": text_query(request.text, selection_filters(request)),
        "from": start,
        "size": request.page_size,
        "track_total_hits": False,
        "highlight": {
            "encoder": "html",
            "pre_tags": ["<mark>"],
            "post_tags": ["</mark>"],
            "fields": {name: {"number_of_fragments": 2, "fragment_size": 160} for name in HIGHLIGHT_FIELDS},
        },
        "_source": HIT_SOURCE,
    }
    if SORTS[request.sort]:
        body["sort"] = SORTS[request.sort]
    elif request.text:
        body["rescore"] = rescore(request.text, start + request.page_size)
    if request.text:
        for name in HIGHLIGHT_FIELDS:
            body["highlight"]["fields"][name]["highlight_query"] = field_highlight_query(name, request.text)
    return body


def facets_body(request: SearchRequest) -> dict:
    """The facets of a search: every facet counts the text's matches under the other facets' selections
    (a multi-select filter), and ``TOTAL_AGGREGATION`` counts them under all of them, exactly, which is the
    search's total. The text only filters here (no scores), and the request, having no hits, is one
    Elasticsearch's request cache can answer again until the index changes."""
    selections = {name: facet_filter(name, values) for name, values in request.filters.items()}
    aggregations = {}
    for name in [*TERM_FACETS, *RANGE_FACETS]:
        others = [clause for other, clause in selections.items() if other != name]
        aggregations[name] = {"filter": {"bool": {"filter": others}}, "aggs": {"values": _facet_aggregation(name)}}
    aggregations[TOTAL_AGGREGATION] = {"filter": {"bool": {"filter": list(selections.values())}}}
    return {
        "size": 0,
        "track_total_hits": False,
        "query": {"bool": {"filter": [text_query(request.text)]}},
        "aggs": aggregations,
    }


def field_highlight_query(field_name: str, text: str) -> dict:
    """What marks ``field_name`` in a hit: the text's terms in that field, and the text as a phrase where
    phrases lift the score (marked whole). The same marks as the whole query with its lifting clauses (a
    field shows only its own clauses' terms), for a fifth of the time: highlighting with the whole query
    re-ran every field's synonyms and phrases over each returned hit (bench/matching, 20,000 listings)."""
    clauses = [{"match": {field_name: text}}]
    if any(phrase_field.split("^")[0] == field_name for phrase_field in PHRASE_FIELDS):
        clauses.append({"match_phrase": {field_name: {"query": text, "slop": 2}}})
    return {"bool": {"should": clauses}}


def rescore(text: str, depth: int) -> dict:
    """The phrase and exact clauses added to the score of the top hits (at least the ``depth`` requested,
    so that a page never straddles rescored and plain scores)."""
    return {
        "window_size": max(RESCORE_WINDOW, depth),
        "query": {
            "rescore_query": {"bool": {"should": rescore_clauses(text)}},
            "query_weight": 1,
            "rescore_query_weight": 1,
        },
    }


def suggestion_body(text: str) -> dict:
    """A request for "did you mean" alone: made only when a search found nothing."""
    return {
        "size": 0,
        "track_total_hits": False,
        "query": {"match_none": {}},
        "suggest": {
            "text": text,
            "did_you_mean": {"term": {"field": "title", "suggest_mode": "always", "min_word_length": 3}},
        },
    }
