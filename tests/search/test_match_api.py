"""POST /api/v1/match: supply for a need described in words, against the live node."""

import pytest

from techport.search.params import MATCH_TEXT_MAX
from tests.helpers import csrf_token, sign_in

COFFEE_NEED = (
    "Hợp tác xã chúng tôi ở Đắk Lắk cần máy sấy cà phê dùng năng lượng mặt trời hoặc bơm nhiệt, "
    "để sấy cà phê nhân sau thu hoạch mà không phải đốt củi. "
)


def match(client, body, **kwargs):
    response = client.post("/api/v1/match", json=body, **kwargs)
    return response, response.get_json()


def titles(payload) -> list[str]:
    return [each["title"] for each in payload["matches"]]


def test_a_need_in_words_finds_the_supply_with_reasons_and_strength(client, indexed_corpus):
    response, payload = match(client, {"text": COFFEE_NEED})
    assert response.status_code == 200
    assert titles(payload)[0] == "Máy sấy cà phê năng lượng mặt trời kết hợp bơm nhiệt"
    assert {each["kind"] for each in payload["matches"]} <= {"offer", "ip_asset"}
    first = payload["matches"][0]
    assert first["strength"] in {"strong", "good", "partial"}
    assert first["reasons"] and first["url"].startswith("/listings/")
    assert payload["kind"] == ["offer", "ip_asset"] and payload["size"] == 10


def test_a_long_need_of_four_thousand_characters_is_matched(client, indexed_corpus):
    text = (COFFEE_NEED * 40)[:MATCH_TEXT_MAX]
    response, payload = match(client, {"text": text, "size": 3})
    assert response.status_code == 200
    assert payload["text_length"] == len(" ".join(text.split()))
    assert titles(payload)[0] == "Máy sấy cà phê năng lượng mặt trời kết hợp bơm nhiệt"
    assert len(payload["matches"]) <= 3


def test_kind_and_sector_narrow_the_matches(client, indexed_corpus):
    _, needs = match(client, {"text": "máy bơm nước năng lượng mặt trời cho tưới tiêu", "kind": "need"})
    assert needs["matches"] and {each["kind"] for each in needs["matches"]} == {"need"}
    _, energy = match(client, {"text": "máy bơm nước năng lượng mặt trời, sấy cà phê", "sector": "food_processing"})
    assert energy["matches"]
    assert all("food_processing" in each["sectors"] for each in energy["matches"])
    assert "Máy sấy cà phê năng lượng mặt trời kết hợp bơm nhiệt" in titles(energy)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "text"),
        ({"text": ""}, "text"),
        ({"text": "   "}, "text"),
        ({"text": 42}, "text"),
        ({"text": "x" * (MATCH_TEXT_MAX + 1)}, "text"),
        ({"text": "máy sấy\u0000"}, "text"),
        ({"text": "máy sấy", "size": 0}, "size"),
        ({"text": "máy sấy", "size": 51}, "size"),
        ({"text": "máy sấy", "size": True}, "size"),
        ({"text": "máy sấy", "size": "5"}, "size"),
        ({"text": "máy sấy", "kind": ["offer"]}, "kind"),
        ({"text": "máy sấy", "budget": 5}, "budget"),
    ],
)
def test_bad_fields_answer_422_with_the_problem_of_each_field(client, body, field):
    response, payload = match(client, body)
    assert response.status_code == 422
    assert payload["error"]["status"] == 422
    assert list(payload["error"]["fields"]) == [field]


@pytest.mark.parametrize(
    ("body", "known"),
    [({"text": "máy sấy", "kind": "robot"}, "ip_asset"), ({"text": "máy sấy", "sector": "space"}, "energy")],
)
def test_unknown_kind_or_sector_answers_400_with_the_known_values(client, body, known):
    response, payload = match(client, body)
    assert response.status_code == 400
    assert "must be one of" in payload["error"]["message"] and known in payload["error"]["message"]


@pytest.mark.parametrize("data", [b"not json", b"[1, 2]", b'"text"', b""])
def test_a_body_that_is_not_a_json_object_answers_400(client, data):
    response = client.post("/api/v1/match", data=data, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["status"] == 400


def test_no_account_is_needed_and_a_signed_in_browser_needs_its_csrf_token(client, make_user, indexed_corpus):
    sign_in(client, make_user("sao-mai-agritech-demo"))
    refused = client.post("/api/v1/match", json={"text": COFFEE_NEED})
    assert refused.status_code == 400 and "CSRF" in refused.get_json()["error"]["message"]
    token = csrf_token(client, "/search")
    allowed = client.post("/api/v1/match", json={"text": COFFEE_NEED}, headers={"X-CSRFToken": token})
    assert allowed.status_code == 200


def test_requests_are_limited_per_address(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "MATCH_API_LIMIT", "2 per minute")
    address = {"REMOTE_ADDR": "203.0.113.77"}
    statuses = [
        client.post("/api/v1/match", json={"text": "x", "size": 0}, environ_base=address).status_code for _ in range(3)
    ]
    assert statuses == [422, 422, 429]
    assert client.post("/api/v1/match", json={"text": "x", "size": 0}).status_code == 422


def test_the_engine_being_down_answers_503(app, client, monkeypatch):
    from techport.search import service

    def unavailable(*args, **kwargs):
        raise service.SearchUnavailable("down")

    monkeypatch.setattr(service, "match_text", unavailable)
    response, payload = match(client, {"text": COFFEE_NEED})
    assert response.status_code == 503 and payload["error"]["status"] == 503


def test_the_openapi_document_describes_the_operation_with_examples(client):
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/match"]["post"]
    content = operation["requestBody"]["content"]["application/json"]
    assert content["example"]["text"]
    assert {"200", "400", "422", "429", "503"} <= set(operation["responses"])
    assert operation["responses"]["200"]["content"]["application/json"]["example"]["matches"]
    request_schema = document["components"]["schemas"]["MatchRequest"]
    assert request_schema["properties"]["text"]["maxLength"] == MATCH_TEXT_MAX
    assert "energy" in request_schema["properties"]["sector"]["enum"]
