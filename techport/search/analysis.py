"""Analysis settings shared by every Techport index.

Vietnamese text is indexed twice: folded ("công nghệ" and "cong nghe" give the same tokens, so users
may type without diacritics) and exact (diacritics kept, so an exact spelling can be boosted). English
text gets an English analyzer. Search-time analysis adds a curated synonym list.

Only standard Elasticsearch component names and parameters are used, so these settings are the same
on the development node (scripts/esnode) and on a production cluster.
"""

from importlib import resources

FOLDED_ANALYZER = "vi_folded"
FOLDED_SEARCH_ANALYZER = "vi_folded_search"
EXACT_ANALYZER = "vi_exact"
ENGLISH_ANALYZER = "en_text"
FOLDED_NORMALIZER = "folded_keyword"


def load_synonyms() -> list[str]:
    """The curated synonym groups from synonyms.txt, without comments and blank lines."""
    text = resources.files(__package__).joinpath("synonyms.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def analysis_settings() -> dict:
    """The `analysis` block of the index settings."""
    return {
        "filter": {
            "techport_synonyms": {"type": "synonym_graph", "synonyms": load_synonyms()},
            "english_possessive": {"type": "stemmer", "language": "possessive_english"},
            "english_stemmer": {"type": "stemmer", "language": "english"},
        },
        "analyzer": {
            FOLDED_ANALYZER: {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "asciifolding"]},
            FOLDED_SEARCH_ANALYZER: {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["lowercase", "asciifolding", "techport_synonyms"],
            },
            EXACT_ANALYZER: {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]},
            ENGLISH_ANALYZER: {
                "type": "custom",
                "tokenizer": "standard",
                # Folding too, so a Vietnamese word in English text matches with or without diacritics.
                "filter": ["english_possessive", "lowercase", "asciifolding", "stop", "english_stemmer"],
            },
        },
        "normalizer": {
            FOLDED_NORMALIZER: {"type": "custom", "filter": ["lowercase", "asciifolding"]},
        },
    }


def folded_text_field() -> dict:
    """A text field searched with or without diacritics, with exact and English sub-fields."""
    return {
        "type": "text",
        "analyzer": FOLDED_ANALYZER,
        "search_analyzer": FOLDED_SEARCH_ANALYZER,
        "fields": {
            "exact": {"type": "text", "analyzer": EXACT_ANALYZER},
            "en": {"type": "text", "analyzer": ENGLISH_ANALYZER},
        },
    }
