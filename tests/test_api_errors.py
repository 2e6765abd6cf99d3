"""Every error under /api/ answers JSON in the API's one shape; the site's pages keep their HTML error pages."""

import pytest
from flask import abort, request

from techport.search.views import FILTER_VALUE_MAX_LENGTH, FILTER_VALUES_MAX_COUNT


def _error(response, status: int) -> str:
    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"} and body["error"]["status"] == status
    return body["error"]["message"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/nope",
        "/api/nope",
        "/api/v1/listings/abc/matches",
        "/api/v1/listings/9999999999999999999999999/matches",
        f"/api/v1/listings/{2**31}/matches",
    ],
)
def test_unknown_api_paths_are_json_404(client, url):
    assert _error(client.get(url), 404) == "not found"


def test_a_listing_that_does_not_exist_is_json_404(client, demo_data):
    assert "no published listing" in _error(client.get("/api/v1/listings/2147483647/matches"), 404)


def test_wrong_method_is_json_405_with_allow(client):
    response = client.post("/api/v1/search")
    assert _error(response, 405) == "method not allowed"
    assert "GET" in response.headers["Allow"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"page": "x"}, "page and page_size must be whole numbers"),
        ({"page": "²"}, "page and page_size must be whole numbers"),
        ({"page": "9" * 25}, "page and page_size must be whole numbers"),
        ({"page": "9999"}, "results beyond"),
        ({"organisation": "x" * 40_000}, f"at most {FILTER_VALUE_MAX_LENGTH} characters"),
        ({"sector": ["ai"] * (FILTER_VALUES_MAX_COUNT + 1)}, f"at most {FILTER_VALUES_MAX_COUNT} times"),
        ({"q": "a\x00b"}, "NUL or other control characters"),
    ],
)
def test_bad_search_parameters_are_json_400(client, query, message):
    assert message in _error(client.get("/api/v1/search", query_string=query), 400)


@pytest.mark.parametrize("size", ["x", "²", "0", "51", "9" * 25])
def test_bad_match_size_is_json_400(client, make_listing, size):
    listing_id = make_listing(status="published")
    response = client.get(f"/api/v1/listings/{listing_id}/matches", query_string={"size": size})
    assert _error(response, 400) == "size must be a whole number from 1 to 50"


def test_a_filter_value_at_the_limit_reaches_the_engine(client, search_prefix):
    response = client.get("/api/v1/search", query_string={"organisation": "x" * FILTER_VALUE_MAX_LENGTH})
    assert response.status_code == 200
    assert response.get_json()["total"] == 0


def test_the_search_page_explains_an_overlong_filter(client):
    response = client.get("/search", query_string={"organisation": "x" * 40_000})
    assert response.status_code == 400
    assert f"tối đa {FILTER_VALUE_MAX_LENGTH} ký tự mỗi giá trị" in response.get_data(as_text=True)


def test_too_large_a_body_is_json_413(app, client, monkeypatch):
    def reads_the_body():
        return {"fields": len(request.form)}

    monkeypatch.setitem(app.view_functions, "api.api_openapi", reads_the_body)
    response = client.get(
        "/api/v1/openapi.json",
        data="a=" + "x" * (app.config["MAX_CONTENT_LENGTH"] + 1),
        content_type="application/x-www-form-urlencoded",
    )
    assert _error(response, 413) == "request too large"


def test_a_raised_http_error_keeps_its_description(app, client, monkeypatch):
    monkeypatch.setitem(app.view_functions, "api.api_openapi", lambda: abort(403, "curators only"))
    assert _error(client.get("/api/v1/openapi.json"), 403) == "curators only"


def test_an_unexpected_failure_is_json_500(app, client, monkeypatch, caplog):
    def fails():
        raise RuntimeError("boom")

    monkeypatch.setitem(app.view_functions, "api.api_openapi", fails)
    assert _error(client.get("/api/v1/openapi.json"), 500) == "internal error"
    assert "boom" in caplog.text


@pytest.mark.parametrize("url", ["/nope", "/apinope", "/listings/abc"])
def test_pages_outside_the_api_keep_html_error_pages(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.mimetype == "text/html"
