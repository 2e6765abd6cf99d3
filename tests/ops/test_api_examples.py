"""Every operation of the OpenAPI document carries examples, and each documented request gets its status."""

import json
from functools import partial
from urllib.parse import urlencode

import pytest

from techport.api import tokens
from techport.api.models import TokenScope
from techport.organisations.services import find_by_slug
from techport.search.openapi import openapi_document
from tests.helpers import past_a_search_stall, sign_in
from tests.inquiries.conftest import start_as
from tests.search.indexing_helpers import drain_outbox

MISSING_ID = 2_147_483_647
OPERATIONS = [
    (path, method, operation)
    for path, operations in openapi_document()["paths"].items()
    for method, operation in operations.items()
]


def documented_successes(operation: dict) -> list[int]:
    return [int(status) for status in operation["responses"] if status.startswith("2")]


@pytest.mark.parametrize(("path", "method", "operation"), OPERATIONS, ids=[f"{m} {p}" for p, m, _ in OPERATIONS])
def test_every_operation_has_request_and_response_examples(path, method, operation):
    for parameter in operation.get("parameters", []):
        assert parameter.get("required") is not True or "example" in parameter, parameter["name"]
    for content in operation.get("requestBody", {}).get("content", {}).values():
        assert "example" in content
    for status, response in operation["responses"].items():
        for content in response.get("content", {}).values():
            assert "example" in content, status
            if int(status) >= 400:
                assert content["example"]["error"]["status"] == int(status)
    assert operation["tags"]


def test_the_document_describes_authentication_errors_and_limits():
    description = openapi_document()["info"]["description"]
    for words in ("Authorization: Bearer", "request_id", "429", "413", "200 characters"):
        assert words in description


@pytest.fixture
def world(app, es, search_prefix, make_user, make_listing):
    """Real ids for the documented ones, a write token and a signed-in owner, for every documented request."""
    with app.app_context():
        _token, secret = tokens.create_token(
            find_by_slug("hcmut"), name="docs", scope=TokenScope.WRITE, valid_days=1, created_by=None
        )
    owner, firm = make_user("hcmut"), make_user("sao-mai-agritech-demo")
    published = make_listing("hcmut", "offer", "published")
    need = make_listing("sao-mai-agritech-demo", "need", "published")
    ids = {
        "getOwnListing": make_listing("hcmut"),
        "patchListing": make_listing("hcmut"),
        "submitListing": make_listing("hcmut"),
        "withdrawListing": make_listing("hcmut", status="submitted"),
        "renewListing": published,
        "matches": need,
        "getInquiry": start_as(app, firm, published),
    }
    with app.app_context():
        drain_outbox(es, search_prefix)
    session = app.test_client()
    sign_in(session, owner)
    return {"ids": ids, "secret": secret, "session": session}


def _request(app, world, path, method, operation, *, authenticated=True, path_id=None):
    values = {parameter["name"]: parameter.get("example") for parameter in operation.get("parameters", [])}
    for name, value in values.items():
        if f"{{{name}}}" in path:
            real = path_id if name == "id" else value
            if name == "id" and real is None:
                real = world["ids"][operation["operationId"]]
            path = path.replace(f"{{{name}}}", str(real))
    query = {
        parameter["name"]: parameter["example"]
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query" and "example" in parameter
    }
    url = f"/api/v1{path}" + (f"?{urlencode(query)}" if query else "")
    headers, client = {}, app.test_client()
    if operation.get("security") and authenticated:
        headers["Authorization"] = f"Bearer {world['secret']}"
    elif path.startswith("/inquiries") and authenticated:
        client = world["session"]
    body = operation.get("requestBody", {}).get("content", {})
    media_type = next(iter(body), None)
    data = json.dumps(body[media_type]["example"], ensure_ascii=False) if media_type else None
    return client.open(url, method=method.upper(), data=data, content_type=media_type, headers=headers)


def test_each_documented_example_gets_the_documented_status(app, world):
    for path, method, operation in OPERATIONS:
        response = past_a_search_stall(partial(_request, app, world, path, method, operation))
        assert response.status_code in documented_successes(operation), (
            method,
            path,
            response.status_code,
            response.get_data(as_text=True)[:300],
        )
        documented = operation["responses"][str(response.status_code)]["content"]["application/json"]["example"]
        assert set(documented) <= set(response.get_json()) | {"version"}, (method, path)


def test_each_documented_refusal_gets_its_status(app, world):
    for path, method, operation in OPERATIONS:
        responses = operation["responses"]
        if operation.get("security") or path.startswith("/inquiries"):
            refused = _request(app, world, path, method, operation, authenticated=False)
            assert refused.status_code == 401 and "401" in responses, (method, path)
            assert set(refused.get_json()["error"]) == set(
                responses["401"]["content"]["application/json"]["example"]["error"]
            )
        if "{id}" in path:
            missing = _request(app, world, path, method, operation, path_id=MISSING_ID)
            assert missing.status_code == 404 and "404" in responses, (method, path, missing.status_code)
