"""Schemathesis over every operation of the OpenAPI document, through WSGI with a write token.

Bounded: a few examples per operation and no per-example deadline (the search node answers in
milliseconds, but a cold index may not). Asserts what the document promises: no 5xx, only documented
status codes and content types, bodies and headers that match their schemas.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from techport.search.openapi import openapi_document
from tests.api.conftest import bearer

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


# The document as the app serves it (tests/api/test_openapi.py checks they are the same). Loaded at import
# time because Schemathesis's lazy fixture loader fails under pytest 9 ("'Function' object has no
# attribute '_nodeid'"); requests still go to the Flask app through WSGI.
schema = schemathesis.openapi.from_dict(openapi_document())


@pytest.fixture
def api_app(app, indexed_corpus, monkeypatch):
    """The app with the search corpus indexed and the per-token limit out of the way (Schemathesis sends
    far more than a client would in a minute)."""
    monkeypatch.setitem(app.config, "API_TOKEN_LIMIT", "100000 per minute")
    return app


@pytest.fixture
def write_token(make_token) -> dict:
    return bearer(make_token())


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_keeps_to_the_document(case, api_app, write_token):
    case.call_and_validate(app=api_app, headers=write_token, checks=CHECKS)
