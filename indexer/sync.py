"""Sending listings to Elasticsearch: bulk requests, with external versions, for a set of listing ids.

Shared by the outbox worker, the full reindex and ``techport search verify``. Every listing has a
document: a public one its full document, any other (draft, expired, archived, deleted) a minimal
"not public" document without text, which every search and match query filters out. Nothing is
ever deleted, so the external version check (``external_gte``) always applies and a stale write,
however late, can never make a withdrawn listing searchable again.

Refusals are sorted by what they mean: a cluster-wide refusal (429, 503, an index block) is an
outage to wait out (``IndexUnavailable`` for a whole request, ``SyncResult.blocked`` per document);
a request refused whole for another reason (413, a malformed body) is split in halves until the
document at fault is alone; only documents refused individually end up in ``SyncResult.failed``.
"""

import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from elasticsearch import ApiError, Elasticsearch
from sqlalchemy.orm import selectinload

from techport.extensions import db
from techport.listings.models import Listing
from techport.search.documents import listing_document, not_public_document
from techport.search.embeddings import EmbeddingsUnavailable, encoder
from techport.search.vectors import listing_vectors

log = logging.getLogger(__name__)

# Outcomes Elasticsearch reports for writes that nonetheless leave the index right.
CONFLICT = 409  # a newer (or equal) version is already there
# Actions per bulk request: an organisation's change can stand for thousands of listings.
BULK_CHUNK = 500
DEFAULT_MAX_BULK_BYTES = 10 * 1024 * 1024
# Refusals that say the cluster, not the document, cannot take writes now.
OUTAGE_STATUSES = {429, 503}
OUTAGE_ERROR_TYPES = {"cluster_block_exception", "es_rejected_execution_exception", "circuit_breaking_exception"}


class IndexUnavailable(Exception):
    """Elasticsearch refused a whole request for a cluster-wide reason; wait and try again."""


@dataclass
class SyncResult:
    """Which listing ids Elasticsearch confirmed, which wait for the cluster, and why the others failed."""

    confirmed: set[int] = field(default_factory=set)
    blocked: dict[int, str] = field(default_factory=dict)
    failed: dict[int, str] = field(default_factory=dict)

    def merge(self, other: "SyncResult") -> None:
        self.confirmed |= other.confirmed
        self.blocked.update(other.blocked)
        self.failed.update(other.failed)


def load_listings(listing_ids: Iterable[int]) -> dict[int, Listing]:
    ids = sorted(set(listing_ids))
    if not ids:
        return {}
    query = (
        db.select(Listing)
        .where(Listing.id.in_(ids))
        .options(selectinload(Listing.organisation), selectinload(Listing.ip_details))
    )
    return {listing.id: listing for listing in db.session.scalars(query)}


def listing_action(listing: Listing, vector: list[float] | None = None) -> dict:
    """The write that makes the index say what the database says about ``listing``."""
    document = (
        listing_document(listing, vector) if listing.is_public else not_public_document(listing.id, listing.version)
    )
    return {"index": {"_id": str(listing.id), "version": listing.version}, "doc": document}


def gone_action(listing_id: int, last_version: int) -> dict:
    """For a listing no longer in the database: one version above its last, so no write made before it wins."""
    version = max(last_version, 0) + 1
    return {"index": {"_id": str(listing_id), "version": version}, "doc": not_public_document(listing_id, version)}


def embed(listings: Iterable[Listing]) -> dict[int, list[float]]:
    """The listings' embeddings (encoding only changed text, stored in the session's transaction); none when
    the semantic layer is off or its encoder fails: the listings are then indexed for text search alone."""
    current = encoder()
    if current is None:
        return {}
    try:
        return listing_vectors(listings, current)
    except EmbeddingsUnavailable as error:
        log.warning("indexing without embeddings: %s", error)
        return {}


def listing_actions(listing_ids: Iterable[int], fallback_versions: dict[int, int] | None = None) -> list[dict]:
    """Bulk actions for the listings as they are in the database now."""
    fallback_versions = fallback_versions or {}
    listings = load_listings(listing_ids)
    vectors = embed(listings.values())
    return [
        listing_action(listings[listing_id], vectors.get(listing_id))
        if listing_id in listings
        else gone_action(listing_id, fallback_versions.get(listing_id, 0))
        for listing_id in sorted(set(listing_ids))
    ]


def _operations(action: dict) -> list[dict]:
    meta = action["index"]
    return [{"index": {**meta, "version_type": "external_gte"}}, action["doc"]]


def _size(action: dict) -> int:
    return sum(len(json.dumps(line, ensure_ascii=False).encode()) + 1 for line in _operations(action))


def _requests(actions: list[dict], max_bytes: int) -> Iterator[list[dict]]:
    """Actions packed into requests of at most BULK_CHUNK actions and ``max_bytes`` bytes."""
    request, request_bytes = [], 0
    for action in actions:
        size = _size(action)
        if request and (len(request) >= BULK_CHUNK or request_bytes + size > max_bytes):
            yield request
            request, request_bytes = [], 0
        request.append(action)
        request_bytes += size
    if request:
        yield request


def send(
    es: Elasticsearch,
    target: str,
    actions: list[dict],
    *,
    require_alias: bool = True,
    max_bytes: int = DEFAULT_MAX_BULK_BYTES,
) -> SyncResult:
    """Bulk requests to ``target``; raises the client's error when Elasticsearch cannot be reached,
    and ``IndexUnavailable`` when it refuses a whole request for a cluster-wide reason."""
    result = SyncResult()
    for request in _requests(actions, max_bytes):
        if len(request) == 1 and _size(request[0]) > max_bytes:
            listing_id = int(request[0]["index"]["_id"])
            result.failed[listing_id] = f"413 document of {_size(request[0])} bytes exceeds {max_bytes} bytes"
            continue
        result.merge(_send_request(es, target, request, require_alias))
    return result


def _is_outage(status: int, error_type: str) -> bool:
    return status in OUTAGE_STATUSES or error_type in OUTAGE_ERROR_TYPES


def _send_request(es: Elasticsearch, target: str, actions: list[dict], require_alias: bool) -> SyncResult:
    operations = [line for action in actions for line in _operations(action)]
    try:
        response = es.bulk(index=target, operations=operations, require_alias=require_alias)
    except ApiError as error:
        error_type = error.body.get("error", {}).get("type", "") if isinstance(error.body, dict) else ""
        if _is_outage(error.status_code, error_type) or require_alias and error.status_code == 404:
            raise IndexUnavailable(f"{error.status_code} {error_type or error.message}") from error
        if len(actions) == 1:
            return SyncResult(failed={int(actions[0]["index"]["_id"]): f"{error.status_code} request refused: {error}"})
        middle = len(actions) // 2
        result = _send_request(es, target, actions[:middle], require_alias)
        result.merge(_send_request(es, target, actions[middle:], require_alias))
        return result
    result = SyncResult()
    for item in response["items"]:
        outcome = item["index"]
        listing_id = int(outcome["_id"])
        status = outcome.get("status", 500)
        if status < 300 or status == CONFLICT:
            result.confirmed.add(listing_id)
            continue
        error = outcome.get("error", {})
        message = f"{status} {error.get('type', '')}: {error.get('reason', '')}".strip()
        if _is_outage(status, error.get("type", "")):
            result.blocked[listing_id] = message
        else:
            result.failed[listing_id] = message
    return result
