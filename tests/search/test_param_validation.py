"""Coded filters (kind, sector, ip_type, legal_status, transfer_mode, language) refuse unknown values with the
known ones, like trl; the OpenAPI document lists the allowed values of each."""

import pytest

from techport.listings.vocabulary import SECTORS
from techport.search.params import KNOWN_VALUES, unknown_value_message


def test_unknown_value_message_names_the_value_and_the_known_ones():
    message = unknown_value_message("kind", ["offer", "robot"])
    assert message == "kind 'robot' is unknown; kind must be one of offer, need, ip_asset"
    assert unknown_value_message("kind", ["offer", "need"]) is None
    assert unknown_value_message("organisation", ["anything"]) is None


@pytest.mark.parametrize(
    ("name", "value", "known"),
    [
        ("kind", "robot", "ip_asset"),
        ("sector", "space", "smart_agriculture"),
        ("ip_type", "poem", "patent"),
        ("legal_status", "lost", "granted"),
        ("transfer_mode", "gift", "licence"),
        ("language", "fr", "vi"),
    ],
)
def test_the_api_answers_400_with_the_known_values(client, name, value, known):
    response = client.get("/api/v1/search", query_string={name: value})
    payload = response.get_json()
    assert response.status_code == 400
    assert payload["error"]["status"] == 400
    assert value in payload["error"]["message"] and known in payload["error"]["message"]


def test_one_unknown_value_among_known_ones_is_refused(client):
    response = client.get("/api/v1/search", query_string=[("sector", "energy"), ("sector", "spaceflight")])
    assert response.status_code == 400 and "spaceflight" in response.get_json()["error"]["message"]


def test_known_values_still_filter(client, indexed_corpus):
    response = client.get("/api/v1/search", query_string={"q": "máy bơm", "sector": "energy", "kind": "offer"})
    payload = response.get_json()
    assert response.status_code == 200 and payload["results"]
    assert {result["kind"] for result in payload["results"]} == {"offer"}


def test_the_search_page_answers_400_for_an_unknown_sector(client):
    response = client.get("/search", query_string={"sector": "spaceflight"})
    assert response.status_code == 400
    assert 'role="alert"' in response.get_data(as_text=True)


def test_the_openapi_document_lists_the_allowed_values_of_every_coded_parameter(client):
    document = client.get("/api/v1/openapi.json").get_json()
    parameters = {parameter["name"]: parameter for parameter in document["paths"]["/search"]["get"]["parameters"]}
    for name, values in KNOWN_VALUES.items():
        assert parameters[name]["schema"]["items"]["enum"] == values, name
    assert set(parameters["sector"]["schema"]["items"]["enum"]) == set(SECTORS)
    assert parameters["trl"]["schema"]["items"]["enum"] == ["1-3", "4-6", "7-9"]
    match_request = document["components"]["schemas"]["MatchRequest"]["properties"]
    assert match_request["kind"]["enum"] == KNOWN_VALUES["kind"]
    assert match_request["sector"]["enum"] == KNOWN_VALUES["sector"]
