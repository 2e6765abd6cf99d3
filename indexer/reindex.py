"""Full reindex behind ``techport search reindex``: a fresh index, filled from the database, swapped in.

Search keeps answering from the old index throughout, and the outbox worker keeps writing to the alias.
Changes made while loading are caught up by comparing every listing's version in the database with
the one in the new index and re-sending those that differ, a few rounds, before the alias
moves (in one ``update_aliases`` call) and again after. Outbox ids are not consulted: they follow
flush order, not commit order. The old index is retired, not dropped, so searches running on it
finish; the next reindex (or ``techport search prune``) drops it.

A document Elasticsearch refuses is reported and skipped, and its listing gets a parked outbox row
(``techport indexer status``, ``techport indexer retry``); any failure before the swap drops the
half-built index.
"""

import logging
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import islice

from elasticsearch import ApiError, Elasticsearch, TransportError
from flask import current_app
from sqlalchemy.orm import selectinload

from indexer import sync
from indexer.verify import compare
from techport.extensions import db
from techport.listings.models import Listing
from techport.search.index import (
    create_index,
    current_indices,
    drop_indices,
    finish_loading,
    new_index_name,
    point_alias,
    retired_indices,
)
from techport.search.outbox import OutboxEntity, OutboxEntry, OutboxStatus

log = logging.getLogger(__name__)

LOAD_CHUNK = 1000
# Bulk requests in flight while the next chunk is built from the database: building documents
# (Python) and indexing them (Elasticsearch) overlap instead of taking turns.
LOAD_SENDERS = 2
# Comparisons per catch-up; each round only re-sends what changed during the previous one. Under
# continuous writes the rounds never run dry; that is fine, because correctness needs only the first
# comparison after the swap (every later commit reaches the new index through the worker); the
# rounds before it shorten the time the new index serves older versions.
CATCH_UP_ROUNDS = 3
# Listings encoded per transaction before a load: an interrupted reindex keeps what it encoded.
EMBED_CHUNK = 100


@dataclass
class ReindexReport:
    index: str
    loaded: int
    caught_up: int
    retired: list[str]
    dropped: list[str]
    # Listing id -> Elasticsearch's reason, for the documents it refused.
    rejected: dict[int, str] = field(default_factory=dict)


def _all_actions() -> Iterator[dict]:
    query = db.select(Listing).order_by(Listing.id).execution_options(yield_per=LOAD_CHUNK)
    listings = db.session.scalars(query.options(selectinload(Listing.organisation), selectinload(Listing.ip_details)))
    while chunk := list(islice(listings, LOAD_CHUNK)):
        vectors = sync.embed(chunk)
        for listing in chunk:
            yield sync.listing_action(listing, vectors.get(listing.id))


def _embed_changed() -> None:
    """Encode (and store) the embeddings of listings whose text changed, before the new index exists: the
    load then finds every vector stored, and a reindex of unchanged listings encodes nothing. With the
    semantic layer off there is nothing to encode, and this pass over every listing is skipped."""
    if sync.encoder() is None:
        return
    listing_ids = db.session.scalars(db.select(Listing.id).order_by(Listing.id)).all()
    for start in range(0, len(listing_ids), EMBED_CHUNK):
        sync.embed(sync.load_listings(listing_ids[start : start + EMBED_CHUNK]).values())
        db.session.commit()


def _chunks(actions: Iterator[dict]) -> Iterator[list[dict]]:
    while chunk := list(islice(actions, LOAD_CHUNK)):
        yield chunk


def _checked(result: sync.SyncResult) -> sync.SyncResult:
    if result.blocked:
        raise sync.IndexUnavailable(next(iter(result.blocked.values())))
    return result


def _load(
    es: Elasticsearch,
    index: str,
    max_bytes: int,
    rejected: dict[int, tuple[int, str]],
    progress: Callable[[int], None] | None = None,
) -> int:
    """Every listing into ``index``; the refused ones go to ``rejected`` (id -> (version, reason)).

    ``progress`` (techport.progress) hears of each chunk once Elasticsearch has answered for it."""
    loaded = 0
    in_flight = deque()

    def settle(chunk: list[dict], result: sync.SyncResult) -> int:
        versions = {int(action["index"]["_id"]): action["index"]["version"] for action in chunk}
        rejected.update({listing_id: (versions[listing_id], error) for listing_id, error in result.failed.items()})
        if progress is not None:
            progress(len(chunk))
        return len(result.confirmed)

    with ThreadPoolExecutor(max_workers=LOAD_SENDERS, thread_name_prefix="reindex-bulk") as senders:
        for chunk in _chunks(_all_actions()):
            future = senders.submit(sync.send, es, index, chunk, require_alias=False, max_bytes=max_bytes)
            in_flight.append((chunk, future))
            if len(in_flight) >= LOAD_SENDERS:
                chunk_sent, done = in_flight.popleft()
                loaded += settle(chunk_sent, _checked(done.result()))
        while in_flight:
            chunk_sent, done = in_flight.popleft()
            loaded += settle(chunk_sent, _checked(done.result()))
    db.session.rollback()
    return loaded


def _catch_up(es: Elasticsearch, index: str, max_bytes: int, rejected: dict[int, tuple[int, str]]) -> int:
    """Re-send every listing whose version in ``index`` differs from the database's, until none does."""
    sent = 0
    for _ in range(CATCH_UP_ROUNDS):
        differing = {
            listing_id: versions
            for listing_id, versions in compare(es, index).everything().items()
            if listing_id not in rejected or rejected[listing_id][0] != versions[0]
        }
        if not differing:
            return sent
        fallback_versions = {listing_id: indexed or 0 for listing_id, (_, indexed) in differing.items()}
        actions = sync.listing_actions(differing, fallback_versions)
        result = _checked(sync.send(es, index, actions, require_alias=False, max_bytes=max_bytes))
        versions = {int(action["index"]["_id"]): action["index"]["version"] for action in actions}
        rejected.update({listing_id: (versions[listing_id], error) for listing_id, error in result.failed.items()})
        for listing_id in result.confirmed:
            rejected.pop(listing_id, None)
        sent += len(differing)
        db.session.rollback()
    log.info("%s still changing after %s catch-up rounds; the worker carries on", index, CATCH_UP_ROUNDS)
    return sent


def _park(rejected: dict[int, tuple[int, str]]) -> None:
    """A parked outbox row per refused listing, so ``techport indexer status`` shows it and ``retry`` resends it."""
    db.session.add_all(
        OutboxEntry(
            entity=OutboxEntity.LISTING,
            entity_id=listing_id,
            version=version,
            status=OutboxStatus.PARKED,
            attempts=1,
            last_error=f"refused by the reindex: {error}"[:2000],
        )
        for listing_id, (version, error) in sorted(rejected.items())
    )
    db.session.commit()


def _drop_unless_serving(es: Elasticsearch, prefix: str, index: str) -> None:
    try:
        if index not in current_indices(es, prefix):
            drop_indices(es, [index])
    except (ApiError, TransportError) as error:
        log.error("could not drop the half-built index %s: %s", index, error)


def reindex(
    es: Elasticsearch, prefix: str, replicas: int, progress: Callable[[int], None] | None = None
) -> ReindexReport:
    max_bytes = current_app.config.get("INDEXER_MAX_BULK_BYTES", sync.DEFAULT_MAX_BULK_BYTES)
    index = new_index_name(prefix)
    rejected: dict[int, tuple[int, str]] = {}
    db.session.rollback()
    _embed_changed()
    create_index(es, index, replicas=replicas, shards=current_app.config["SEARCH_SHARDS"], loading=True)
    try:
        log.info("loading %s", index)
        loaded = _load(es, index, max_bytes, rejected, progress)
        finish_loading(es, index, replicas=replicas)
        caught_up = _catch_up(es, index, max_bytes, rejected)
        previously_retired = retired_indices(es, prefix)
        retired = point_alias(es, prefix, index)
    except BaseException:
        db.session.rollback()
        _drop_unless_serving(es, prefix, index)
        raise
    caught_up += _catch_up(es, index, max_bytes, rejected)
    dropped = [name for name in previously_retired if name not in retired]
    drop_indices(es, dropped)
    _park(rejected)
    for listing_id, (_, error) in sorted(rejected.items()):
        log.error("listing %s was refused and skipped: %s", listing_id, error)
    log.info("%s serves the alias; %s loaded, %s caught up, retired %s", index, loaded, caught_up, retired)
    return ReindexReport(
        index=index,
        loaded=loaded,
        caught_up=caught_up,
        retired=retired,
        dropped=dropped,
        rejected={listing_id: error for listing_id, (_, error) in rejected.items()},
    )


def prune(es: Elasticsearch, prefix: str) -> list[str]:
    """Drop the indices earlier reindexes retired; returns their names."""
    retired = [name for name in retired_indices(es, prefix) if name not in current_indices(es, prefix)]
    drop_indices(es, retired)
    return retired
