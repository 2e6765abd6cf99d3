"""The OpenAPI 3.1 document of Techport's public JSON API, served at /api/v1/openapi.json."""

from techport.api import openapi as write_api
from techport.inquiries.models import InquirySource, InquiryStage
from techport.search.openapi_match import MATCH, MATCH_PATH, MATCH_REQUEST
from techport.search.params import KNOWN_VALUES, SEARCH_TEXT_MAX
from techport.search.query import PRICE_BUCKETS, RANGE_FACETS, SORTS, TERM_FACETS, TRL_BUCKETS

ERROR = {"$ref": "#/components/schemas/Error"}


def _error_response(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": ERROR}}}


def _filter_parameter(name: str) -> dict:
    schema = {"type": "string"}
    if name == "trl":
        schema["enum"] = list(TRL_BUCKETS)
    elif name == "price":
        schema["enum"] = list(PRICE_BUCKETS)
    elif name in KNOWN_VALUES:
        schema["enum"] = KNOWN_VALUES[name]
    unknown = " An unknown value answers 400 with the known ones." if "enum" in schema else ""
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": f"Filter by {name}; repeat the parameter to select several values (OR within a facet, AND across facets).{unknown}",
        "schema": {"type": "array", "items": schema},
        "style": "form",
        "explode": True,
    }


INQUIRY = {
    "type": "object",
    "required": ["id", "listing", "asking_organisation", "owner_organisation", "stage", "source", "created_at"],
    "properties": {
        "id": {"type": "integer"},
        "url": {"type": "string"},
        "listing": {"type": "object"},
        "asking_organisation": {"type": "object"},
        "owner_organisation": {"type": "object"},
        "direction": {"type": "string", "enum": ["incoming", "outgoing"]},
        "stage": {"type": "string", "enum": [stage.value for stage in InquiryStage]},
        "closing_reason": {"type": ["string", "null"]},
        "source": {"type": "string", "enum": [source.value for source in InquirySource]},
        "source_rank": {"type": ["integer", "null"]},
        "created_at": {"type": "string", "format": "date-time"},
        "last_activity_at": {"type": "string", "format": "date-time"},
    },
}
INQUIRY_PATHS = {
    "/inquiries": {
        "get": {
            "operationId": "listInquiries",
            "summary": "The inquiries of the caller's organisation, both directions, newest activity first",
            "description": "Needs a signed-in session (API tokens come later).",
            "parameters": [
                {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
                {
                    "name": "page_size",
                    "in": "query",
                    "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
                },
            ],
            "responses": {
                "200": {
                    "description": "One page of inquiries",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "page": {"type": "integer"},
                                    "pages": {"type": "integer"},
                                    "total": {"type": "integer"},
                                    "items": {"type": "array", "items": INQUIRY},
                                },
                            }
                        }
                    },
                },
                "401": _error_response("Not signed in"),
            },
        }
    },
    "/inquiries/{id}": {
        "get": {
            "operationId": "getInquiry",
            "summary": "One inquiry of the caller's organisation, with its messages and stage history",
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "responses": {
                "200": {
                    "description": "The inquiry",
                    "content": {
                        "application/json": {
                            "schema": {
                                "allOf": [
                                    INQUIRY,
                                    {
                                        "type": "object",
                                        "properties": {
                                            "messages": {"type": "array", "items": {"type": "object"}},
                                            "stage_history": {"type": "array", "items": {"type": "object"}},
                                            "agreement": {"type": ["object", "null"]},
                                        },
                                    },
                                ]
                            }
                        }
                    },
                },
                "401": _error_response("Not signed in"),
                "404": _error_response("No inquiry of the caller's organisation has this id"),
            },
        }
    },
}


def openapi_document() -> dict:
    from techport.api.docs_examples import with_examples

    return with_examples(write_api.with_common_refusals(_document()))


def _document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Techport API",
            "version": "1.0.0",
            "description": "Search the published technology offers, needs and IP assets of Techport, "
            "Ho Chi Minh City's technology exchange, and find the supply that meets a need (and the reverse).",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": {
            **INQUIRY_PATHS,
            **write_api.PATHS,
            "/search": {
                "get": {
                    "operationId": "search",
                    "summary": "Full-text, faceted search over published listings",
                    "parameters": [
                        {
                            "name": "q",
                            "in": "query",
                            "description": "Free text, with or without Vietnamese diacritics. Any length is "
                            f"accepted; the first {SEARCH_TEXT_MAX} characters (cut at a word boundary) are "
                            "searched, because more words make ranking slower, not better; the answer then says "
                            "`truncated: true` and `query` holds the text searched. To match a long need "
                            "description, use `POST /match`.",
                            "schema": {"type": "string"},
                        },
                        {
                            "name": "sort",
                            "in": "query",
                            "schema": {"type": "string", "enum": list(SORTS), "default": "relevance"},
                        },
                        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
                        {
                            "name": "page_size",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
                        },
                        *[_filter_parameter(name) for name in [*TERM_FACETS, *RANGE_FACETS]],
                    ],
                    "responses": {
                        "200": {
                            "description": "Results with scores, highlights and facet counts",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SearchResults"}}},
                        },
                        "400": _error_response("A parameter is invalid, or a coded filter has an unknown value"),
                        "503": _error_response("Search is temporarily unavailable"),
                    },
                }
            },
            "/match": MATCH_PATH,
            "/listings/{id}/matches": {
                "get": {
                    "operationId": "matches",
                    "summary": "Ranked listings on the other side of the market, with the reasons they match",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}},
                        {
                            "name": "size",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 1, "maximum": 50, "default": 10},
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "Ranked matches",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Matches"}}},
                        },
                        "400": _error_response("A parameter is invalid"),
                        "404": _error_response("No published listing has this id"),
                        "503": _error_response("Search is temporarily unavailable"),
                    },
                }
            },
        },
        "components": {
            "securitySchemes": write_api.SECURITY_SCHEMES,
            "schemas": {
                **write_api.SCHEMAS,
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {
                            "type": "object",
                            "required": ["status", "message"],
                            "properties": {"status": {"type": "integer"}, "message": {"type": "string"}},
                        }
                    },
                },
                "SearchResult": {
                    "type": "object",
                    "required": ["id", "kind", "title", "url"],
                    "properties": {
                        "id": {"type": "integer"},
                        "score": {"type": ["number", "null"]},
                        "kind": {"type": "string", "enum": ["offer", "need", "ip_asset"]},
                        "title": {"type": "string"},
                        "summary": {"type": "string"},
                        "organisation": {"type": "string"},
                        "url": {"type": "string"},
                        "highlights": {
                            "type": "object",
                            "additionalProperties": {"type": "array", "items": {"type": "string"}},
                        },
                    },
                },
                "SearchResults": {
                    "type": "object",
                    "required": ["total", "results", "facets"],
                    "properties": {
                        "query": {"type": "string", "description": "The text searched"},
                        "truncated": {
                            "type": "boolean",
                            "description": f"True when the text was longer than {SEARCH_TEXT_MAX} characters "
                            "and only its beginning was searched",
                        },
                        "filters": {"type": "object"},
                        "sort": {"type": "string"},
                        "page": {"type": "integer"},
                        "page_size": {"type": "integer"},
                        "total": {"type": "integer", "description": "every match, counted exactly"},
                        "total_exact": {
                            "type": "boolean",
                            "description": "always true: totals are exact (kept for clients of the capped totals)",
                        },
                        "results": {"type": "array", "items": {"$ref": "#/components/schemas/SearchResult"}},
                        "facets": {
                            "type": "object",
                            "additionalProperties": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "properties": {
                                        "value": {"type": "string"},
                                        "count": {"type": "integer"},
                                        "selected": {"type": "boolean"},
                                    },
                                },
                            },
                        },
                        "suggestion": {"type": ["string", "null"]},
                    },
                },
                "Match": MATCH,
                "Matches": {
                    "type": "object",
                    "required": ["listing", "matches"],
                    "properties": {
                        "listing": {"type": "object"},
                        "matches": {"type": "array", "items": {"$ref": "#/components/schemas/Match"}},
                    },
                },
                "MatchRequest": MATCH_REQUEST,
                "TextMatches": {
                    "type": "object",
                    "required": ["text_length", "kind", "size", "matches"],
                    "properties": {
                        "text_length": {"type": "integer", "description": "Characters of the text matched"},
                        "kind": {"type": "array", "items": {"type": "string", "enum": KNOWN_VALUES["kind"]}},
                        "sector": {"type": ["string", "null"]},
                        "size": {"type": "integer"},
                        "matches": {"type": "array", "items": {"$ref": "#/components/schemas/Match"}},
                    },
                },
            },
        },
    }
