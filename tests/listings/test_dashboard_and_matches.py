"""The firm's dashboard is paged and never runs matching; a listing's matches come from their own route."""

import re

import pytest

from techport.search import service as search_service
from tests.helpers import sign_in


@pytest.fixture
def matching_calls(monkeypatch):
    calls = []

    def record(*args, **kwargs):
        calls.append(args)
        return []

    monkeypatch.setattr(search_service, "matches_for", record)
    monkeypatch.setattr(search_service, "matches_for_needs", record)
    return calls


def test_the_dashboard_with_50_listings_is_paged_and_runs_no_matching(
    app, client, make_user, make_listing, matching_calls
):
    email = make_user("sao-mai-agritech-demo")
    need_id = make_listing("sao-mai-agritech-demo", kind="need", status="published")
    for _ in range(50):
        make_listing("sao-mai-agritech-demo", kind="need")
    sign_in(client, email)
    page = client.get("/my/listings").get_data(as_text=True)
    assert matching_calls == []
    assert page.count("<tr>") == 1 + 20, "a header row and 20 listings a page"
    assert 'href="/my/listings?page=2"' in page
    second = client.get("/my/listings?page=2").get_data(as_text=True)
    assert second.count("<tr>") == 1 + 20
    last = client.get("/my/listings?page=3").get_data(as_text=True)
    assert f'href="/listings/{need_id}/matches"' in last, "the published need links to its matches"
    assert matching_calls == []


def test_the_listing_page_leaves_matching_to_the_matches_route(app, client, make_listing, matching_calls):
    listing_id = make_listing("hcmut", status="published")
    page = client.get(f"/listings/{listing_id}", follow_redirects=True).get_data(as_text=True)
    assert matching_calls == []
    assert f'data-matches-src="/listings/{listing_id}/matches"' in page
    assert f'<a href="/listings/{listing_id}/matches">' in page, "a plain link when JavaScript is off"
    assert '<script defer src="/static/js/listing-matches.js">' in page


def test_matches_come_ten_to_a_page_as_a_fragment_or_a_page(app, client, indexed_corpus):
    need = client.get("/api/v1/search", query_string={"q": "bơm tưới", "kind": "need"}).get_json()["results"][0]
    fragment = client.get(f"/listings/{need['id']}/matches", query_string={"fragment": "1"})
    assert fragment.status_code == 200
    html = fragment.get_data(as_text=True)
    assert "<html" not in html
    assert 0 < len(re.findall(r'<li class="match"', html)) <= 10
    page = client.get(f"/listings/{need['id']}/matches").get_data(as_text=True)
    assert "<html" in page and '<li class="match"' in page


def test_matches_of_a_draft_are_not_found(app, client, make_listing):
    assert client.get(f"/listings/{make_listing('hcmut')}/matches").status_code == 404
