"""English queries rendered in Vietnamese with the curated glossary (synonyms.txt), for cross-language search.

Synonym expansion inside one query lets an English word match its Vietnamese equivalent, but English listings
on a topic match every word of an English query in their own language and outscore the Vietnamese ones, which
match only through the expanded phrases. The rendition is searched as a clause of its own over the word-level
fields (techport.search.query), so the Vietnamese listings that carry the translated terms as whole words
compete with the English ones: dictionary-based query translation, the classic approach to cross-language
retrieval when no translation model is at hand. Measured on the judged set (bench/relevance).
"""

import re
from functools import cache

from techport.search.analysis import load_synonyms
from techport.search.hybrid import has_vietnamese_marks, query_language

WORD = re.compile(r"\w+")
LONGEST_TERM_WORDS = 4


def _english_words(text: str) -> list[str]:
    """Lower-cased words, plural "-s" taken off so "pumps" finds the glossary's "pump"."""
    words = [word.lower() for word in WORD.findall(text)]
    return [word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word for word in words]


@cache
def glossary() -> dict[tuple[str, ...], str]:
    """English term (as words) -> the Vietnamese terms of its group, joined for one query; from the synonym
    groups and the wider glossary.txt."""
    terms: dict[tuple[str, ...], str] = {}
    for group in [*load_synonyms(), *load_synonyms("glossary.txt")]:
        members = [member.strip() for member in group.split(",") if member.strip()]
        vietnamese = _vietnamese_members(members)
        if not vietnamese:
            continue
        for member in members:
            if member not in vietnamese:
                terms.setdefault(tuple(_english_words(member)), " ".join(vietnamese))
    return terms


def _vietnamese_members(members: list[str]) -> list[str]:
    """The group's Vietnamese terms: those with Vietnamese marks or, in a group without any ("men vi sinh,
    probiotic"), those that read as unaccented Vietnamese."""
    marked = [member for member in members if has_vietnamese_marks(member)]
    return marked or [member for member in members if query_language(member) == "vi_unaccented"]


def vietnamese_rendition(text: str) -> str:
    """The glossary's Vietnamese for the English terms of ``text``, longest terms first; "" when none."""
    words, parts, position = _english_words(text), [], 0
    terms = glossary()
    while position < len(words):
        for length in range(min(LONGEST_TERM_WORDS, len(words) - position), 0, -1):
            vietnamese = terms.get(tuple(words[position : position + length]))
            if vietnamese:
                parts.append(vietnamese)
                position += length
                break
        else:
            position += 1
    return " ".join(parts)
