"""Sending listings to Elasticsearch: one bulk request, with external versions, for a set of listing ids.

Shared by the outbox worker and the full reindex. A listing that is public is indexed; one that is
not (draft, expired, archived, deleted) is removed. Each write carries the listing's version with
``version_type=external_gte``, so a stale write never replaces a newer one, and repeating a write is
harmless.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from elasticsearch import Elasticsearch
from sqlalchemy.orm import selectinload

from techport.extensions import db
from techport.listings.models import Listing
from techport.search.documents import listing_document

# Outcomes Elasticsearch reports for writes that nonetheless leave the index right.
CONFLICT = 409  # a newer (or equal) version is already there
NOT_FOUND = 404  # deleting what is not indexed
# Actions per bulk request: an organisation's change can stand for thousands of listings.
BULK_CHUNK = 500


@dataclass
class SyncResult:
    """Which listing ids Elasticsearch confirmed, and why the others failed."""

    confirmed: set[int] = field(default_factory=set)
    failed: dict[int, str] = field(default_factory=dict)


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


def listing_actions(listing_ids: Iterable[int], fallback_versions: dict[int, int] | None = None) -> list[dict]:
    """Bulk actions for the listings as they are in the database now."""
    fallback_versions = fallback_versions or {}
    listings = load_listings(listing_ids)
    actions = []
    for listing_id in sorted(set(listing_ids)):
        listing = listings.get(listing_id)
        if listing is not None and listing.is_public:
            actions.append(
                {"index": {"_id": str(listing_id), "version": listing.version}, "doc": listing_document(listing)}
            )
        else:
            version = listing.version if listing is not None else fallback_versions.get(listing_id, 1)
            actions.append({"delete": {"_id": str(listing_id), "version": max(version, 1)}})
    return actions


def send(es: Elasticsearch, target: str, actions: list[dict], *, require_alias: bool = True) -> SyncResult:
    """Bulk requests of at most BULK_CHUNK actions to ``target``.

    Raises the client's error when Elasticsearch cannot be reached or refuses a whole request.
    """
    result = SyncResult()
    for start in range(0, len(actions), BULK_CHUNK):
        chunk_result = _send_chunk(es, target, actions[start : start + BULK_CHUNK], require_alias)
        result.confirmed |= chunk_result.confirmed
        result.failed.update(chunk_result.failed)
    return result


def _send_chunk(es: Elasticsearch, target: str, actions: list[dict], require_alias: bool) -> SyncResult:
    result = SyncResult()
    operations = []
    for action in actions:
        op_type, meta = next((key, value) for key, value in action.items() if key != "doc")
        operations.append({op_type: {**meta, "version_type": "external_gte"}})
        if op_type == "index":
            operations.append(action["doc"])
    response = es.bulk(index=target, operations=operations, require_alias=require_alias)
    for item in response["items"]:
        ((op_type, outcome),) = item.items()
        listing_id = int(outcome["_id"])
        status = outcome.get("status", 500)
        if status < 300 or status == CONFLICT or (op_type == "delete" and status == NOT_FOUND):
            result.confirmed.add(listing_id)
        else:
            error = outcome.get("error", {})
            result.failed[listing_id] = f"{status} {error.get('type', '')}: {error.get('reason', '')}".strip()
    return result
