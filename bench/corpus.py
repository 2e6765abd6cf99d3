"""A realistic benchmark corpus: listings recombined from the demo listings' own sentences and phrases.

A generated listing takes a source listing (drawn with Zipf-like weights, so some topics are common and most
are rare), keeps its language, sectors and title, and recombines sentences of its source with sentences of
other listings in the same sector and language (also Zipf-drawn), so field lengths, vocabulary and term
frequencies follow real text in both languages. A tail of rare terms (model codes, places, makers), again
Zipf-distributed, stands for the many topics a national corpus has and the demo has not. Seeded: the same
arguments give the same rows. About 20,000 rows a second on one busy core (1,000,000 in about a minute).
"""

import bisect
import itertools
import json
import random
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from techport.listings.vocabulary import TRANSFER_MODES
from techport.models_common import utcnow

DEMO_LISTINGS = Path(__file__).resolve().parents[1] / "techport" / "demo" / "listings.jsonl"
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
ZIPF_EXPONENT = 1.07
# Gentler across topics: the commonest demo topic becomes about 3% of the corpus, the rarest a tenth of that.
TOPIC_EXPONENT = 0.5
TAIL_VOCABULARY = 40_000
SYLLABLES = (
    "an bao binh cat dai dong gia hai hoa hung khang lam linh long minh nam nga phat phu quang son tan thanh "
    "thien tien toan trung tuan viet vinh xuan"
).split()
PROVINCES = (
    "Hà Nội|Hải Phòng|Quảng Ninh|Thái Nguyên|Nghệ An|Huế|Đà Nẵng|Quảng Nam|Khánh Hòa|Lâm Đồng|Đắk Lắk|Bình Dương|"
    "Đồng Nai|TP. Hồ Chí Minh|Long An|Tiền Giang|Bến Tre|Cần Thơ|Sóc Trăng|Cà Mau|An Giang|Kiên Giang"
).split("|")


@dataclass
class Source:
    language: str
    kind: str
    title: str
    summary: list[str]
    description: list[str]
    details: list[str]
    keywords: list[str]
    sectors: list[str]
    trl: int | None
    neighbours: list[int] = field(default_factory=list)


def _sentences(text: str | None) -> list[str]:
    return [sentence.strip() for sentence in SENTENCE_END.split(text or "") if sentence.strip()]


@lru_cache(maxsize=1)
def demo_sources() -> tuple[Source, ...]:
    """The demo listings as pools of sentences, each with the indices of listings sharing its language and a
    sector (the sentences a recombined listing may borrow)."""
    sources = []
    for line in DEMO_LISTINGS.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        details = record.get("specification_sought") if record["kind"] == "need" else record.get("advantages")
        sources.append(
            Source(
                language=record["language"],
                kind="need" if record["kind"] == "need" else "offer",
                title=record["title"],
                summary=_sentences(record["summary"]),
                description=_sentences(record["description"]),
                details=_sentences(details),
                keywords=list(record.get("keywords") or []),
                sectors=list(record.get("sectors") or []),
                trl=record.get("trl"),
            )
        )
    for index, source in enumerate(sources):
        source.neighbours = [
            other
            for other, candidate in enumerate(sources)
            if other != index and candidate.language == source.language and set(candidate.sectors) & set(source.sectors)
        ] or [index]
    return tuple(sources)


def zipf_weights(count: int, exponent: float = ZIPF_EXPONENT) -> list[float]:
    return list(itertools.accumulate(1 / (rank + 1) ** exponent for rank in range(count)))


def _tail_term(rank: int) -> str:
    """The rank-th rare term: a maker's name or a model code, deterministic."""
    first, second = SYLLABLES[rank % len(SYLLABLES)], SYLLABLES[(rank // len(SYLLABLES)) % len(SYLLABLES)]
    if rank % 3 == 0:
        return f"{first.upper()[:2]}{second.upper()[:1]}-{rank % 997}"
    return f"{first.capitalize()} {second.capitalize()}{rank // (len(SYLLABLES) ** 2) or ''}"


class CorpusGenerator:
    """Draws generated listings; ``row(n)`` is the n-th, the same for a given seed."""

    def __init__(self, seed: int = 42):
        self.rng = random.Random(seed)
        self.sources = demo_sources()
        order = list(range(len(self.sources)))
        random.Random(seed + 1).shuffle(order)
        self.topic_order = order
        self.topic_weights = zipf_weights(len(order), TOPIC_EXPONENT)
        self.neighbour_weights = {len(s.neighbours): zipf_weights(len(s.neighbours)) for s in self.sources}
        self.tail_weights = zipf_weights(TAIL_VOCABULARY)
        self.tail_terms = [_tail_term(rank) for rank in range(TAIL_VOCABULARY)]

    def _pick(self, cumulative: list[float]) -> int:
        return bisect.bisect(cumulative, self.rng.random() * cumulative[-1])

    def _neighbour(self, source: Source) -> Source:
        weights = self.neighbour_weights[len(source.neighbours)]
        return self.sources[source.neighbours[min(self._pick(weights), len(weights) - 1)]]

    def _tail(self) -> str:
        return self.tail_terms[min(self._pick(self.tail_weights), TAIL_VOCABULARY - 1)]

    def _sentences_from(self, source: Source, pool: str, count: int) -> list[str]:
        chosen = []
        for position in range(count):
            donor = source if position % 2 == 0 else self._neighbour(source)
            sentences = getattr(donor, pool) or getattr(source, pool)
            if sentences:
                chosen.append(self.rng.choice(sentences))
        return list(dict.fromkeys(chosen))

    def text_fields(self) -> dict:
        """The text, language and codes of one generated listing, and the index of its source listing."""
        index = self.topic_order[min(self._pick(self.topic_weights), len(self.topic_order) - 1)]
        source = self.sources[index]
        rng = self.rng
        tail, place = self._tail(), rng.choice(PROVINCES)
        summary = self._sentences_from(source, "summary", rng.choice([1, 1, 2]))
        description = self._sentences_from(source, "description", rng.randint(2, 6))
        description.insert(rng.randrange(len(description) + 1), f"{tail} · {place}.")
        keywords = list(dict.fromkeys([*rng.sample(source.keywords, min(3, len(source.keywords))), tail.lower()]))
        return {
            "language": source.language,
            "kind": source.kind,
            "title": f"{source.title} – {tail}" if rng.random() < 0.5 else source.title,
            "summary": " ".join(summary),
            "description": " ".join(description),
            "details": " ".join(self._sentences_from(source, "details", rng.randint(1, 3))),
            "keywords": keywords,
            "sectors": source.sectors or ["other"],
            "trl": source.trl or rng.randint(1, 9),
            "source": index,
        }


def corpus_rows(
    count: int, organisation_ids: list[int], seed: int = 42, sources: list[int] | None = None
) -> list[dict]:
    """``count`` rows of the listings table (no ids), ready for a bulk ``insert``; each row's demo listing
    (its index in ``demo_sources()``) is appended to ``sources`` when given, e.g. to share its embedding."""
    generator = CorpusGenerator(seed)
    rng = generator.rng
    now = utcnow()
    today = now.date()
    expires = today.replace(year=today.year + 1)
    modes = sorted(TRANSFER_MODES)
    rows = []
    for n in range(count):
        text = generator.text_fields()
        is_need = text["kind"] == "need"
        if sources is not None:
            sources.append(text["source"])
        rows.append(
            {
                "organisation_id": organisation_ids[n % len(organisation_ids)],
                "external_id": f"bench-{n}",
                "kind": text["kind"],
                "offer_type": "technology",
                "status": "published",
                "language": text["language"],
                "title": text["title"],
                "slug": f"bench-{n}",
                "summary": text["summary"],
                "description": text["description"],
                "advantages": "" if is_need else text["details"],
                "specification_sought": text["details"] if is_need else "",
                "trl": text["trl"],
                "sectors": text["sectors"],
                "keywords": text["keywords"],
                "transfer_modes": rng.sample(modes, 2),
                "price_vnd": rng.randint(10, 5000) * 1_000_000,
                "price_negotiable": rng.random() < 0.5,
                "partner_sought": "",
                "contact_name": "",
                "contact_email": "",
                "contact_phone": "",
                "rejection_reason": "",
                "published_on": today,
                "expires_on": expires,
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
        )
    return rows
