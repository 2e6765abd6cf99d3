"""The OpenAPI 3.1 document of Techport's public JSON API, served at /api/v1/openapi.json."""

from techport.search.query import MAX_QUERY_LENGTH, PRICE_BUCKETS, RANGE_FACETS, SORTS, TERM_FACETS, TRL_BUCKETS

ERROR = {"$ref": "#/components/schemas/Error"}


def _error_response(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": ERROR}}}


def _filter_parameter(name: str) -> dict:
    schema = {"type": "string"}
    if name == "trl":
        schema["enum"] = list(TRL_BUCKETS)
    elif name == "price":
        schema["enum"] = list(PRICE_BUCKETS)
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": f"Filter by {name}; repeat the parameter to select several values (OR within a facet, AND across facets).",
        "schema": {"type": "array", "items": schema},
        "style": "form",
        "explode": True,
    }


def openapi_document() -> dict:
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
            "/search": {
                "get": {
                    "operationId": "search",
                    "summary": "Full-text, faceted search over published listings",
                    "parameters": [
                        {
                            "name": "q",
                            "in": "query",
                            "description": "Free text, with or without Vietnamese diacritics.",
                            "schema": {"type": "string", "maxLength": MAX_QUERY_LENGTH},
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
                        "400": _error_response("A parameter is invalid"),
                        "413": _error_response("The query is longer than allowed"),
                        "503": _error_response("Search is temporarily unavailable"),
                    },
                }
            },
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
            "schemas": {
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
                        "query": {"type": "string"},
                        "filters": {"type": "object"},
                        "sort": {"type": "string"},
                        "page": {"type": "integer"},
                        "page_size": {"type": "integer"},
                        "total": {"type": "integer"},
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
                "Matches": {
                    "type": "object",
                    "required": ["listing", "matches"],
                    "properties": {
                        "listing": {"type": "object"},
                        "matches": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["id", "score", "reasons"],
                                "properties": {
                                    "id": {"type": "integer"},
                                    "score": {"type": "number"},
                                    "kind": {"type": "string"},
                                    "title": {"type": "string"},
                                    "url": {"type": "string"},
                                    "reasons": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "properties": {
                                                "code": {
                                                    "type": "string",
                                                    "enum": [
                                                        "shared_terms",
                                                        "sector",
                                                        "trl",
                                                        "transfer_mode",
                                                        "budget",
                                                    ],
                                                },
                                                "values": {"type": "array"},
                                            },
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            }
        },
    }
