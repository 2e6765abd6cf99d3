"""The examples, groups and general notes (authentication, errors, limits) of the OpenAPI document.

Kept apart from the schemas (``techport.api.openapi``, ``techport.search.openapi``) so those stay
readable. ``/api/docs`` shows every example, and tests/ops/test_api_examples.py sends each documented
request to the app and checks it gets the documented status, so the examples cannot drift from the API.
"""

import copy

from techport.api.openapi import EXAMPLE_LISTING, EXAMPLE_RECORD

REQUEST_ID = "5f0c2b9e8d6a4c1f9e3b7a2d4c6e8f10"
EXAMPLE_ORGANISATION = {"id": 3, "slug": "hcmut", "name_vi": "Trường Đại học Bách khoa", "name_en": "HCMUT"}
EXAMPLE_FIRM = {"id": 7, "slug": "sao-mai-agritech", "name_vi": "Công ty Sao Mai Agritech", "name_en": "Sao Mai"}
EXAMPLE_INQUIRY = {
    "id": 58,
    "url": "https://techport.example/inquiries/58",
    "listing": {"id": 412, "title": EXAMPLE_RECORD["title"], "kind": "offer"},
    "asking_organisation": EXAMPLE_FIRM,
    "owner_organisation": EXAMPLE_ORGANISATION,
    "direction": "incoming",
    "stage": "new",
    "closing_reason": None,
    "source": "search",
    "source_rank": 2,
    "created_at": "2026-12-01T04:00:00+00:00",
    "last_activity_at": "2026-12-01T04:00:00+00:00",
}
EXAMPLE_INQUIRY_DETAIL = {
    **EXAMPLE_INQUIRY,
    "intended_use": "Sấy cà phê cho hợp tác xã ở Đắk Lắk.",
    "transfer_mode": "licence",
    "budget_vnd": 300000000,
    "agreement": None,
    "messages": [
        {
            "id": 101,
            "author_organisation_id": 7,
            "body": "Chúng tôi muốn tìm hiểu công nghệ này.",
            "created_at": "2026-12-01T04:00:00+00:00",
            "attachments": [],
        }
    ],
    "stage_history": [{"from": None, "to": "new", "reason": None, "at": "2026-12-01T04:00:00+00:00"}],
}
EXAMPLE_SEARCH = {
    "query": "sấy cà phê",
    "filters": {},
    "sort": "relevance",
    "page": 1,
    "page_size": 5,
    "total": 1,
    "results": [
        {
            "id": 412,
            "score": 7.31,
            "kind": "offer",
            "title": EXAMPLE_RECORD["title"],
            "summary": EXAMPLE_RECORD["summary"],
            "organisation": "hcmut",
            "url": "/listings/412-may-say-ca-phe-nang-luong-mat-troi",
            "highlights": {"title": ["Máy <mark>sấy</mark> <mark>cà phê</mark> năng lượng mặt trời"]},
        }
    ],
    "facets": {"kind": [{"value": "offer", "count": 1, "selected": False}]},
    "suggestion": None,
}
EXAMPLE_MATCHES = {
    "listing": {"id": 977, "kind": "need", "title": "Cần công nghệ sấy nông sản tiết kiệm điện"},
    "matches": [
        {
            "id": 412,
            "score": 12.4,
            "kind": "offer",
            "title": EXAMPLE_RECORD["title"],
            "url": "/listings/412-may-say-ca-phe-nang-luong-mat-troi",
            "reasons": [{"code": "sector", "values": ["smart_agriculture"]}, {"code": "trl", "values": [6]}],
        }
    ],
}
EXAMPLE_PAGE = {"organisation": "hcmut", "page": 1, "page_size": 20, "pages": 1, "total": 1, "items": [EXAMPLE_LISTING]}
EXAMPLE_PATCH = {"summary": "Tiết kiệm 45% điện năng.", "price_vnd": None}

# operationId -> (parameter examples, request body example, {status: response example}).
OPERATION_EXAMPLES = {
    "search": ({"q": "sấy cà phê", "page_size": 5}, None, {"200": EXAMPLE_SEARCH}),
    "matches": ({"id": 977, "size": 5}, None, {"200": EXAMPLE_MATCHES}),
    "listInquiries": (
        {"page": 1, "page_size": 20},
        None,
        {"200": {"page": 1, "pages": 1, "total": 1, "items": [EXAMPLE_INQUIRY]}},
    ),
    "getInquiry": ({"id": 58}, None, {"200": EXAMPLE_INQUIRY_DETAIL}),
    "upsertListing": ({}, EXAMPLE_RECORD, {}),
    "getOwnListing": ({"id": 412}, None, {}),
    "patchListing": ({"id": 412}, EXAMPLE_PATCH, {"200": {**EXAMPLE_LISTING, **EXAMPLE_PATCH, "version": 2}}),
    "submitListing": ({"id": 412}, None, {"200": {**EXAMPLE_LISTING, "status": "submitted", "steps": ["withdraw"]}}),
    "withdrawListing": ({"id": 412}, None, {"200": EXAMPLE_LISTING}),
    "renewListing": (
        {"id": 412},
        None,
        {"200": {**EXAMPLE_LISTING, "status": "published", "expires_on": "2027-12-01"}},
    ),
    "organisationListings": ({"slug": "hcmut", "page": 1, "page_size": 20}, None, {"200": EXAMPLE_PAGE}),
}

# The messages the API really sends for the common refusals; the others use the response's description.
ERROR_MESSAGES = {
    "401": "send an API token in the header Authorization: Bearer <token>",
    "403": "this token's scope does not include write",
    "413": "the query is longer than 200 characters",
    "429": "this token sent too many requests; wait a minute and try again",
    "503": "search is unavailable; try again shortly",
}

TAGS = [
    {"name": "Search", "description": "Public: published listings only, no token needed."},
    {"name": "Listings", "description": "An organisation's own listings, with its API token."},
    {"name": "Inquiries", "description": "The conversations of the signed-in person's organisation."},
]

GENERAL_NOTES = """

**Authentication.** Search and matches are public. The listing operations need an API token of the
organisation in the header `Authorization: Bearer <token>`; its managers create tokens on the
organisation's *API tokens* page. Read tokens may only read; write tokens may also write. The inquiry
operations use the session of a signed-in person.

**Errors.** Every error answers JSON of one shape, `{"error": {"status": 404, "message": "not found",
"request_id": "…"}}`; a record that breaks the listing profile answers 422 with the problems of each
field under `error.fields`. Quote the `request_id` (also sent as the `X-Request-ID` header) when you ask
for help: it finds your request in the logs.

**Limits.** A token may send `TECHPORT_API_TOKEN_LIMIT` requests (600 per minute unless the exchange set
another) to the write API, then gets 429. Request bodies are at most 2 MiB (413 above), search text at
most 200 characters, pages at most 100 items. Any request holding NUL or other control characters is
refused with 400 before any operation runs.
"""


def _tag(path: str) -> str:
    if path.startswith("/inquiries"):
        return "Inquiries"
    if path in ("/search", "/listings/{id}/matches", "/match"):
        return "Search"
    return "Listings"


def _error_example(status: str, description: str) -> dict:
    message = ERROR_MESSAGES.get(status, description[:1].lower() + description[1:])
    return {"error": {"status": int(status), "message": message, "request_id": REQUEST_ID}}


def with_examples(document: dict) -> dict:
    """``document`` with an example for every operation's parameters, body and responses, plus tags and notes."""
    document = copy.deepcopy(document)
    document["info"]["description"] += GENERAL_NOTES
    document["tags"] = TAGS
    error = document["components"]["schemas"]["Error"]["properties"]["error"]
    error["properties"]["request_id"] = {"type": "string", "description": "Quote it when you report a problem."}
    for path, operations in document["paths"].items():
        for operation in operations.values():
            operation.setdefault("tags", [_tag(path)])
            parameters, body, responses = OPERATION_EXAMPLES.get(operation.get("operationId"), ({}, None, {}))
            for parameter in operation.get("parameters", []):
                if parameter["name"] in parameters:
                    parameter.setdefault("example", parameters[parameter["name"]])
            if body is not None:
                for content in operation["requestBody"]["content"].values():
                    content.setdefault("example", body)
            for status, response in operation["responses"].items():
                content = response.get("content", {}).get("application/json")
                if content is None:
                    continue
                if status in responses:
                    content.setdefault("example", responses[status])
                elif int(status) >= 400:
                    content.setdefault("example", _error_example(status, response["description"]))
    return document
