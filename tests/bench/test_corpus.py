"""The benchmark corpus (bench/corpus.py): deterministic, both languages, real field lengths, selective
words, and documents identical to the indexer's."""

import re
import statistics
import sys
import unicodedata
from pathlib import Path

import sqlalchemy as sa

from techport.extensions import db
from techport.listings.models import Listing
from techport.listings.vocabulary import SECTORS
from techport.organisations.models import Organisation

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench" / "search"))
from corpus import corpus_rows  # noqa: E402
from load import check_documents, organisation_documents  # noqa: E402


def folded_words(row: dict) -> set[str]:
    text = " ".join([row["title"], row["summary"], row["description"], *row["keywords"]]).lower()
    text = unicodedata.normalize("NFD", text.replace("đ", "d"))
    return set(re.findall(r"\w+", "".join(char for char in text if not unicodedata.combining(char))))


def seeded_part(rows: list[dict]) -> list[dict]:
    """The rows without their timestamps (the time of generation)."""
    return [{key: value for key, value in row.items() if key not in {"created_at", "updated_at"}} for row in rows]


def test_the_same_seed_gives_the_same_rows_and_another_seed_others():
    assert seeded_part(corpus_rows(200, [1, 2])) == seeded_part(corpus_rows(200, [1, 2]))
    assert seeded_part(corpus_rows(200, [1, 2], seed=7)) != seeded_part(corpus_rows(200, [1, 2]))


def test_rows_read_like_listings_in_both_languages():
    rows = corpus_rows(5000, [1, 2, 3])
    english = sum(row["language"] == "en" for row in rows) / len(rows)
    assert 0.1 < english < 0.4
    assert 60 < statistics.mean(len(row["title"]) for row in rows) < 140
    assert 300 < statistics.mean(len(row["description"]) for row in rows) < 1200
    assert all(set(row["sectors"]) <= set(SECTORS) and row["keywords"] for row in rows)
    assert len({row["title"] for row in rows}) > 1000


def test_a_typical_query_holds_all_its_words_in_few_listings():
    words = [folded_words(row) for row in corpus_rows(5000, [1])]
    for query in ["drone phun thuoc", "xu ly nuoc thai", "solar pump"]:
        share = sum(set(query.split()) <= found for found in words) / len(words)
        assert share < 0.05, query


def test_generated_documents_equal_the_indexers(app, demo_data):
    with app.app_context():
        organisation_ids = db.session.scalars(sa.select(Organisation.id)).all()
        rows = corpus_rows(40, organisation_ids)
        first = (db.session.scalar(sa.select(sa.func.max(Listing.id))) or 0) + 1
        db.session.execute(sa.insert(Listing.__table__), [{**row, "id": first + n} for n, row in enumerate(rows)])
        try:
            check_documents(rows, first, organisation_documents(), sample=40)
        finally:
            db.session.rollback()
