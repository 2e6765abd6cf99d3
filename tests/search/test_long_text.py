"""Long search text: the search box and /api/v1/search read its beginning and say so, never answer 413."""

from techport.search.params import SEARCH_TEXT_MAX, capped_text
from tests.helpers import past_a_search_stall

LONG_NEED = (
    "Chúng tôi cần máy bơm nước năng lượng mặt trời cho tưới tiêu ở trang trại, "
    "công suất vừa phải, dễ bảo trì, có bộ điều khiển tự động theo độ ẩm đất. " * 12
)


def test_capped_text_cuts_at_a_word_boundary_and_says_so():
    text, truncated = capped_text("  bơm   nước  ")
    assert (text, truncated) == ("bơm nước", False)
    text, truncated = capped_text("máy bơm nước", limit=9)
    assert (text, truncated) == ("máy bơm", True)
    text, truncated = capped_text("x" * 30, limit=10)
    assert (text, truncated) == ("x" * 10, True)
    text, truncated = capped_text("a" * SEARCH_TEXT_MAX)
    assert not truncated and len(text) == SEARCH_TEXT_MAX


def test_the_api_searches_the_beginning_of_a_long_text_and_says_so(client, indexed_corpus):
    response = client.get("/api/v1/search", query_string={"q": LONG_NEED})
    payload = response.get_json()
    assert response.status_code == 200
    assert payload["truncated"] is True
    assert len(payload["query"]) <= SEARCH_TEXT_MAX and LONG_NEED.startswith(payload["query"])
    assert "Máy bơm nước năng lượng mặt trời cho tưới tiêu" in [result["title"] for result in payload["results"]][:3]


def test_a_short_text_is_not_truncated(client, indexed_corpus):
    payload = client.get("/api/v1/search", query_string={"q": "máy bơm nước"}).get_json()
    assert payload["truncated"] is False and payload["query"] == "máy bơm nước"


def test_the_search_page_shows_results_and_a_notice_for_a_long_text(client, indexed_corpus):
    response = past_a_search_stall(lambda: client.get("/search", query_string={"q": LONG_NEED}))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "may-bom-nuoc-nang-luong-mat-troi-cho-tuoi-tieu" in page
    assert f"chỉ {SEARCH_TEXT_MAX} ký tự đầu tiên" in page
    short = client.get("/search", query_string={"q": "máy bơm nước"}).get_data(as_text=True)
    assert "ký tự đầu tiên" not in short


def test_the_notice_is_in_english_too(client, indexed_corpus):
    client.get("/lang/en")
    page = client.get("/search", query_string={"q": LONG_NEED}).get_data(as_text=True)
    assert f"only its first {SEARCH_TEXT_MAX} characters were searched" in page


def test_the_openapi_document_says_how_long_text_is_read(client):
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/search"]["get"]
    q = next(parameter for parameter in operation["parameters"] if parameter["name"] == "q")
    assert "maxLength" not in q["schema"] and "truncated" in q["description"]
    assert "413" not in operation["responses"]
    assert "truncated" in document["components"]["schemas"]["SearchResults"]["properties"]
