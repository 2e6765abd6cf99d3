"""The lean search and match requests (issue 19): rescoring instead of ``should`` over every match, the total
counted by the facets request, "did you mean" only when nothing matched, each highlighted field marked by its
own query, and the same ranking and marks as the full body."""

import json
import re
from types import SimpleNamespace

import numpy as np
import pytest
import sqlalchemy as sa

from techport.extensions import db
from techport.listings.models import Listing, ListingKind
from techport.search import service
from techport.search.index import alias_name
from techport.search.matching import (
    MATCH_FIELDS,
    MATCH_RESCORE_WINDOW,
    MatchSource,
    lifting_clauses,
    match_body,
    match_source,
    query_text,
)
from techport.search.query import (
    HIGHLIGHT_FIELDS,
    RANGE_FACETS,
    RESCORE_WINDOW,
    TERM_FACETS,
    TEXT_FIELDS,
    TOTAL_AGGREGATION,
    SearchRequest,
    facets_body,
    rescore_clauses,
    search_body,
    selection_filters,
    text_query,
)
from tests.search.test_query import need


def test_phrase_and_exact_clauses_rescore_the_top_hits_only():
    body = search_body(SearchRequest(text="máy sấy cà phê"))
    assert "should" not in body["query"]["bool"]
    assert body["rescore"]["window_size"] == RESCORE_WINDOW
    clauses = body["rescore"]["query"]["rescore_query"]["bool"]["should"]
    assert clauses == rescore_clauses("máy sấy cà phê")
    assert clauses[0]["multi_match"]["type"] == "phrase"


def test_a_deep_page_is_rescored_to_its_last_hit():
    body = search_body(SearchRequest(text="drone", page=30, page_size=20))
    assert body["rescore"]["window_size"] == 600


def test_sorted_and_textless_searches_are_not_rescored():
    assert "rescore" not in search_body(SearchRequest(text="drone", sort="newest"))
    assert "rescore" not in search_body(SearchRequest(filters={"sector": ["energy"]}))


def test_the_hits_count_nothing_and_no_suggestion_is_asked_with_them():
    body = search_body(SearchRequest(text="drone"))
    assert body["track_total_hits"] is False
    assert "suggest" not in body


def test_rescoring_ranks_as_the_full_should_clauses_did(es, indexed_corpus):
    for text in ["máy bơm năng lượng mặt trời", "drone phun thuoc", "AI chẩn đoán hình ảnh", "solar pump"]:
        lean = search_body(SearchRequest(text=text))
        full = {key: value for key, value in lean.items() if key != "rescore"}
        full["query"] = {"bool": {**lean["query"]["bool"], "should": rescore_clauses(text)}}
        ranked = [
            [hit["_id"] for hit in es.search(index=alias_name(indexed_corpus), **body)["hits"]["hits"]]
            for body in (lean, full)
        ]
        assert ranked[0] == ranked[1], text


class RecordingEngine:
    """A stand-in client answering each call with ``answers`` in turn, recording the bodies of each call."""

    def __init__(self, *answers: dict):
        self.answers = list(answers)
        self.calls = []

    def options(self, **_):
        return self

    def search(self, index, **body):
        self.calls.append([body])
        return SimpleNamespace(body=self.answers.pop(0))

    def msearch(self, searches):
        self.calls.append(searches[1::2])
        return SimpleNamespace(body=self.answers.pop(0))


def searched(total: int) -> dict:
    """The answer to a search's hits and facets, sent together: the hits uncounted, the facets counting."""
    empty = {"values": {"buckets": []}}
    aggregations = {name: empty for name in [*TERM_FACETS, *RANGE_FACETS]}
    return {
        "responses": [
            {"hits": {"hits": []}},
            {"aggregations": {**aggregations, TOTAL_AGGREGATION: {"doc_count": total}}},
        ]
    }


def test_the_total_is_the_facets_exact_count_however_many_matched(app):
    engine = RecordingEngine(searched(25_000))
    with app.test_request_context():
        results = service.search(SearchRequest(text="công nghệ"), es=engine)
    assert results.total == 25_000
    assert len(engine.calls) == 1


def test_hits_and_facets_are_asked_in_one_round_trip(app):
    engine = RecordingEngine(searched(3))
    request = SearchRequest(text="máy sấy", filters={"kind": ["offer"]})
    with app.test_request_context():
        service.search(request, es=engine)
    assert engine.calls == [[search_body(request), facets_body(request)]]


def test_did_you_mean_is_asked_only_when_nothing_matched(app):
    corrections = {"did_you_mean": [{"text": "phuun", "options": [{"text": "phun"}]}]}
    engine = RecordingEngine(searched(0), {"hits": {"hits": []}, "suggest": corrections})
    with app.test_request_context():
        results = service.search(SearchRequest(text="phuun"), es=engine)
    assert results.suggestion == "phun"
    assert not any("suggest" in body for body in engine.calls[0]) and "suggest" in engine.calls[1][0]


def test_a_failed_part_of_the_round_trip_fails_the_search(app):
    refused = {"responses": [{"error": {"type": "search_phase_execution_exception"}, "status": 400}, {}]}
    engine = RecordingEngine(refused)
    with app.test_request_context(), pytest.raises(service.SearchRejected):
        service.search(SearchRequest(text="máy sấy"), es=engine)


def test_facets_counted_apart_equal_the_single_requests_post_filtered_ones(es, indexed_corpus):
    """The single request before the split: hits post-filtered by the selections, facets in the same body."""
    for text, filters in [("máy sấy", {"kind": ["offer"]}), ("drone", {}), ("", {"sector": ["energy"]})]:
        request = SearchRequest(text=text, filters=filters)
        hits, facets = search_body(request), facets_body(request)
        single = {**hits, "query": text_query(text), "aggs": facets["aggs"], "track_total_hits": True}
        single["post_filter"] = {"bool": {"filter": selection_filters(request)}}
        split = [es.search(index=alias_name(indexed_corpus), **body) for body in (hits, facets)]
        together = es.search(index=alias_name(indexed_corpus), **single)
        assert [hit["_id"] for hit in split[0]["hits"]["hits"]] == [hit["_id"] for hit in together["hits"]["hits"]]
        assert split[1]["aggregations"] == together["aggregations"] and together["hits"]["hits"], text
        assert split[1]["aggregations"][TOTAL_AGGREGATION]["doc_count"] == together["hits"]["total"]["value"], text


def test_the_page_and_the_api_give_a_large_total_exactly(client, monkeypatch):
    def many(request, es=None):
        return service.SearchResults(request, 25_000, [], {}, None)

    monkeypatch.setattr(service, "search", many)
    payload = client.get("/api/v1/search", query_string={"q": "công nghệ"}).get_json()
    assert (payload["total"], payload["total_exact"]) == (25_000, True)
    page = client.get("/search", query_string={"q": "công nghệ"}).get_data(as_text=True)
    assert "25000" in page and "25000+" not in page


def test_each_highlighted_field_has_a_query_of_its_own():
    body = search_body(SearchRequest(text="máy sấy cà phê"))
    assert "highlight_query" not in body["highlight"]
    for name, options in body["highlight"]["fields"].items():
        clauses = options["highlight_query"]["bool"]["should"]
        assert clauses[0] == {"match": {name: "máy sấy cà phê"}}
        assert all(name in clause[next(iter(clause))] for clause in clauses)


def test_per_field_highlighting_marks_what_the_whole_query_marked(es, indexed_corpus):
    for text in ["máy bơm năng lượng mặt trời", "drone phun thuoc", "AI chẩn đoán hình ảnh", "solar pump"]:
        lean = search_body(SearchRequest(text=text))
        whole = {**lean, "highlight": {**lean["highlight"], "fields": {}}}
        whole["highlight"]["fields"] = {
            name: {"number_of_fragments": 2, "fragment_size": 160} for name in HIGHLIGHT_FIELDS
        }
        whole["highlight"]["highlight_query"] = {"bool": {**lean["query"]["bool"], "should": rescore_clauses(text)}}
        marked = [
            [hit.get("highlight") for hit in es.search(index=alias_name(indexed_corpus), **body)["hits"]["hits"]]
            for body in (lean, whole)
        ]
        assert marked[0] == marked[1] and any(marked[0]), text


def test_matching_lifts_its_top_candidates_by_rescoring():
    source = need(title="Máy sấy cà phê", keywords=["sấy"], sectors=["food"], transfer_modes=[], price_vnd=None)
    body = match_body(source)
    named = re.findall(r'"_name": "(\w+)"', json.dumps(body["query"]["bool"]["should"]))
    assert named == ["sector", "trl"]
    assert body["rescore"]["window_size"] == MATCH_RESCORE_WINDOW
    lifting = body["rescore"]["query"]["rescore_query"]["bool"]["should"]
    assert lifting == lifting_clauses(query_text(source), "Máy sấy cà phê sấy")
    for name, options in body["highlight"]["fields"].items():
        assert name in json.dumps(options["highlight_query"])


def test_a_vietnamese_listing_is_matched_without_the_english_stemmed_fields():
    def source(listing_id: int, language: str) -> MatchSource:
        return need(listing_id=listing_id, language=language)

    def fields(body: dict) -> list[str]:
        return body["query"]["bool"]["must"][0]["multi_match"]["fields"]

    assert not any(".en" in name for name in fields(match_body(source(7, "vi"))))
    assert fields(match_body(source(7, "en"))) == MATCH_FIELDS
    assert fields(match_body(source(0, "vi"))) == MATCH_FIELDS


def whole_query_highlight(body: dict) -> dict:
    """The match body highlighted as before: every field by the whole query, lifting clauses included."""
    query = {"bool": {**body["query"]["bool"], "should": body["rescore"]["query"]["rescore_query"]["bool"]["should"]}}
    fields = {
        name: {key: value for key, value in options.items() if key != "highlight_query"}
        for name, options in body["highlight"]["fields"].items()
    }
    return {**body, "highlight": {**body["highlight"], "fields": fields, "highlight_query": query}}


def marked_terms(response) -> list[set[str]]:
    return [
        {
            mark.lower()
            for fragments in hit.get("highlight", {}).values()
            for f in fragments
            for mark in re.findall(r"<mark>(.*?)</mark>", f)
        }
        for hit in response["hits"]["hits"]
    ]


def test_per_field_match_highlighting_marks_what_the_whole_query_marked(app, es, indexed_corpus):
    with app.app_context():
        needs = db.session.scalars(
            sa.select(Listing).where(Listing.kind == ListingKind.NEED, Listing.is_public).order_by(Listing.id).limit(5)
        ).all()
        bodies = [match_body(match_source(listing)) for listing in needs]
    assert bodies
    for body in bodies:
        lean, whole = (es.search(index=alias_name(indexed_corpus), **b) for b in (body, whole_query_highlight(body)))
        assert marked_terms(lean) == marked_terms(whole) and any(marked_terms(lean))


def test_a_vietnamese_query_is_looked_for_without_the_english_stemmed_fields():
    def fields(text: str) -> list[str]:
        return search_body(SearchRequest(text=text))["query"]["bool"]["must"][0]["multi_match"]["fields"]

    for vietnamese in ("máy sấy cà phê", "may say ca phe"):
        assert fields(vietnamese) and not any(".en" in name for name in fields(vietnamese)), vietnamese
    assert fields("solar pump controller") == TEXT_FIELDS
    assert fields("drone phun thuốc trừ sâu") == [name for name in TEXT_FIELDS if ".en" not in name]


def test_the_knn_ranking_rides_in_the_same_round_trip(app, monkeypatch):
    class Encoder:
        def queries(self, texts):
            return np.full((len(texts), 4), 0.5)

    monkeypatch.setattr(service, "encoder", lambda: Encoder())
    answers = searched(1)
    answers["responses"].append({"hits": {"hits": []}})
    engine = RecordingEngine(answers)
    with app.test_request_context():
        service.search(SearchRequest(text="coffee bean dryer"), es=engine)
    [(hits, facets, knn)] = engine.calls
    assert "aggs" in facets and knn["knn"]["query_vector"] == [0.5] * 4 and hits["size"] == knn["size"]
