"""A hung search node must not stall the site: the circuit breaker, the short budgets of the health check and
of a listing's matches, and client errors that are the request's fault rather than the engine's."""

import socket
import threading
import time

import numpy as np
import pytest

from techport import create_app
from techport.search import service
from techport.search.breaker import BreakerState, CircuitBreaker, search_breaker
from techport.search.matching import MATCHES_TIMEOUT_SECONDS
from techport.search.query import SearchRequest
from tests.conftest import ELASTICSEARCH_URL
from tests.helpers import app_settings

UNAVAILABLE_NOTICE = "Chức năng tìm kiếm tạm thời không khả dụng"
MATCHING_UNAVAILABLE_NOTICE = "Chức năng kết nối cung cầu tạm thời không khả dụng"
TOO_LONG_FOR_THE_ENGINE = "x" * 40_000  # longer than the longest term Elasticsearch accepts (32 766 bytes)


class HungNode:
    """A TCP endpoint that accepts connections and never answers, like a frozen node."""

    def __init__(self):
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(64)
        self._connections: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()
        self.url = f"http://127.0.0.1:{self._socket.getsockname()[1]}"

    def _accept(self):
        while True:
            try:
                connection, _ = self._socket.accept()
            except OSError:
                return
            self._connections.append(connection)

    def close(self):
        self._socket.close()
        for connection in self._connections:
            connection.close()
        self._thread.join(timeout=5)


@pytest.fixture
def hung_node():
    node = HungNode()
    yield node
    node.close()


# Bounds are the waits each feature saves, not wall-clock targets: a page that answered "at once" finished
# before the timeout it would otherwise have waited, however slow the machine running the test.
SEARCH_TIMEOUT = 1.0
GENERAL_TIMEOUT = 5


def timed_get(client, url: str, **options):
    started = time.monotonic()
    response = client.get(url, **options)
    return response, time.monotonic() - started


def test_after_repeated_timeouts_search_pages_answer_unavailable_at_once(database_url, demo_data, hung_node):
    hung_app = create_app(
        app_settings(database_url, ELASTICSEARCH_URL=hung_node.url, SEARCH_TIMEOUT_SECONDS=SEARCH_TIMEOUT)
    )
    client = hung_app.test_client()
    for _ in range(hung_app.config["SEARCH_BREAKER_FAILURES"]):
        response, elapsed = timed_get(client, "/api/v1/search?q=drone")
        assert response.status_code == 503 and elapsed >= SEARCH_TIMEOUT
    assert search_breaker(hung_app).state == BreakerState.OPEN

    response, elapsed = timed_get(client, "/api/v1/search?q=drone")
    assert response.status_code == 503 and response.get_json()["error"]["status"] == 503
    assert elapsed < SEARCH_TIMEOUT
    page, elapsed = timed_get(client, "/search?q=drone")
    assert page.status_code == 503 and UNAVAILABLE_NOTICE in page.get_data(as_text=True)
    assert elapsed < SEARCH_TIMEOUT
    health, elapsed = timed_get(client, "/healthz")
    assert health.status_code == 200 and health.get_json()["search"] == "unavailable"
    assert elapsed < SEARCH_TIMEOUT


def test_the_health_check_has_its_own_short_budget(database_url, demo_data, hung_node):
    hung_app = create_app(app_settings(database_url, ELASTICSEARCH_URL=hung_node.url))
    assert hung_app.config["SEARCH_TIMEOUT_SECONDS"] == GENERAL_TIMEOUT
    health, elapsed = timed_get(hung_app.test_client(), "/healthz")
    assert health.status_code == 200
    assert health.get_json()["database"] == "ok" and health.get_json()["search"] == "unavailable"
    assert elapsed < GENERAL_TIMEOUT - 1


def test_a_listing_page_renders_fast_while_the_node_hangs(database_url, make_listing, hung_node):
    listing_id = make_listing(status="published")
    hung_app = create_app(app_settings(database_url, ELASTICSEARCH_URL=hung_node.url))
    client = hung_app.test_client()
    # The page itself no longer asks the node for matches; its matches section does, after the page.
    page, elapsed = timed_get(client, f"/listings/{listing_id}", follow_redirects=True)
    assert page.status_code == 200 and elapsed < MATCHES_TIMEOUT_SECONDS
    for _ in range(hung_app.config["SEARCH_BREAKER_FAILURES"]):
        section, elapsed = timed_get(client, f"/listings/{listing_id}/matches", follow_redirects=True)
        assert section.status_code == 200 and MATCHING_UNAVAILABLE_NOTICE in section.get_data(as_text=True)
        assert elapsed < GENERAL_TIMEOUT - 1
    section, elapsed = timed_get(client, f"/listings/{listing_id}/matches", follow_redirects=True)
    assert section.status_code == 200 and MATCHING_UNAVAILABLE_NOTICE in section.get_data(as_text=True)
    assert elapsed < MATCHES_TIMEOUT_SECONDS


def test_the_breaker_closes_again_once_the_node_answers(database_url, demo_data, es, search_prefix, hung_node):
    flaky_app = create_app(
        app_settings(
            database_url,
            ELASTICSEARCH_URL=hung_node.url,
            SEARCH_INDEX_PREFIX=search_prefix,
            SEARCH_TIMEOUT_SECONDS=0.3,
            SEARCH_BREAKER_RESET_SECONDS=0.5,
        )
    )
    client = flaky_app.test_client()
    for _ in range(flaky_app.config["SEARCH_BREAKER_FAILURES"]):
        client.get("/api/v1/search?q=drone")
    assert search_breaker(flaky_app).state == BreakerState.OPEN

    # The node comes back: the app's client now reaches the live node.
    flaky_app.config["ELASTICSEARCH_URL"] = ELASTICSEARCH_URL
    flaky_app.extensions.pop("techport.elasticsearch")
    assert client.get("/api/v1/search?q=drone").status_code == 503, "still cooling down"
    time.sleep(0.5)
    assert client.get("/api/v1/search?q=drone").status_code == 200
    assert search_breaker(flaky_app).state == BreakerState.CLOSED
    assert client.get("/healthz").get_json()["search"] == "ok"


def test_a_request_the_engine_rejects_is_a_client_error_that_does_not_trip_the_breaker(
    app, client, database_url, demo_data, es, search_prefix
):
    strict_app = create_app(app_settings(database_url, SEARCH_INDEX_PREFIX=search_prefix, SEARCH_BREAKER_FAILURES=1))
    strict_client = strict_app.test_client()
    response = strict_client.get("/api/v1/search", query_string={"organisation": TOO_LONG_FOR_THE_ENGINE})
    assert response.status_code == 400 and response.get_json()["error"]["status"] == 400
    page = strict_client.get("/search", query_string={"organisation": TOO_LONG_FOR_THE_ENGINE})
    assert page.status_code == 400 and UNAVAILABLE_NOTICE not in page.get_data(as_text=True)
    assert search_breaker(strict_app).state == BreakerState.CLOSED
    assert strict_client.get("/api/v1/search?q=drone").status_code == 200

    with app.test_request_context():
        with pytest.raises(service.SearchRejected):
            service.search(SearchRequest(filters={"organisation": [TOO_LONG_FOR_THE_ENGINE]}))
        assert search_breaker(app).state == BreakerState.CLOSED


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_breaker_opens_after_consecutive_failures_and_lets_one_probe_through():
    clock = FakeClock()
    breaker = CircuitBreaker(failures=3, reset_seconds=30, clock=clock)
    breaker.record_failure()
    breaker.record_failure()
    breaker.record_success()
    breaker.record_failure()
    breaker.record_failure()
    assert breaker.allow(), "a success in between resets the count"
    breaker.record_failure()
    assert not breaker.allow()

    clock.now = 30
    assert breaker.allow() and breaker.state == BreakerState.HALF_OPEN
    assert not breaker.allow(), "only one probe while half-open"
    breaker.record_failure()
    assert breaker.state == BreakerState.OPEN and not breaker.allow()

    clock.now = 60
    assert breaker.allow()
    breaker.record_success()
    assert breaker.state == BreakerState.CLOSED and breaker.allow()


def test_concurrent_requests_let_exactly_one_probe_through():
    clock = FakeClock()
    breaker = CircuitBreaker(failures=1, reset_seconds=1, clock=clock)
    breaker.record_failure()
    clock.now = 1
    start = threading.Barrier(16)
    allowed = []

    def ask():
        start.wait()
        allowed.append(breaker.allow())

    threads = [threading.Thread(target=ask) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert allowed.count(True) == 1


def test_matching_timeouts_leave_search_open(database_url, make_listing, hung_node):
    """Matching has a breaker of its own: its timeouts on a busy node must not turn search into 503s."""
    listing_id = make_listing(status="published")
    hung_app = create_app(app_settings(database_url, ELASTICSEARCH_URL=hung_node.url))
    client = hung_app.test_client()
    for _ in range(hung_app.config["SEARCH_BREAKER_FAILURES"]):
        client.get(f"/listings/{listing_id}/matches", follow_redirects=True)
    assert search_breaker(hung_app, purpose="matching").state == BreakerState.OPEN
    assert search_breaker(hung_app).state == BreakerState.CLOSED


def test_an_open_breaker_fails_a_search_before_its_query_is_encoded(database_url, monkeypatch):
    encoded = []

    class Encoder:
        def queries(self, texts):
            encoded.extend(texts)
            return np.full((len(texts), 4), 0.5)

    monkeypatch.setattr(service, "encoder", lambda: Encoder())
    open_app = create_app(app_settings(database_url))
    breaker = search_breaker(open_app)
    for _ in range(open_app.config["SEARCH_BREAKER_FAILURES"]):
        breaker.record_failure()
    with open_app.test_request_context(), pytest.raises(service.SearchUnavailable):
        service.search(SearchRequest(text="coffee bean dryer for smallholders"))
    assert breaker.state == BreakerState.OPEN and encoded == []
