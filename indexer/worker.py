"""The outbox worker behind ``techport indexer run``.

Each batch is one database transaction: claim pending outbox rows (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL, so several workers share the work; SQLite runs one worker), build the documents from the
database, send one bulk request to the alias, then mark the rows Elasticsearch confirmed as done and
give the others a later attempt, parking a row once it has failed too often. A crash before the
commit leaves every claimed row pending, so nothing is lost; repeating a write is harmless.

When Elasticsearch cannot be reached or refuses writes cluster-wide (429, 503, an index block), the
rows wait with their attempts uncounted and the worker backs off exponentially, so an outage never
parks rows: the backlog simply waits in the outbox. Only a document Elasticsearch refused on its own
(a mapping error, too large) counts attempts and is parked in the end; ``techport indexer retry``
gives parked rows another chance.
"""

import logging
import signal
import threading
import time
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from elasticsearch import Elasticsearch
from elasticsearch.exceptions import ApiError, ConnectionTimeout
from elasticsearch.exceptions import ConnectionError as ESConnectionError
from flask import Flask
from sqlalchemy.exc import DBAPIError

from indexer import sync
from techport.extensions import db
from techport.listings.models import Listing
from techport.models_common import UTCDateTime, utcnow
from techport.ops.heartbeats import INDEXER, Heartbeat
from techport.search.client import search_client
from techport.search.index import alias_name, ensure_index
from techport.search.outbox import OutboxEntity, OutboxEntry, OutboxStatus

log = logging.getLogger(__name__)

RETRY_BASE_SECONDS = 1.0
RETRY_MAX_SECONDS = 300.0
OUTAGE_MAX_SECONDS = 30.0
PRUNE_INTERVAL_SECONDS = 3600
UNREACHABLE = (ESConnectionError, ConnectionTimeout)


@dataclass
class BatchOutcome:
    claimed: int = 0
    done: int = 0
    retried: int = 0
    parked: int = 0
    # Rows the cluster refused to take now (a write block, 429): they wait, their attempts uncounted.
    blocked: int = 0


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff for a failing row: 1 s, 2 s, 4 s … capped at 5 minutes."""
    return timedelta(seconds=min(RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), RETRY_MAX_SECONDS))


def claim_batch(batch_size: int) -> list[OutboxEntry]:
    query = (
        db.select(OutboxEntry)
        .where(OutboxEntry.status == OutboxStatus.PENDING, OutboxEntry.next_attempt_at <= utcnow())
        .order_by(OutboxEntry.id)
        .limit(batch_size)
    )
    if db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return list(db.session.scalars(query))


def fan_out_organisations(entries: list[OutboxEntry]) -> list[OutboxEntry]:
    """Replace organisation rows by one pending row per listing of the organisation.

    An organisation can stand for thousands of listings; fanning out keeps every batch (and the
    database transaction and bulk request behind it) the usual size. Returns the listing rows of the batch.
    """
    organisation_ids = [entry.entity_id for entry in entries if entry.entity == OutboxEntity.ORGANISATION]
    if organisation_ids:
        now = utcnow()
        listings = db.select(
            sa.literal(OutboxEntity.LISTING.value),
            Listing.id,
            Listing.version,
            sa.literal(OutboxStatus.PENDING.value),
            sa.literal(0),
            sa.literal(now, UTCDateTime),
            sa.literal(""),
            sa.literal(now, UTCDateTime),
        ).where(Listing.organisation_id.in_(organisation_ids))
        columns = [
            "entity",
            "entity_id",
            "version",
            "status",
            "attempts",
            "next_attempt_at",
            "last_error",
            "created_at",
        ]
        db.session.execute(sa.insert(OutboxEntry).from_select(columns, listings))
        for entry in entries:
            if entry.entity == OutboxEntity.ORGANISATION:
                entry.status, entry.processed_at = OutboxStatus.DONE, now
    return [entry for entry in entries if entry.entity == OutboxEntity.LISTING]


def _settle(entries: list[OutboxEntry], result: sync.SyncResult, max_attempts: int, outcome: BatchOutcome) -> None:
    """Done when confirmed; left pending, attempts untouched, when the cluster refused writes; else a later
    attempt, or parked once the row has failed ``max_attempts`` times."""
    now = utcnow()
    for entry in entries:
        waiting = result.blocked.get(entry.entity_id)
        error = result.failed.get(entry.entity_id)
        if waiting is not None:
            entry.last_error = f"waiting for the cluster: {waiting}"[:2000]
            outcome.blocked += 1
        elif error is None:
            entry.status, entry.processed_at, entry.last_error = OutboxStatus.DONE, now, ""
            outcome.done += 1
        else:
            entry.attempts += 1
            entry.last_error = error[:2000]
            if entry.attempts >= max_attempts:
                entry.status = OutboxStatus.PARKED
                outcome.parked += 1
                log.error("outbox row %s parked after %s attempts: %s", entry.id, entry.attempts, entry.last_error)
            else:
                entry.next_attempt_at = now + retry_delay(entry.attempts)
                outcome.retried += 1


def process_batch(
    es: Elasticsearch,
    prefix: str,
    batch_size: int,
    max_attempts: int,
    max_bulk_bytes: int = sync.DEFAULT_MAX_BULK_BYTES,
) -> BatchOutcome:
    """Claim, send and settle one batch.

    Raises the connection error when Elasticsearch is unreachable and ``sync.IndexUnavailable`` when it
    refuses writes cluster-wide; either way the batch is rolled back untouched.
    """
    outcome = BatchOutcome()
    try:
        claimed = claim_batch(batch_size)
        outcome.claimed = len(claimed)
        if not claimed:
            db.session.rollback()
            return outcome
        entries = fan_out_organisations(claimed)
        outcome.done = len(claimed) - len(entries)
        fallback_versions = {entry.entity_id: entry.version for entry in entries}
        actions = sync.listing_actions(set(fallback_versions), fallback_versions)
        result = sync.send(es, alias_name(prefix), actions, max_bytes=max_bulk_bytes)
        _settle(entries, result, max_attempts, outcome)
        db.session.commit()
        return outcome
    except BaseException:
        db.session.rollback()
        raise


def prune_done(keep: timedelta) -> int:
    """Delete outbox rows done longer ago than ``keep``: they have served their purpose."""
    try:
        result = db.session.execute(
            db.delete(OutboxEntry).where(
                OutboxEntry.status == OutboxStatus.DONE, OutboxEntry.processed_at < utcnow() - keep
            )
        )
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return result.rowcount


def retry_parked(entry_ids: list[int] | None = None) -> int:
    """Give parked rows (all, or those of ``entry_ids``) a fresh start; returns how many."""
    query = db.update(OutboxEntry).where(OutboxEntry.status == OutboxStatus.PARKED)
    if entry_ids:
        query = query.where(OutboxEntry.id.in_(entry_ids))
    result = db.session.execute(
        query.values(status=OutboxStatus.PENDING, attempts=0, next_attempt_at=utcnow(), last_error="")
    )
    db.session.commit()
    return result.rowcount


class Worker:
    """Runs batches until stopped (SIGTERM, SIGINT or ``stop()``), waiting out Elasticsearch outages."""

    def __init__(self, app: Flask, es: Elasticsearch | None = None):
        self.app = app
        self.es = es
        self.stopping = threading.Event()

    def stop(self, *_signal_args) -> None:
        self.stopping.set()

    def install_signal_handlers(self) -> None:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)

    def _wait_out(self, reason: object, outage_wait: float) -> float:
        log.warning("Elasticsearch or the database unavailable (%s); retrying in %.0f s", reason, outage_wait)
        self.stopping.wait(outage_wait)
        return min(outage_wait * 2, OUTAGE_MAX_SECONDS)

    def _prune(self, keep_days: int) -> None:
        """Prune done rows; a database error here is logged and retried at the next interval, never fatal."""
        try:
            pruned = prune_done(timedelta(days=keep_days))
        except DBAPIError as error:
            log.warning("pruning done outbox rows failed (%s); trying again later", error)
            return
        if pruned:
            log.info("pruned %s done outbox rows", pruned)

    def run(self) -> None:
        config = self.app.config
        prefix, batch_size = config["SEARCH_INDEX_PREFIX"], config["INDEXER_BATCH_SIZE"]
        poll, max_attempts = config["INDEXER_POLL_SECONDS"], config["INDEXER_MAX_ATTEMPTS"]
        max_bulk_bytes = config.get("INDEXER_MAX_BULK_BYTES", sync.DEFAULT_MAX_BULK_BYTES)
        outage_wait = RETRY_BASE_SECONDS
        index_ready = False
        next_prune = time.monotonic()
        with self.app.app_context():
            es = self.es or search_client()
            log.info("indexer started: alias %s, batches of %s", alias_name(prefix), batch_size)
            heartbeat = Heartbeat(INDEXER)
            while not self.stopping.is_set():
                heartbeat.beat_if_due()
                try:
                    if not index_ready:
                        ensure_index(es, prefix, replicas=config["SEARCH_REPLICAS"], shards=config["SEARCH_SHARDS"])
                        index_ready = True
                    outcome = process_batch(es, prefix, batch_size, max_attempts, max_bulk_bytes)
                except (*UNREACHABLE, ApiError, DBAPIError, sync.IndexUnavailable) as error:
                    outage_wait = self._wait_out(error, outage_wait)
                    index_ready = False
                    continue
                if outcome.blocked:
                    outage_wait = self._wait_out(f"{outcome.blocked} writes refused by the cluster", outage_wait)
                    continue
                outage_wait = RETRY_BASE_SECONDS
                if outcome.claimed:
                    log.info("batch: %s done, %s to retry, %s parked", outcome.done, outcome.retried, outcome.parked)
                    continue
                if time.monotonic() >= next_prune:
                    next_prune = time.monotonic() + PRUNE_INTERVAL_SECONDS
                    self._prune(config["INDEXER_KEEP_DONE_DAYS"])
                self.stopping.wait(poll)
            log.info("indexer stopped")
