"""Supply-demand matching: for a need (or a free-text need description), the offers and IP assets that could
meet it, and the reverse.

The source's own text becomes a weighted query over the other side's documents, and its structured fields add
to the score: a sector in common, a TRL that fits, a transfer mode in common, a price within the budget. Each
clause is named, so every match can say why it ranked. With the semantic layer on, the source's embedding
ranks the other side too (kNN) and both rankings are fused (``hybrid``); a relevance floor then drops the
matches too weak to show, and each shown match carries a strength (``reasons``).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from elasticsearch import Elasticsearch
from flask import current_app

from techport.listings.models import Listing
from techport.search import engine
from techport.search.client import search_client
from techport.search.embeddings import EmbeddingsUnavailable, encoder
from techport.search.hybrid import MATCHING_WEIGHT, cosine_from_score, fuse, knn_clause, query_language
from techport.search.query import PUBLIC_ONLY, WORD_FIELDS
from techport.search.reasons import (
    TERM_HIGHLIGHT_FIELDS,
    WORD_HIGHLIGHT_FIELDS,
    MatchReason,
    reasons_for,
    shared_phrases,
    strength,
)
from techport.search.vectors import stored_vector

MATCH_TEXT_MAX_WORDS = 60
# Shorter than a search page's budget: a listing page must not wait long for its matches.
MATCHES_TIMEOUT_SECONDS = 1.0
NEW_MATCH_DAYS = 30
# Ranks taken from the text and kNN sides before fusing (each text hit is highlighted for its reasons).
MATCH_WINDOW = 20
# Candidates the subject and word-level clauses rescore, as many as search rescores: 100 lost 0.009 of nDCG
# on the judged set's need-to-supply cases, 200 none.
MATCH_RESCORE_WINDOW = 200
MATCH_FIELDS = [
    "title^3",
    "title.en^1.5",
    "keywords^2.5",
    "keywords.en^1.5",
    "summary^1.5",
    "summary.en",
    "details",
    "details.en^0.5",
    "description",
    "description.en^0.5",
]
WORDS_BOOST = 0.3
STRUCTURED_BOOSTS = {"sector": 3.0, "trl": 1.5, "transfer_mode": 1.0, "budget": 1.0}
SUPPLY_KINDS = ["offer", "ip_asset"]


@dataclass
class MatchSource:
    """What matching needs to know about the listing it starts from."""

    listing_id: int
    kind: str
    title: str
    summary: str
    description: str
    details: str
    keywords: list[str]
    sectors: list[str]
    trl: int
    transfer_modes: list[str]
    price_vnd: int | None
    language: str = ""

    @property
    def is_need(self) -> bool:
        return self.kind == "need"


def query_text(source: MatchSource) -> str:
    """The source's words, title and keywords first, each once, capped so long descriptions stay cheap."""
    words: list[str] = []
    seen: set[str] = set()
    for part in (source.title, " ".join(source.keywords), source.summary, source.details, source.description):
        for word in part.split():
            key = word.strip(".,;:()[]\"'“”").lower()
            if key and key not in seen:
                seen.add(key)
                words.append(word)
            if len(words) >= MATCH_TEXT_MAX_WORDS:
                return " ".join(words)
    return " ".join(words)


def text_fields(source: MatchSource) -> list[str]:
    """The fields the source's text is matched on. A listing declared Vietnamese skips the English-stemmed
    ones, which only score its syllables a second time (half the clauses); a free text, whose language is
    only guessed, keeps them."""
    if source.listing_id and source.language == "vi":
        return [name for name in MATCH_FIELDS if ".en" not in name]
    return MATCH_FIELDS


def structured_clauses(source: MatchSource) -> list[dict]:
    clauses = []
    if source.sectors:
        clauses.append({"terms": {"sectors": source.sectors, "_name": "sector", "boost": STRUCTURED_BOOSTS["sector"]}})
    # A need states the minimum TRL it accepts; an offer meets needs whose minimum it reaches.
    if source.trl:
        trl_bound = {"gte": source.trl} if source.is_need else {"lte": source.trl}
        clauses.append({"range": {"trl": {**trl_bound, "_name": "trl", "boost": STRUCTURED_BOOSTS["trl"]}}})
    if source.transfer_modes:
        clauses.append(
            {
                "terms": {
                    "transfer_modes": source.transfer_modes,
                    "_name": "transfer_mode",
                    "boost": STRUCTURED_BOOSTS["transfer_mode"],
                }
            }
        )
    if source.price_vnd:
        price_bound = {"lte": source.price_vnd} if source.is_need else {"gte": source.price_vnd}
        clauses.append(
            {"range": {"price_vnd": {**price_bound, "_name": "budget", "boost": STRUCTURED_BOOSTS["budget"]}}}
        )
    return clauses


@dataclass
class Match:
    listing_id: int
    score: float
    document: dict
    reasons: list[MatchReason] = field(default_factory=list)
    strength: str = "partial"  # strong, good or partial


def match_body(source: MatchSource, size: int = 10, target_kinds: list[str] | None = None) -> dict:
    target_kinds = target_kinds or (SUPPLY_KINDS if source.is_need else ["need"])
    text = query_text(source)
    subject = " ".join([source.title, *source.keywords])
    return {
        "query": {
            "bool": {
                "must": [
                    {
                        "multi_match": {
                            "query": text,
                            "fields": text_fields(source),
                            "type": "most_fields",
                            "operator": "or",
                            "_name": "text",
                        }
                    }
                ],
                "filter": [PUBLIC_ONLY, {"terms": {"kind": target_kinds}}],
                "must_not": _itself(source),
                "should": structured_clauses(source),
            }
        },
        # The subject and word-level clauses lift the top candidates only: scoring them over every match cost
        # as much as the text query itself at 100,000 listings (bench/matching --profile).
        "rescore": {
            "window_size": max(MATCH_RESCORE_WINDOW, size),
            "query": {
                "rescore_query": {"bool": {"should": lifting_clauses(text, subject)}},
                "query_weight": 1,
                "rescore_query_weight": 1,
            },
        },
        "size": size,
        "highlight": {
            "pre_tags": ["<mark>"],
            "post_tags": ["</mark>"],
            # Each field highlighted by a match of the text on that field alone: the same marks as the whole
            # query gives (a field only shows its own clauses' terms), at a third of the time at 20,000 listings.
            "fields": {
                **{name: _highlighted(name, text, fragments=5) for name in WORD_HIGHLIGHT_FIELDS},
                **{name: _highlighted(name, text, fragments=3, subject=subject) for name in TERM_HIGHLIGHT_FIELDS},
            },
        },
        "_source": {"excludes": ["description", "details", "embedding"]},
    }


def lifting_clauses(text: str, subject: str) -> list[dict]:
    """What lifts a candidate above its text score: the source's subject (title and keywords) and the words
    (two-syllable shingles) it shares."""
    return [
        {
            "multi_match": {
                "query": subject,
                "fields": MATCH_FIELDS,
                "type": "best_fields",
                "tie_breaker": 0.3,
                "boost": 4.0,
            }
        },
        {"multi_match": {"query": text, "fields": WORD_FIELDS, "type": "most_fields", "boost": WORDS_BOOST}},
    ]


def _highlighted(field_name: str, text: str, fragments: int, subject: str = "") -> dict:
    query = {"match": {field_name: text}}
    if subject:
        query = {"bool": {"should": [query, {"match": {field_name: {"query": subject, "boost": 4.0}}}]}}
    return {"number_of_fragments": fragments, "fragment_size": 150, "highlight_query": query}


def _itself(source: MatchSource) -> list[dict]:
    """A listing never matches itself (a free-text source has no id)."""
    return [{"term": {"listing_id": source.listing_id}}] if source.listing_id else []


def _knn_filters(source: MatchSource, target_kinds: list[str]) -> list[dict]:
    return [PUBLIC_ONLY, {"terms": {"kind": target_kinds}}, {"bool": {"must_not": _itself(source)}}]


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
        language=listing.language.value,
    )


def _ranked(
    source: MatchSource, embed: Callable[[], list[float] | None], size: int, es: Elasticsearch, target_kinds: list[str]
) -> list[Match]:
    """Text and kNN rankings fused, reasons and strength attached, the tail below the floor cut. ``embed`` gives
    the source's vector and is called once the text query has answered, so a down engine fails fast."""
    seconds = engine.timeout(MATCHES_TIMEOUT_SECONDS)
    window = max(size * 2, MATCH_WINDOW)
    body = match_body(source, size=window, target_kinds=target_kinds)
    text_hits = engine.run_search(es, body, seconds, "matching")["hits"]["hits"]
    vector = embed()
    knn_hits: list[dict] = []
    if vector is not None:
        knn_body = {
            "knn": knn_clause(vector, _knn_filters(source, target_kinds), k=window),
            "size": window,
            "_source": ["listing_id"],
        }
        knn_hits = engine.run_search(es, knn_body, seconds, "matching")["hits"]["hits"]
    by_id = {int(hit["_id"]): hit for hit in text_hits}
    cosines = {int(hit["_id"]): cosine_from_score(hit["_score"]) for hit in knn_hits}
    if vector is not None:
        cosines.update(_cosines(es, vector, [listing_id for listing_id in by_id if listing_id not in cosines], seconds))
    order = fuse(list(by_id), list(cosines), MATCHING_WEIGHT) if vector is not None else list(by_id)
    missing = [listing_id for listing_id in order[: size * 2] if listing_id not in by_id]
    by_id.update(_documents(es, missing, seconds))
    best = max((hit["_score"] or 0 for hit in text_hits), default=0) or 1
    text_ids = {int(hit["_id"]) for hit in text_hits}
    matches = []
    for hit in engine.public_hits([by_id[listing_id] for listing_id in order[: size * 2] if listing_id in by_id]):
        listing_id = int(hit["_id"])
        cosine = cosines.get(listing_id)
        share = (hit.get("_score") or 0) / best if listing_id in text_ids else 0
        phrases = shared_phrases(hit.get("highlight", {}), hit["_source"].get("language") == "en")
        same_language = hit["_source"].get("language") == source.language
        grade = strength(len(phrases), cosine, share, same_language)
        if grade is None:
            continue
        matches.append(
            Match(listing_id, hit.get("_score") or 0, hit["_source"], reasons_for(source, hit, cosine), grade)
        )
        if len(matches) >= size:
            break
    return matches


def _cosines(es: Elasticsearch, vector: list[float], listing_ids: list[int], seconds: float) -> dict[int, float]:
    """The similarity of text hits that were not among the nearest neighbours (exact, over those few)."""
    if not listing_ids:
        return {}
    clause = knn_clause(vector, [{"terms": {"listing_id": listing_ids}}], k=len(listing_ids))
    clause.pop("similarity")
    body = {"knn": clause, "size": len(listing_ids), "_source": False}
    hits = engine.run_search(es, body, seconds, "matching")["hits"]["hits"]
    return {int(hit["_id"]): cosine_from_score(hit["_score"]) for hit in hits}


def _documents(es: Elasticsearch, listing_ids: list[int], seconds: float) -> dict[int, dict]:
    """The documents of kNN-only hits, as text hits without a text score."""
    if not listing_ids:
        return {}
    body = {
        "query": {"bool": {"filter": [PUBLIC_ONLY, {"terms": {"listing_id": listing_ids}}]}},
        "size": len(listing_ids),
        "_source": {"excludes": ["description", "details", "embedding"]},
    }
    return {
        int(hit["_id"]): {**hit, "_score": None}
        for hit in engine.run_search(es, body, seconds, "matching")["hits"]["hits"]
    }


def matches_for(listing: Listing, size: int = 10, es: Elasticsearch | None = None) -> list[Match]:
    """The listings on the other side of the market that could meet (or be met by) ``listing``.

    Matches are built from our own listing, so an engine refusal is our fault: it is logged and reported as
    unavailable rather than blamed on the visitor. The listing's stored embedding is used as it is; a page
    view never encodes.
    """
    es = es or search_client()
    source = match_source(listing)
    current = encoder()
    try:
        return _ranked(
            source,
            lambda: stored_vector(listing, current) if current else None,
            size,
            es,
            SUPPLY_KINDS if source.is_need else ["need"],
        )
    except engine.SearchRejected as error:
        current_app.logger.error("match query of listing %s rejected: %s", listing.id, error)
        raise engine.SearchUnavailable(str(error)) from error


def match_text(
    text: str, *, kinds: list[str] | None = None, size: int = 10, es: Elasticsearch | None = None
) -> list[Match]:
    """Supply (or ``kinds``) for a free-text need description, ranked and explained like a listing's matches.

    The text is embedded here (the caller caps its length); when the encoder fails, text ranking alone answers.
    """
    es = es or search_client()
    source = MatchSource(
        listing_id=0,
        kind="need",
        title="",
        summary=text,
        description="",
        details="",
        keywords=[],
        sectors=[],
        trl=0,
        transfer_modes=[],
        price_vnd=None,
        language="en" if query_language(text) == "en" else "vi",
    )

    def embed() -> list[float] | None:
        current = encoder()
        if current is None:
            return None
        try:
            return current.queries([text])[0].tolist()
        except EmbeddingsUnavailable as error:
            current_app.logger.warning("matching a text without embeddings: %s", error)
            return None

    return _ranked(source, embed, size, es, kinds or SUPPLY_KINDS)


@dataclass
class NeedMatches:
    need: Listing
    matches: list[Match]


def matches_for_needs(needs: list[Listing], per_need: int = 3, es: Elasticsearch | None = None) -> list[NeedMatches]:
    """The best supply for each of an organisation's published needs (the firm's dashboard)."""
    return [NeedMatches(need, matches_for(need, size=per_need, es=es)) for need in needs if need.is_public]


def is_new_match(match: Match, today) -> bool:
    published = match.document.get("published_on")
    return bool(published) and (today - date.fromisoformat(published)).days <= NEW_MATCH_DAYS
