"""Analysis settings shared by every Techport index.

Vietnamese text is indexed three ways: folded ("công nghệ" and "cong nghe" give the same tokens, so users
may type without diacritics), exact (diacritics kept, so an exact spelling can be boosted) and as words:
folded syllable shingles ("máy sấy" → ``may say``), because a Vietnamese word is usually two or three
syllables and a shared word says far more than a shared syllable. English text gets an English analyzer.
Search-time analysis adds a curated synonym list.

Function words of both languages leave every field. Vietnamese ones are removed before folding, so only
the written function word goes ("trong" = in), never its unaccented twin ("trồng" = to plant). English
ones are the usual list without those that are also Vietnamese syllables ("an toàn", "in 3D", "to", "no").

Only standard Elasticsearch component names and parameters are used, so these settings are the same
on the development node (scripts/esnode) and on a production cluster.
"""

from importlib import resources

FOLDED_ANALYZER = "vi_folded"
FOLDED_SEARCH_ANALYZER = "vi_folded_search"
EXACT_ANALYZER = "vi_exact"
WORDS_ANALYZER = "vi_words"
ENGLISH_ANALYZER = "en_text"
FOLDED_NORMALIZER = "folded_keyword"

VIETNAMESE_STOPWORDS = """
    và của cho các những được là có trong với này đó để thì mà đã sẽ đang bởi hoặc nhưng cũng rất ở vào
    nếu vì tại về khi nên như
""".split()
# Lucene's English list minus the words that are also common unaccented Vietnamese syllables.
ENGLISH_STOPWORDS = """
    a and are as at but by for if into is it not of on or such that the their then there these they this
    was will with from which our its we
""".split()
# A removed function word leaves a gap; a shingle spanning it carries this filler and is dropped.
SHINGLE_FILLER = "_"


def load_synonyms(name: str = "synonyms.txt") -> list[str]:
    """The curated groups of a list in this package (synonyms.txt, glossary.txt), without comments and blanks."""
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def synonym_rules() -> list[str]:
    """The synonym groups as the analyzer sees them: a rule may not contain a word the stop filters remove."""
    function_words = set(VIETNAMESE_STOPWORDS) | set(ENGLISH_STOPWORDS)
    return [
        ", ".join(
            " ".join(word for word in term.split() if word.lower() not in function_words) for term in rule.split(",")
        )
        for rule in load_synonyms()
    ]


def analysis_settings() -> dict:
    """The `analysis` block of the index settings."""
    function_words = ["lowercase", "vi_stop", "en_stop"]
    return {
        "filter": {
            "vi_stop": {"type": "stop", "stopwords": sorted(set(VIETNAMESE_STOPWORDS))},
            "en_stop": {"type": "stop", "stopwords": ENGLISH_STOPWORDS},
            "techport_synonyms": {"type": "synonym_graph", "synonyms": synonym_rules()},
            "english_possessive": {"type": "stemmer", "language": "possessive_english"},
            "english_stemmer": {"type": "stemmer", "language": "english"},
            "syllable_shingles": {
                "type": "shingle",
                "min_shingle_size": 2,
                "max_shingle_size": 3,
                "output_unigrams": False,
                "filler_token": SHINGLE_FILLER,
            },
        },
        "analyzer": {
            FOLDED_ANALYZER: {"type": "custom", "tokenizer": "standard", "filter": [*function_words, "asciifolding"]},
            FOLDED_SEARCH_ANALYZER: {
                "type": "custom",
                "tokenizer": "standard",
                "filter": [*function_words, "asciifolding", "techport_synonyms"],
            },
            EXACT_ANALYZER: {"type": "custom", "tokenizer": "standard", "filter": function_words},
            WORDS_ANALYZER: {
                "type": "custom",
                "tokenizer": "standard",
                "filter": [*function_words, "asciifolding", "syllable_shingles"],
            },
            ENGLISH_ANALYZER: {
                "type": "custom",
                "tokenizer": "standard",
                # Folding too, so a Vietnamese word in English text matches with or without diacritics.
                "filter": ["english_possessive", *function_words, "asciifolding", "english_stemmer"],
            },
        },
        "normalizer": {
            FOLDED_NORMALIZER: {"type": "custom", "filter": ["lowercase", "asciifolding"]},
        },
    }


def folded_text_field() -> dict:
    """A text field searched with or without diacritics, with exact, word (shingle) and English sub-fields."""
    return {
        "type": "text",
        "analyzer": FOLDED_ANALYZER,
        "search_analyzer": FOLDED_SEARCH_ANALYZER,
        "fields": {
            "exact": {"type": "text", "analyzer": EXACT_ANALYZER},
            # Offsets stored: match reasons highlight this field, and re-analysing long texts per hit is slow.
            "words": {"type": "text", "analyzer": WORDS_ANALYZER, "index_options": "offsets"},
            "en": {"type": "text", "analyzer": ENGLISH_ANALYZER},
        },
    }
