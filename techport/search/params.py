"""What the search page and the JSON API accept: the known values of each coded filter, the cap on search text,
and the body of ``POST /api/v1/match``.

Long text is not refused: a search reads its first ``SEARCH_TEXT_MAX`` characters (cut at a word boundary)
and says so (``truncated``), because beyond that more words make ranking slower, not better.
"""

from dataclasses import dataclass

from techport.input_guards import has_forbidden_characters
from techport.ip_assets.vocabulary import IpType, LegalStatus
from techport.listings.vocabulary import SECTORS, TRANSFER_MODES, Language, ListingKind
from techport.search.query import MAX_QUERY_LENGTH

SEARCH_TEXT_MAX = MAX_QUERY_LENGTH
MATCH_TEXT_MAX = 4000
MATCH_SIZE_MAX = 50
MATCH_SIZE_DEFAULT = 10
SUPPLY_KINDS = [ListingKind.OFFER.value, ListingKind.IP_ASSET.value]
# Filters whose values are codes: anything else is a mistake worth naming, with the codes that exist.
KNOWN_VALUES = {
    "kind": [kind.value for kind in ListingKind],
    "sector": list(SECTORS),
    "ip_type": [ip_type.value for ip_type in IpType],
    "legal_status": [status.value for status in LegalStatus],
    "transfer_mode": list(TRANSFER_MODES),
    "language": [language.value for language in Language],
}
MATCH_FIELDS = ("text", "kind", "sector", "size")


def capped_text(text: str, limit: int = SEARCH_TEXT_MAX) -> tuple[str, bool]:
    """``text`` with its whitespace collapsed and cut to ``limit`` characters at a word boundary, and whether
    it was cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text, False
    cut = text[: limit + 1]
    head = cut.rsplit(" ", 1)[0] if " " in cut else cut[:limit]
    return head[:limit].rstrip(), True


def unknown_value_message(name: str, values: list[str]) -> str | None:
    """The message for the first value of coded filter ``name`` that is not one of its codes, or None."""
    known = KNOWN_VALUES.get(name)
    if known is None:
        return None
    unknown = [value for value in values if value not in known]
    if not unknown:
        return None
    return f"{name} {unknown[0]!r} is unknown; {name} must be one of {', '.join(known)}"


class UnknownValue(ValueError):
    """A coded field holds a value that is not one of its codes (400, with the known codes)."""


@dataclass
class MatchRequest:
    text: str
    kinds: list[str]
    sector: str | None
    size: int


def _text_problem(value) -> str | None:
    if not isinstance(value, str):
        return "must be a string: the need, in your own words"
    text = " ".join(value.split())
    if not text:
        return "must not be empty"
    if len(text) > MATCH_TEXT_MAX:
        return f"has {len(text)} characters; at most {MATCH_TEXT_MAX} are accepted"
    if has_forbidden_characters(value):
        return "must not contain NUL or other control characters"
    return None


def _size_problem(value) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MATCH_SIZE_MAX:
        return f"must be a whole number from 1 to {MATCH_SIZE_MAX}"
    return None


def match_problems(body: dict) -> dict[str, list[str]]:
    """The problems of each field of a match request body (missing, wrong type, too long, unknown field)."""
    problems: dict[str, list[str]] = {}
    if "text" not in body:
        problems["text"] = ["is required"]
    elif (problem := _text_problem(body["text"])) is not None:
        problems["text"] = [problem]
    for name in ("kind", "sector"):
        if body.get(name) is not None and not isinstance(body[name], str):
            problems[name] = ["must be a string (one code)"]
    if body.get("size") is not None and (problem := _size_problem(body["size"])) is not None:
        problems["size"] = [problem]
    for name in sorted(set(body) - set(MATCH_FIELDS)):
        problems[name] = [f"is not a field of a match request; the fields are {', '.join(MATCH_FIELDS)}"]
    return problems


def match_request(body: dict) -> MatchRequest:
    """A match request from a body without ``match_problems``; raises ``UnknownValue`` for an unknown code."""
    for name in ("kind", "sector"):
        if body.get(name) is not None and (message := unknown_value_message(name, [body[name]])) is not None:
            raise UnknownValue(message)
    kind = body.get("kind")
    size = body.get("size")
    return MatchRequest(
        text=" ".join(body["text"].split()),
        kinds=[kind] if kind else SUPPLY_KINDS,
        sector=body.get("sector") or None,
        size=MATCH_SIZE_DEFAULT if size is None else size,
    )
