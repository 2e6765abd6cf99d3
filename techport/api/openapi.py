"""The write API's part of the OpenAPI document (merged into ``techport.search.openapi``), with examples."""

import copy

from techport.ip_assets.vocabulary import IP_NUMBER_MAX, IpType, LegalStatus
from techport.listings.vocabulary import (
    CONTACT_FIELD_MAX,
    DESCRIPTION_MAX,
    DETAIL_TEXT_MAX,
    EXTERNAL_ID_MAX,
    KEYWORD_MAX,
    KEYWORDS_MAX_COUNT,
    PARTNER_SOUGHT_MAX,
    SECTORS,
    SECTORS_MAX_COUNT,
    SUMMARY_MAX,
    TITLE_MAX,
    TRANSFER_MODES,
    TRL_MAX,
    TRL_MIN,
    Language,
    ListingKind,
    ListingStatus,
    OfferType,
)

SECURITY = [{"bearerAuth": []}]
ERROR = {"$ref": "#/components/schemas/Error"}
LISTING = {"$ref": "#/components/schemas/Listing"}
ID_PARAMETER = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}
AUTHENTICATE_HEADER = {"WWW-Authenticate": {"schema": {"type": "string"}, "description": "Bearer challenge"}}

EXAMPLE_RECORD = {
    "external_id": "bk-2026-017",
    "kind": "offer",
    "language": "vi",
    "title": "Máy sấy cà phê năng lượng mặt trời",
    "summary": "Sấy cà phê nhân bằng năng lượng mặt trời kết hợp bơm nhiệt.",
    "description": "Buồng sấy 500 kg mỗi mẻ, tiết kiệm 40% điện năng.",
    "trl": 6,
    "sectors": ["smart_agriculture", "energy"],
    "keywords": ["sấy", "cà phê"],
    "transfer_modes": ["licence"],
    "price_vnd": 350000000,
    "price_negotiable": True,
    "offer_type": "technology",
    "contact": {"name": "Trần Minh Khoa", "email": "khoa@hcmut.example"},
}
EXAMPLE_LISTING = {
    "id": 412,
    **EXAMPLE_RECORD,
    "organisation": "hcmut",
    "status": "draft",
    "version": 1,
    "expires_on": None,
    "rejection_reason": None,
    "steps": ["submit", "archive"],
    "url": "https://techport.example/listings/412-may-say-ca-phe-nang-luong-mat-troi",
    "created_at": "2026-12-01T04:00:00+00:00",
    "updated_at": "2026-12-01T04:00:00+00:00",
}
EXAMPLE_422 = {
    "error": {
        "status": 422,
        "message": "the listing breaks the standard profile; see fields",
        "fields": {"trl": ["must be a whole number from 1 to 9"], "sectors": ["needs at least 1 code(s)"]},
    }
}


def _text(max_length: int) -> dict:
    return {"type": "string", "maxLength": max_length}


def _codes(codes, max_items: int | None = None) -> dict:
    schema = {"type": "array", "items": {"type": "string", "enum": list(codes)}, "uniqueItems": True}
    if max_items:
        schema["maxItems"] = max_items
    return schema


RECORD_PROPERTIES = {
    "external_id": {
        "type": "string",
        "maxLength": EXTERNAL_ID_MAX,
        "pattern": "^[A-Za-z0-9._-]+$",
        "description": "Your own id; POST with an existing one replaces that listing (idempotent upsert).",
    },
    "organisation": {"type": "string", "description": "Read-only: the token's organisation."},
    "kind": {"type": "string", "enum": [kind.value for kind in ListingKind]},
    "status": {
        "type": "string",
        "enum": [status.value for status in ListingStatus],
        "description": "Read-only: changes through submit, withdraw and renew.",
    },
    "language": {"type": "string", "enum": [language.value for language in Language]},
    "title": _text(TITLE_MAX),
    "summary": _text(SUMMARY_MAX),
    "description": _text(DESCRIPTION_MAX),
    "advantages": _text(DETAIL_TEXT_MAX),
    "specification_sought": _text(DETAIL_TEXT_MAX),
    "offer_type": {"type": "string", "enum": [offer_type.value for offer_type in OfferType]},
    "trl": {"type": "integer", "minimum": TRL_MIN, "maximum": TRL_MAX},
    "sectors": _codes(SECTORS, SECTORS_MAX_COUNT),
    "keywords": {"type": "array", "items": _text(KEYWORD_MAX), "maxItems": KEYWORDS_MAX_COUNT},
    "transfer_modes": _codes(TRANSFER_MODES),
    "price_vnd": {"type": ["integer", "null"], "minimum": 0, "maximum": 2**63 - 1},
    "price_negotiable": {"type": "boolean"},
    "partner_sought": _text(PARTNER_SOUGHT_MAX),
    "published_at": {"type": "string", "format": "date", "description": "Read-only."},
    "contact": {
        "type": "object",
        "properties": {name: _text(CONTACT_FIELD_MAX) for name in ("name", "email", "phone")},
    },
    "ip": {
        "type": "object",
        "description": "Required for IP assets, refused for the other kinds.",
        "properties": {
            "ip_type": {"type": "string", "enum": [ip_type.value for ip_type in IpType]},
            "legal_status": {"type": "string", "enum": [status.value for status in LegalStatus]},
            "application_number": _text(IP_NUMBER_MAX),
            "application_date": {"type": "string", "format": "date"},
            "grant_number": _text(IP_NUMBER_MAX),
            "grant_date": {"type": "string", "format": "date"},
            "inventors": {"type": "array", "items": {"type": "string"}},
            "owners": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["name", "share"],
                    "properties": {"name": {"type": "string"}, "share": {"type": "number"}},
                },
            },
        },
    },
}

SCHEMAS = {
    "ListingRecord": {
        "type": "object",
        "description": "A listing in the standard profile (docs/listings-jsonl.md); the same rules as the forms.",
        "required": ["kind", "language", "title", "summary", "description", "trl", "sectors", "transfer_modes"],
        "properties": RECORD_PROPERTIES,
        "additionalProperties": False,
        "examples": [EXAMPLE_RECORD],
    },
    "ListingPatch": {
        "type": "object",
        "description": "A JSON merge patch (RFC 7396) of the listing's record; null removes a field. "
        "version, if given, must be the listing's current version (otherwise 409).",
        "properties": {**RECORD_PROPERTIES, "version": {"type": "integer"}},
        "additionalProperties": False,
        "examples": [{"summary": "Tiết kiệm 45% điện năng.", "price_vnd": None, "version": 1}],
    },
    "Listing": {
        "type": "object",
        "required": ["id", "external_id", "organisation", "kind", "status", "title", "version", "steps", "url"],
        "properties": {
            "id": {"type": "integer"},
            **{name: {"type": "string"} for name in ("external_id", "organisation", "kind", "status", "title")},
            "version": {"type": "integer"},
            "expires_on": {"type": ["string", "null"], "format": "date"},
            "rejection_reason": {"type": ["string", "null"]},
            "steps": {"type": "array", "items": {"type": "string"}},
            "url": {"type": "string"},
            "created_at": {"type": "string", "format": "date-time"},
            "updated_at": {"type": "string", "format": "date-time"},
        },
        "examples": [EXAMPLE_LISTING],
    },
    "ListingPage": {
        "type": "object",
        "required": ["organisation", "page", "page_size", "pages", "total", "items"],
        "properties": {
            "organisation": {"type": "string"},
            "page": {"type": "integer"},
            "page_size": {"type": "integer"},
            "pages": {"type": "integer"},
            "total": {"type": "integer"},
            "items": {"type": "array", "items": LISTING},
        },
    },
    "ValidationError": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["status", "message", "fields"],
                "properties": {
                    "status": {"type": "integer", "const": 422},
                    "message": {"type": "string"},
                    "fields": {
                        "type": "object",
                        "additionalProperties": {"type": "array", "items": {"type": "string"}},
                    },
                },
            }
        },
        "examples": [EXAMPLE_422],
    },
}
SECURITY_SCHEMES = {
    "bearerAuth": {
        "type": "http",
        "scheme": "bearer",
        "description": "An API token of the organisation (its managers create them on the organisation's "
        "API tokens page). Read tokens may only read; write tokens may also write.",
    }
}


def _error(description: str, headers: dict | None = None) -> dict:
    response = {"description": description, "content": {"application/json": {"schema": ERROR}}}
    if headers:
        response["headers"] = headers
    return response


def _listing(description: str, example: dict = EXAMPLE_LISTING) -> dict:
    return {"description": description, "content": {"application/json": {"schema": LISTING, "example": example}}}


AUTH_ERRORS = {
    "401": _error("No token, or an invalid, expired or revoked one", AUTHENTICATE_HEADER),
    "429": _error("Too many requests with this token"),
}
WRITE_ERRORS = {**AUTH_ERRORS, "403": _error("The token's scope does not include write", AUTHENTICATE_HEADER)}
UNPROCESSABLE = {
    "description": "The record breaks the profile; the problems of each field",
    "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/ValidationError"}, "example": EXAMPLE_422}
    },
}
RECORD_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/ListingRecord"}, "example": EXAMPLE_RECORD}
    },
}
NOT_OWN = _error("The token's organisation has no listing with this id")


def _step(step: str, summary: str, from_statuses: str) -> dict:
    return {
        "post": {
            "operationId": f"{step}Listing",
            "summary": summary,
            "description": f"Allowed from {from_statuses}; otherwise 409.",
            "security": SECURITY,
            "parameters": [ID_PARAMETER],
            "responses": {
                "200": _listing("The listing after the step"),
                "404": NOT_OWN,
                "409": _error("The step is not possible from the listing's status"),
                **WRITE_ERRORS,
            },
        }
    }


PATHS = {
    "/listings": {
        "post": {
            "operationId": "upsertListing",
            "summary": "Create a draft listing, or replace the organisation's listing with the same external_id",
            "security": SECURITY,
            "requestBody": RECORD_BODY,
            "responses": {
                "201": _listing("Created as a draft"),
                "200": _listing("The listing with this external_id was replaced"),
                "400": _error("The body is not a JSON object"),
                "409": _error("The listing with this external_id is archived"),
                "422": UNPROCESSABLE,
                **WRITE_ERRORS,
            },
        }
    },
    "/listings/{id}": {
        "get": {
            "operationId": "getOwnListing",
            "summary": "One of the token's organisation's listings, in any status",
            "security": SECURITY,
            "parameters": [ID_PARAMETER],
            "responses": {"200": _listing("The listing"), "404": NOT_OWN, **AUTH_ERRORS},
        },
        "patch": {
            "operationId": "patchListing",
            "summary": "Change some fields of a listing (JSON merge patch); a published listing stays published",
            "security": SECURITY,
            "parameters": [ID_PARAMETER],
            "requestBody": {
                "required": True,
                "content": {
                    "application/merge-patch+json": {"schema": {"$ref": "#/components/schemas/ListingPatch"}},
                    "application/json": {"schema": {"$ref": "#/components/schemas/ListingPatch"}},
                },
            },
            "responses": {
                "200": _listing("The changed listing"),
                "400": _error("The body is not a JSON object"),
                "404": NOT_OWN,
                "409": _error("The listing is archived, or changed since the version given"),
                "422": UNPROCESSABLE,
                **WRITE_ERRORS,
            },
        },
    },
    "/listings/{id}/submit": _step("submit", "Send a draft to the curators for review", "draft"),
    "/listings/{id}/withdraw": _step("withdraw", "Take a listing back to draft", "submitted or published"),
    "/listings/{id}/renew": _step("renew", "Keep a listing public for another 12 months", "published or expired"),
    "/organisations/{slug}/listings": {
        "get": {
            "operationId": "organisationListings",
            "summary": "The organisation's own listings in every status, the most recently changed first",
            "security": SECURITY,
            "parameters": [
                {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}},
                {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
                {
                    "name": "page_size",
                    "in": "query",
                    "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
                },
            ],
            "responses": {
                "200": {
                    "description": "One page of listings",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ListingPage"}}},
                },
                "400": _error("A parameter is invalid"),
                "403": _error("The token belongs to another organisation"),
                "404": _error("No organisation has this slug"),
                **AUTH_ERRORS,
            },
        }
    },
}


GUARD_REFUSAL = _error(
    "The request holds NUL or other control characters, or cannot be read (refused before any operation)"
)


def with_common_refusals(document: dict) -> dict:
    """Every operation may answer 400: the input guards refuse control characters in any request."""
    document = copy.deepcopy(document)
    for operations in document["paths"].values():
        for operation in operations.values():
            operation["responses"].setdefault("400", GUARD_REFUSAL)
    return document
