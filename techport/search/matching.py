"""Supply-demand matching: for a need, the offers and IP assets that could meet it, and the reverse.

The source listing's own text becomes a weighted query over the other side's documents, and its
structured fields add to the score: a sector in common, a TRL that fits, a transfer mode in common,
a price within the budget. Each clause is named, so every match can say why it ranked.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from techport.search.query import HIGHLIGHT_FIELDS, PUBLIC_ONLY

MATCH_TEXT_MAX_WORDS = 60
SHARED_TERMS_SHOWN = 6
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
MARKED = re.compile(r"<mark>(.*?)</mark>")
# Words that two listings share without it saying anything about their subject (folded forms).
FILLER_WORDS = frozenset(
    """
    cac cho co cua duoc dung den giai phap he thong khi khong la mot nhung nay qua ra roi sau so tai theo thi
    tren tu va ve voi trong bo cung mau nhu hon the and for the with from that this are can use
    """.split()
)
STRUCTURED_BOOSTS = {"sector": 3.0, "trl": 1.5, "transfer_mode": 1.0, "budget": 1.0}


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

    @property
    def is_need(self) -> bool:
        return self.kind == "need"


@dataclass
class MatchReason:
    code: str  # shared_terms, sector, trl, transfer_mode, budget
    values: list = field(default_factory=list)


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


def structured_clauses(source: MatchSource) -> list[dict]:
    clauses = []
    if source.sectors:
        clauses.append({"terms": {"sectors": source.sectors, "_name": "sector", "boost": STRUCTURED_BOOSTS["sector"]}})
    # A need states the minimum TRL it accepts; an offer meets needs whose minimum it reaches.
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


def match_body(source: MatchSource, size: int = 10) -> dict:
    target_kinds = ["offer", "ip_asset"] if source.is_need else ["need"]
    return {
        "query": {
            "bool": {
                "must": [
                    {
                        "multi_match": {
                            "query": query_text(source),
                            "fields": MATCH_FIELDS,
                            "type": "most_fields",
                            "operator": "or",
                            "_name": "text",
                        }
                    }
                ],
                "filter": [PUBLIC_ONLY, {"terms": {"kind": target_kinds}}],
                "must_not": [{"term": {"listing_id": source.listing_id}}],
                "should": [
                    {
                        "multi_match": {
                            "query": " ".join([source.title, *source.keywords]),
                            "fields": MATCH_FIELDS,
                            "type": "best_fields",
                            "tie_breaker": 0.3,
                            "boost": 4.0,
                            "_name": "subject",
                        }
                    },
                    *structured_clauses(source),
                ],
            }
        },
        "size": size,
        "highlight": {
            "pre_tags": ["<mark>"],
            "post_tags": ["</mark>"],
            "fields": {name: {"number_of_fragments": 3, "fragment_size": 120} for name in HIGHLIGHT_FIELDS},
        },
        "_source": {"excludes": ["description", "details"]},
    }


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKD", text.lower().replace("đ", "d")).encode("ascii", "ignore").decode()


def shared_terms(highlight: dict[str, list[str]]) -> list[str]:
    """The words both listings use, from the highlighted fields (title first), without filler words."""
    terms: list[str] = []
    seen: set[str] = set()
    for field_name in HIGHLIGHT_FIELDS:
        for fragment in highlight.get(field_name, []):
            for term in MARKED.findall(fragment):
                key = _folded(term)
                if key in seen or len(key) < 3 or key.isdigit() or key in FILLER_WORDS:
                    continue
                seen.add(key)
                terms.append(term)
    return terms[:SHARED_TERMS_SHOWN]


def reasons_for(source: MatchSource, hit: dict) -> list[MatchReason]:
    """Why ``hit`` matched ``source``: the shared terms, then each structured clause that matched."""
    document = hit["_source"]
    matched = set(hit.get("matched_queries", []))
    reasons = []
    terms = shared_terms(hit.get("highlight", {}))
    if terms:
        reasons.append(MatchReason("shared_terms", terms))
    if "sector" in matched:
        reasons.append(MatchReason("sector", [sector for sector in document["sectors"] if sector in source.sectors]))
    if "trl" in matched:
        reasons.append(MatchReason("trl", [document["trl"], source.trl]))
    if "transfer_mode" in matched:
        reasons.append(
            MatchReason("transfer_mode", [mode for mode in document["transfer_modes"] if mode in source.transfer_modes])
        )
    if "budget" in matched:
        reasons.append(MatchReason("budget", [document.get("price_vnd"), source.price_vnd]))
    return reasons
