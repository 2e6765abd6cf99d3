"""Pure unit tests of the search and matching request builders (beside the live-node tests)."""

import json

import pytest

from techport.search.matching import MatchSource, match_body, query_text
from techport.search.query import (
    MAX_QUERY_LENGTH,
    PUBLIC_ONLY,
    InvalidSearch,
    SearchRequest,
    facets_body,
    search_body,
    selection_filters,
    text_query,
)


def test_user_text_never_reaches_query_string():
    body = search_body(SearchRequest(text='title:x AND (price_vnd:>0 OR "unbalanced'))
    serialised = json.dumps(body)
    assert "query_string" not in serialised
    assert body["query"]["bool"]["must"][0]["multi_match"]["query"] == 'title:x AND (price_vnd:>0 OR "unbalanced'


def test_query_length_is_capped():
    with pytest.raises(InvalidSearch) as error:
        SearchRequest(text="a" * (MAX_QUERY_LENGTH + 1))
    assert error.value.too_long


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"sort": "price"}, "sort must be one of"),
        ({"page": 0}, "page must be 1 or more"),
        ({"page": 600}, "beyond the first 10000"),
        ({"filters": {"colour": ["red"]}}, "unknown filter(s) colour"),
        ({"filters": {"trl": ["10-12"]}}, "trl must be one of"),
    ],
)
def test_bad_parameters_are_explained(arguments, message):
    with pytest.raises(InvalidSearch, match=message.replace("(", r"\(").replace(")", r"\)")):
        SearchRequest(**arguments)


def test_each_facet_is_filtered_by_the_other_selections_only():
    request = SearchRequest(text="drone", filters={"kind": ["offer"], "sector": ["ai", "smart_agriculture"]})
    aggregations = facets_body(request)["aggs"]
    assert aggregations["kind"]["filter"]["bool"]["filter"] == [{"terms": {"sectors": ["ai", "smart_agriculture"]}}]
    assert aggregations["sector"]["filter"]["bool"]["filter"] == [{"terms": {"kind": ["offer"]}}]
    assert search_body(request)["query"]["bool"]["filter"][1:] == selection_filters(request)
    assert len(selection_filters(request)) == 2


def test_facets_are_counted_apart_from_the_hits_without_scoring():
    body = facets_body(SearchRequest(text="drone", filters={"kind": ["offer"]}))
    assert (body["size"], body["track_total_hits"]) == (0, False)
    assert body["query"] == {"bool": {"filter": [text_query("drone")]}}
    assert "aggs" not in search_body(SearchRequest(text="drone"))


def test_range_facets_become_range_filters():
    clauses = search_body(SearchRequest(filters={"trl": ["7-9"], "price": ["under-100m"]}))["query"]["bool"]["filter"]
    assert {"range": {"trl": {"gte": 7, "lte": 9}}} in clauses[1]["bool"]["should"]
    assert {"range": {"price_vnd": {"lt": 100_000_000}}} in clauses[2]["bool"]["should"]


def need(**changes) -> MatchSource:
    values = dict(
        listing_id=7,
        kind="need",
        title="Cần máy bơm nước năng lượng mặt trời",
        summary="Bơm tưới cho trang trại",
        description="Công suất 5 kW, cột áp 40 m.",
        details="Vận hành không cần lưới điện",
        keywords=["bơm", "năng lượng mặt trời"],
        sectors=["energy", "smart_agriculture"],
        trl=6,
        transfer_modes=["licence"],
        price_vnd=500_000_000,
    )
    values.update(changes)
    return MatchSource(**values)


def test_a_need_is_matched_against_offers_and_ip_assets_with_fitting_trl_and_budget():
    query = match_body(need())["query"]["bool"]
    assert query["filter"] == [PUBLIC_ONLY, {"terms": {"kind": ["offer", "ip_asset"]}}]
    assert query["must_not"] == [{"term": {"listing_id": 7}}]
    should = {json.dumps(clause, sort_keys=True) for clause in query["should"]}
    assert json.dumps({"range": {"trl": {"gte": 6, "_name": "trl", "boost": 1.5}}}, sort_keys=True) in should
    assert (
        json.dumps({"range": {"price_vnd": {"lte": 500_000_000, "_name": "budget", "boost": 1.0}}}, sort_keys=True)
        in should
    )


def test_an_offer_is_matched_against_needs_it_can_meet():
    query = match_body(need(kind="offer", trl=5, price_vnd=200_000_000))["query"]["bool"]
    assert query["filter"] == [PUBLIC_ONLY, {"terms": {"kind": ["need"]}}]
    clauses = json.dumps(query["should"])
    assert '"lte": 5' in clauses and '"gte": 200000000' in clauses


def test_match_text_is_deduplicated_and_capped():
    text = query_text(need(description=" ".join(f"từ{n}" for n in range(500))))
    words = text.split()
    assert len(words) == 60
    assert len({word.lower() for word in words}) == len(words)


def test_shared_terms_are_phrases_without_filler_words_and_repeat_nothing():
    from techport.search.reasons import shared_phrases

    highlight = {
        "title.words": ["<mark>Máy bơm</mark> nước <mark>năng lượng mặt trời</mark>"],
        "summary.words": [
            "<mark>Giải</mark> <mark>pháp</mark> <mark>có</mark> <mark>m</mark> <mark>12</mark> <mark>máy bơm</mark> <mark>pin</mark>"
        ],
    }
    # Single syllables ("pin", "Giải") are never a reason: issue 20 asks for whole words and phrases.
    assert shared_phrases(highlight) == ["Máy bơm", "năng lượng mặt trời"]
