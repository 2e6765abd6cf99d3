"""Full reindex behind ``techport search reindex``: a fresh index, filled from the database, swapped in.

Search keeps answering from the old index throughout, and the outbox worker keeps writing to the alias.
Changes made while loading are caught up by replaying the outbox rows created since the load began
(documents are built from the database, so replaying is harmless), once before and once after the
alias moves in one ``update_aliases`` call. Only then is the old index dropped.
"""

import logging
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import islice

from elasticsearch import Elasticsearch
from elasticsearch.helpers import bulk
from sqlalchemy.orm import selectinload

from indexer import sync
from techport.extensions import db
from techport.listings.models import Listing
from techport.listings.vocabulary import ListingStatus
from techport.search.documents import listing_document
from techport.search.index import create_index, finish_loading, new_index_name, point_alias
from techport.search.outbox import OutboxEntity, OutboxEntry

log = logging.getLogger(__name__)

LOAD_CHUNK = 1000
# Bulk requests in flight while the next chunk is built from the database: building documents
# (Python) and indexing them (Elasticsearch) overlap instead of taking turns.
LOAD_SENDERS = 2


@dataclass
class ReindexReport:
    index: str
    loaded: int
    caught_up: int
    dropped: list[str]


def _published_documents(index: str) -> Iterator[dict]:
    query = (
        db.select(Listing)
        .where(Listing.status == ListingStatus.PUBLISHED)
        .order_by(Listing.id)
        .execution_options(yield_per=LOAD_CHUNK)
    )
    for listing in db.session.scalars(
        query.options(selectinload(Listing.organisation), selectinload(Listing.ip_details))
    ):
        yield {
            "_op_type": "index",
            "_index": index,
            "_id": str(listing.id),
            "version": listing.version,
            "version_type": "external_gte",
            "_source": listing_document(listing),
        }


def _send_chunk(es: Elasticsearch, index: str, actions: tuple[dict, ...]) -> int:
    _, errors = bulk(es, actions, chunk_size=LOAD_CHUNK, raise_on_error=False, raise_on_exception=True)
    real_errors = [error for error in errors if error.get("index", {}).get("status") != sync.CONFLICT]
    if real_errors:
        raise RuntimeError(f"loading {index} failed: {real_errors[0]}")
    return len(actions)


def _chunks(documents: Iterator[dict]) -> Iterator[tuple[dict, ...]]:
    while chunk := tuple(islice(documents, LOAD_CHUNK)):
        yield chunk


def _load(es: Elasticsearch, index: str) -> int:
    loaded = 0
    in_flight = deque()
    with ThreadPoolExecutor(max_workers=LOAD_SENDERS, thread_name_prefix="reindex-bulk") as senders:
        for chunk in _chunks(_published_documents(index)):
            in_flight.append(senders.submit(_send_chunk, es, index, chunk))
            if len(in_flight) >= LOAD_SENDERS:
                loaded += in_flight.popleft().result()
        while in_flight:
            loaded += in_flight.popleft().result()
    return loaded


def _last_outbox_id() -> int:
    return db.session.scalar(db.select(db.func.max(OutboxEntry.id))) or 0


def _listing_ids(entries: list[OutboxEntry]) -> set[int]:
    """The listings the rows stand for: a listing row for itself, an organisation row for all its listings."""
    listing_ids = {entry.entity_id for entry in entries if entry.entity == OutboxEntity.LISTING}
    organisation_ids = {entry.entity_id for entry in entries if entry.entity == OutboxEntity.ORGANISATION}
    if organisation_ids:
        listing_ids |= set(
            db.session.scalars(db.select(Listing.id).where(Listing.organisation_id.in_(organisation_ids)))
        )
    return listing_ids


def _catch_up(es: Elasticsearch, index: str, after_id: int) -> tuple[int, int]:
    """Replay into ``index`` every listing touched by outbox rows after ``after_id``; returns (last id, count)."""
    entries = list(db.session.scalars(db.select(OutboxEntry).where(OutboxEntry.id > after_id).order_by(OutboxEntry.id)))
    if not entries:
        return after_id, 0
    listing_ids = _listing_ids(entries)
    fallback_versions = {entry.entity_id: entry.version for entry in entries if entry.entity == OutboxEntity.LISTING}
    result = sync.send(es, index, sync.listing_actions(listing_ids, fallback_versions), require_alias=False)
    if result.failed:
        raise RuntimeError(
            f"catch-up failed for listings {sorted(result.failed)[:10]}: {next(iter(result.failed.values()))}"
        )
    db.session.rollback()
    return entries[-1].id, len(listing_ids)


def reindex(es: Elasticsearch, prefix: str, replicas: int) -> ReindexReport:
    index = new_index_name(prefix)
    start_id = _last_outbox_id()
    db.session.rollback()
    create_index(es, index, replicas=replicas, loading=True)
    log.info("loading %s", index)
    loaded = _load(es, index)
    db.session.rollback()
    last_id, first_catch_up = _catch_up(es, index, start_id)
    finish_loading(es, index, replicas=replicas)
    old = point_alias(es, prefix, index)
    last_id, second_catch_up = _catch_up(es, index, last_id)
    if old:
        es.indices.delete(index=",".join(old))
    log.info(
        "%s serves the alias; %s loaded, %s caught up, dropped %s", index, loaded, first_catch_up + second_catch_up, old
    )
    return ReindexReport(index=index, loaded=loaded, caught_up=first_catch_up + second_catch_up, dropped=old)
