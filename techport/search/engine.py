"""Calls to Elasticsearch shared by search and matching: the alias, the time budgets, the circuit breaker,
and the errors callers act on.

Engine failures become ``SearchUnavailable`` so that callers can answer 503 (API) or say search is
unavailable (HTML) while the rest of the site keeps working; a hung engine opens the circuit breaker so that
pages stop waiting for it. A request the engine refuses as malformed (its 400) is ``SearchRejected``: the
caller's input is at fault, not the engine. Hits are checked against the database before they are shown,
because the index lags it whenever the indexer is behind or stopped.
"""

from collections.abc import Callable

from elasticsearch import ApiError, BadRequestError, ConnectionTimeout, Elasticsearch, TransportError
from elasticsearch import ConnectionError as ESConnectionError
from flask import current_app

from techport.listings import queries as listing_queries
from techport.search.breaker import search_breaker
from techport.search.index import alias_name


class SearchUnavailable(RuntimeError):
    """Elasticsearch could not answer."""


class SearchRejected(ValueError):
    """Elasticsearch refused the request as malformed (HTTP 400), e.g. a filter value too long to be a term."""


def alias() -> str:
    return alias_name(current_app.config["SEARCH_INDEX_PREFIX"])


def timeout(limit: float | None = None) -> float:
    budget = current_app.config["SEARCH_TIMEOUT_SECONDS"]
    return budget if limit is None else min(budget, limit)


def guarded(call: Callable[[], dict], purpose: str = "search") -> dict:
    """Run one engine call through the breaker of ``purpose``; only timeouts and connection failures count."""
    breaker = search_breaker(purpose=purpose)
    if not breaker.allow():
        raise SearchUnavailable("search circuit is open after repeated timeouts")
    node_failed = False
    try:
        return call()
    except (ESConnectionError, ConnectionTimeout) as error:
        node_failed = True
        current_app.logger.warning("search unavailable: %s", error)
        raise SearchUnavailable(str(error)) from error
    except BadRequestError as error:
        current_app.logger.info("search rejected: %s", error)
        raise SearchRejected(str(error)) from error
    except (TransportError, ApiError) as error:
        current_app.logger.warning("search unavailable: %s", error)
        raise SearchUnavailable(str(error)) from error
    finally:
        if node_failed:
            breaker.record_failure()
        else:
            breaker.record_success()


def run_search(es: Elasticsearch, body: dict, seconds: float, purpose: str = "search") -> dict:
    return guarded(lambda: es.options(request_timeout=seconds).search(index=alias(), **body).body, purpose)


def run_searches(es: Elasticsearch, bodies: list[dict], seconds: float, purpose: str = "search") -> list[dict]:
    """Several searches in one round trip (``msearch``), which the node runs side by side; one answer per
    body. A refused body is ``SearchRejected``, any other failed one ``SearchUnavailable``."""

    def call() -> list[dict]:
        searches = [part for body in bodies for part in ({"index": alias()}, body)]
        answers = es.options(request_timeout=seconds).msearch(searches=searches).body["responses"]
        for answer in answers:
            if "error" in answer:
                failure = SearchRejected if answer.get("status") == 400 else SearchUnavailable
                raise failure(str(answer["error"]))
        return answers

    return guarded(call, purpose)


def public_hits(hits: list[dict]) -> list[dict]:
    """The hits whose listings are still public in the database (one query for the page)."""
    public = listing_queries.public_listing_ids([int(hit["_id"]) for hit in hits])
    return [hit for hit in hits if int(hit["_id"]) in public]
