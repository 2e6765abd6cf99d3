"""Search, facets, matching and the JSON API against the live node."""

import socket
import time

import pytest

from techport import create_app
from techport.listings.services import find_listing
from techport.organisations.services import find_by_slug
from tests.helpers import UNREACHABLE_SEARCH_URL, app_settings
from tests.search.corpus import CORPUS_TAG, corpus


def api_search(client, **params):
    response = client.get("/api/v1/search", query_string=params)
    return response, response.get_json()


def titles(payload) -> list[str]:
    return [result["title"] for result in payload["results"]]


def test_the_same_query_with_or_without_diacritics_gives_the_same_results(client, indexed_corpus):
    _, with_marks = api_search(client, q="máy bơm nước năng lượng mặt trời", page_size=100)
    _, without_marks = api_search(client, q="may bom nuoc nang luong mat troi", page_size=100)
    assert with_marks["total"] == without_marks["total"]
    # Compared on the corpus's own listings: the shared test database may hold more than one page of others.
    assert set(corpus_titles(titles(with_marks))) == set(corpus_titles(titles(without_marks)))
    assert "Máy bơm nước năng lượng mặt trời cho tưới tiêu" in corpus_titles(titles(without_marks))[:2]
    assert "Bản nháp máy bơm nước bí mật" not in titles(without_marks)


@pytest.mark.parametrize("query", ["UAV", "drone", "máy bay không người lái", "may bay khong nguoi lai"])
def test_synonyms_find_drones_in_both_languages(client, indexed_corpus, query):
    _, payload = api_search(client, q=query, kind="offer")
    found = set(titles(payload))
    assert {
        "Máy bay không người lái phun thuốc bảo vệ thực vật",
        "Agricultural spraying UAV with variable-rate nozzles",
    } <= found


def corpus_titles(found: list[str]) -> list[str]:
    """The corpus's own listings among ``found``, in order (the shared test database may hold others)."""
    ours = {record["title"] for record in corpus()}
    return [title for title in found if title in ours]


def test_ai_imaging_query_puts_the_imaging_listings_first(client, indexed_corpus):
    _, payload = api_search(client, q="AI chẩn đoán hình ảnh", page_size=50)
    ranked = corpus_titles(titles(payload))
    assert ranked[0] == "Hệ thống AI chẩn đoán hình ảnh X-quang phổi"
    assert "Phương pháp phân đoạn ảnh siêu âm bằng trí tuệ nhân tạo" in ranked[:3]


def test_facet_counts_stay_right_as_selections_combine(client, indexed_corpus):
    _, everything = api_search(client, q="nang luong mat troi")
    kinds = {value["value"]: value["count"] for value in everything["facets"]["kind"]}
    assert kinds["offer"] >= 3 and kinds["need"] >= 1

    _, offers = api_search(client, q="nang luong mat troi", kind="offer")
    assert {result["kind"] for result in offers["results"]} == {"offer"}
    assert offers["total"] == kinds["offer"]
    # The kind facet is not narrowed by its own selection, so the other kinds can still be added.
    assert {value["value"]: value["count"] for value in offers["facets"]["kind"]} == kinds
    sector_counts = {value["value"]: value["count"] for value in offers["facets"]["sector"]}

    _, narrowed = api_search(client, q="nang luong mat troi", kind="offer", sector="electronics")
    assert narrowed["total"] == sector_counts["electronics"]
    narrowed_kinds = {value["value"]: value["count"] for value in narrowed["facets"]["kind"]}
    assert narrowed_kinds["offer"] == narrowed["total"]


def test_results_carry_scores_highlights_and_urls(client, indexed_corpus):
    response, payload = api_search(client, q="drone phun thuoc")
    assert response.status_code == 200
    first = payload["results"][0]
    assert first["score"] > 0 and first["url"].startswith(f"/listings/{first['id']}-")
    assert any("<mark>" in fragment for fragments in first["highlights"].values() for fragment in fragments)


def test_empty_results_suggest_a_correction(client, indexed_corpus):
    _, payload = api_search(client, q="phuun thuocc")
    assert payload["total"] == 0
    assert payload["suggestion"]


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"sector": "space"}, 400),
        ({"sort": "price"}, 400),
        ({"page": "two"}, 400),
        ({"colour": "red"}, 400),
        ({"trl": "1-9"}, 400),
    ],
)
def test_bad_parameters_answer_with_a_json_error(client, indexed_corpus, params, status):
    response, payload = api_search(client, **params)
    assert response.status_code == status
    assert payload["error"]["status"] == status and payload["error"]["message"]


def test_need_matches_rank_supply_with_reasons(app, client, indexed_corpus):
    with app.app_context():
        need_id = find_listing(find_by_slug("sao-mai-agritech-demo"), f"n-pump-{CORPUS_TAG}").id
    response = client.get(f"/api/v1/listings/{need_id}/matches")
    payload = response.get_json()
    assert response.status_code == 200
    ranked = [match["title"] for match in payload["matches"]]
    assert ranked[0] in {"Máy bơm nước năng lượng mặt trời cho tưới tiêu", "Solar-powered water pump controller"}
    assert all(match["kind"] in {"offer", "ip_asset"} for match in payload["matches"])
    reasons = {reason["code"]: reason["values"] for reason in payload["matches"][0]["reasons"]}
    assert "shared_terms" in reasons and "energy" in reasons["sector"]


def test_offer_matches_are_needs(app, client, indexed_corpus):
    with app.app_context():
        offer_id = find_listing(find_by_slug("nlu"), f"s-drone-{CORPUS_TAG}").id
    payload = client.get(f"/api/v1/listings/{offer_id}/matches", query_string={"size": 50}).get_json()
    assert corpus_titles([match["title"] for match in payload["matches"]])[0] == "Cần drone phun thuốc cho vùng lúa"
    assert {match["kind"] for match in payload["matches"]} == {"need"}


def test_matches_of_unpublished_or_missing_listings_are_not_found(app, client, indexed_corpus):
    with app.app_context():
        draft_id = find_listing(find_by_slug("hcmut"), f"s-draft-{CORPUS_TAG}").id
    for listing_id in (draft_id, 999_999):
        response = client.get(f"/api/v1/listings/{listing_id}/matches")
        assert response.status_code == 404 and response.get_json()["error"]["status"] == 404


def test_openapi_document_describes_the_api(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    assert {"/search", "/listings/{id}/matches"} <= set(document["paths"])


def test_html_search_page_shows_results_and_facets(client, indexed_corpus):
    page = client.get("/search", query_string={"q": "may say ca phe"}).get_data(as_text=True)
    assert "<mark>Máy sấy cà phê</mark> năng lượng mặt trời kết hợp bơm nhiệt" in page
    assert 'data-facet="sector"' in page


def test_when_elasticsearch_is_down_search_says_so_and_the_site_works(database_url, demo_data):
    down_app = create_app(app_settings(database_url, ELASTICSEARCH_URL=UNREACHABLE_SEARCH_URL))
    client = down_app.test_client()
    response = client.get("/api/v1/search", query_string={"q": "drone"})
    assert response.status_code == 503 and response.get_json()["error"]["status"] == 503
    page = client.get("/search", query_string={"q": "drone"})
    assert page.status_code == 503
    assert client.get("/").status_code == 200
    assert client.get("/organisations/hcmut").status_code == 200
    health = client.get("/healthz")
    assert health.status_code == 200 and health.get_json()["search"] == "unavailable"


def test_the_home_page_search_box_leads_to_results(client, indexed_corpus):
    home = client.get("/").get_data(as_text=True)
    assert 'action="/search"' in home and 'name="q"' in home
    page = client.get("/search", query_string={"q": "drone phun thuoc"}).get_data(as_text=True)
    assert "Máy bay không người lái phun thuốc bảo vệ thực vật" in page.replace("<mark>", "").replace("</mark>", "")


def test_a_search_node_that_does_not_answer_gets_a_503_within_the_time_budget(database_url, demo_data):
    """A socket that accepts connections but never replies stands for a hung engine."""
    with socket.socket() as hung:
        hung.bind(("127.0.0.1", 0))
        hung.listen()
        slow_app = create_app(
            app_settings(
                database_url,
                ELASTICSEARCH_URL=f"http://127.0.0.1:{hung.getsockname()[1]}",
                SEARCH_TIMEOUT_SECONDS=0.5,
            )
        )
        started = time.monotonic()
        response = slow_app.test_client().get("/api/v1/search", query_string={"q": "drone"})
        assert response.status_code == 503
        assert time.monotonic() - started < 5


def test_health_reports_the_database_search_and_the_indexer_backlog(client, indexed_corpus):
    payload = client.get("/healthz").get_json()
    assert payload["database"] == "ok" and payload["search"] == "ok"
    assert payload["indexer_backlog"] >= 0 and "parked" in payload
