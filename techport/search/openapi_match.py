"""The OpenAPI description of ``POST /api/v1/match`` (a need in words -> ranked supply), with examples."""

from techport.search.matching import MATCH_TEXT_MAX_WORDS
from techport.search.params import (
    KNOWN_VALUES,
    MATCH_SIZE_DEFAULT,
    MATCH_SIZE_MAX,
    MATCH_TEXT_MAX,
    SUPPLY_KINDS,
)

ERROR = {"$ref": "#/components/schemas/Error"}


def _error_response(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": ERROR}}}


MATCH = {
    "type": "object",
    "required": ["id", "score", "strength", "reasons"],
    "properties": {
        "id": {"type": "integer"},
        "score": {"type": "number", "description": "Text score; 0 for a match found by meaning alone"},
        "strength": {"type": "string", "enum": ["strong", "good", "partial"]},
        "kind": {"type": "string", "enum": KNOWN_VALUES["kind"]},
        "title": {"type": "string"},
        "summary": {"type": "string"},
        "organisation": {"type": "string"},
        "sectors": {"type": "array", "items": {"type": "string"}},
        "url": {"type": "string"},
        "reasons": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "code": {
                        "type": "string",
                        "enum": ["shared_terms", "semantic", "sector", "trl", "transfer_mode", "budget"],
                    },
                    "values": {"type": "array"},
                },
            },
        },
    },
}
MATCH_REQUEST = {
    "type": "object",
    "required": ["text"],
    "additionalProperties": False,
    "properties": {
        "text": {
            "type": "string",
            "minLength": 1,
            "maxLength": MATCH_TEXT_MAX,
            "description": f"The need in your own words, Vietnamese or English, up to {MATCH_TEXT_MAX} characters. "
            f"The text ranking reads its first {MATCH_TEXT_MAX_WORDS} distinct words; the semantic layer reads the "
            "whole need as one meaning.",
        },
        "kind": {
            "type": "string",
            "enum": KNOWN_VALUES["kind"],
            "description": f"Only listings of this kind; by default supply ({' and '.join(SUPPLY_KINDS)}). "
            "An unknown kind answers 400 with the known ones.",
        },
        "sector": {
            "type": "string",
            "enum": KNOWN_VALUES["sector"],
            "description": "Only listings in this sector. An unknown sector answers 400 with the known ones.",
        },
        "size": {"type": "integer", "minimum": 1, "maximum": MATCH_SIZE_MAX, "default": MATCH_SIZE_DEFAULT},
    },
}
EXAMPLE_MATCH_REQUEST = {
    "text": "Hợp tác xã cần máy sấy cà phê nhân dùng bơm nhiệt hoặc năng lượng mặt trời, công suất khoảng "
    "500 kg mỗi mẻ, giữ được hương vị và giảm chi phí điện so với lò sấy đốt củi.",
    "sector": "smart_agriculture",
    "size": 5,
}
EXAMPLE_TEXT_MATCHES = {
    "text_length": 163,
    "kind": SUPPLY_KINDS,
    "sector": "smart_agriculture",
    "size": 5,
    "matches": [
        {
            "id": 412,
            "score": 18.2,
            "strength": "strong",
            "kind": "offer",
            "title": "Máy sấy cà phê năng lượng mặt trời",
            "summary": "Sấy cà phê nhân bằng năng lượng mặt trời kết hợp bơm nhiệt.",
            "organisation": "hcmut",
            "sectors": ["smart_agriculture", "energy"],
            "url": "/listings/412-may-say-ca-phe-nang-luong-mat-troi",
            "reasons": [{"code": "shared_terms", "values": ["máy sấy", "cà phê", "bơm nhiệt"]}],
        }
    ],
}
EXAMPLE_MATCH_422 = {
    "error": {
        "status": 422,
        "message": "the match request is invalid; see fields",
        "fields": {"text": [f"has 5120 characters; at most {MATCH_TEXT_MAX} are accepted"]},
    }
}
MATCH_PATH = {
    "post": {
        "operationId": "matchText",
        "summary": "Ranked supply for a need described in words, with the reasons and strength of each match",
        "description": "No account or token needed; limited per client address (TECHPORT_MATCH_API_LIMIT, "
        "60 per minute unless the exchange set another), then 429. Only matches above the relevance floor "
        "are returned, so there may be fewer than `size`.",
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {"$ref": "#/components/schemas/MatchRequest"},
                    "example": EXAMPLE_MATCH_REQUEST,
                }
            },
        },
        "responses": {
            "200": {
                "description": "Ranked matches",
                "content": {
                    "application/json": {
                        "schema": {"$ref": "#/components/schemas/TextMatches"},
                        "example": EXAMPLE_TEXT_MATCHES,
                    }
                },
            },
            "400": _error_response("The body is not a JSON object, or kind or sector is not a known code"),
            "413": _error_response("The body is larger than the site accepts"),
            "422": {
                "description": "A field is missing, of the wrong type or too long; the problems of each field",
                "content": {
                    "application/json": {
                        "schema": {"$ref": "#/components/schemas/ValidationError"},
                        "example": EXAMPLE_MATCH_422,
                    }
                },
            },
            "429": _error_response("Too many match requests from this address"),
            "503": _error_response("Search is temporarily unavailable"),
        },
    }
}
