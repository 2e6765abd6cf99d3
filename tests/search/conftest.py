"""Fixtures for tests that run against the live Elasticsearch node (scripts/esnode start)."""

import os
import uuid

import pytest
from elasticsearch import Elasticsearch
from elasticsearch.exceptions import ConnectionError as ESConnectionError

ELASTICSEARCH_URL = os.environ.get("TECHPORT_ELASTICSEARCH_URL", "http://127.0.0.1:9200")


@pytest.fixture(scope="session")
def es() -> Elasticsearch:
    """A client of the live node. Under CI a missing node fails the test; locally it skips."""
    client = Elasticsearch(ELASTICSEARCH_URL, request_timeout=30)
    try:
        client.cluster.health(wait_for_status="yellow", timeout="10s")
    except ESConnectionError as error:
        message = f"Elasticsearch is not reachable at {ELASTICSEARCH_URL} (run scripts/esnode start): {error}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return client


@pytest.fixture
def index_name(es: Elasticsearch):
    """A unique index-name prefix for one test; every index under it is deleted afterwards."""
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    yield prefix
    created = es.indices.get(index=f"{prefix}*", allow_no_indices=True, expand_wildcards="all")
    if created:
        es.indices.delete(index=",".join(created))
