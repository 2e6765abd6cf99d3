"""Every search and match query leaves out the "not public" stand-in documents."""

from techport.search.matching import MatchSource, match_body
from techport.search.query import PUBLIC_ONLY, SearchRequest, search_body


def test_search_with_or_without_text_only_finds_public_documents():
    for text in ("", "máy bơm"):
        assert PUBLIC_ONLY in search_body(SearchRequest(text=text))["query"]["bool"]["filter"]


def test_matching_only_finds_public_documents():
    source = MatchSource(1, "need", "Máy bơm", "", "", "", [], ["ai"], 5, ["licence"], None)
    assert PUBLIC_ONLY in match_body(source)["query"]["bool"]["filter"]
