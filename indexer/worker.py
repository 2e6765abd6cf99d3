"""The outbox worker behind ``techport indexer run``.

Each batch is one database transaction: claim pending outbox rows (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL, so several workers share the work; SQLite runs one worker), build the documents from the
database, send one bulk request to the alias, then mark the rows Elasticsearch confirmed as done and
give the others a later attempt, parking a row once it has failed too often. A crash before the
commit leaves every claimed row pending, so nothing is lost; repeating a write is harmless.

When Elasticsearch cannot be reached, the batch is rolled back untouched and the worker waits with
exponential backoff, so an outage never parks rows: the backlog simply waits in the outbox.
"""

import logging
import signal
import threading
from dataclasses import dataclass
from datetime import timedelta

from elasticsearch import Elasticsearch
from elasticsearch.exceptions import ConnectionError as ESConnectionError
from elasticsearch.exceptions import ApiError, ConnectionTimeout
from flask import Flask

from indexer import sync
from techport.extensions import db
from techport.listings.models import Listing
from techport.models_common import utcnow
from techport.search.client import search_client
from techport.search.index import alias_name, ensure_index
from techport.search.outbox import OutboxEntity, OutboxEntry, OutboxStatus

log = logging.getLogger(__name__)

RETRY_BASE_SECONDS = 1.0
RETRY_MAX_SECONDS = 300.0
OUTAGE_MAX_SECONDS = 30.0
UNREACHABLE = (ESConnectionError, ConnectionTimeout)


@dataclass
class BatchOutcome:
    claimed: int = 0
    done: int = 0
    retried: int = 0
    parked: int = 0


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


def listing_ids_for(entries: list[OutboxEntry]) -> dict[int, set[int]]:
    """Map each outbox row to the listing ids it stands for (an organisation stands for all of its listings)."""
    organisation_ids = {entry.entity_id for entry in entries if entry.entity == OutboxEntity.ORGANISATION}
    listings_by_organisation: dict[int, set[int]] = {}
    if organisation_ids:
        rows = db.session.execute(
            db.select(Listing.organisation_id, Listing.id).where(Listing.organisation_id.in_(organisation_ids))
        )
        for organisation_id, listing_id in rows:
            listings_by_organisation.setdefault(organisation_id, set()).add(listing_id)
    return {
        entry.id: (
            {entry.entity_id}
            if entry.entity == OutboxEntity.LISTING
            else listings_by_organisation.get(entry.entity_id, set())
        )
        for entry in entries
    }


def process_batch(es: Elasticsearch, prefix: str, batch_size: int, max_attempts: int) -> BatchOutcome:
    """Claim, send and settle one batch; raises the connection error when Elasticsearch is unreachable."""
    outcome = BatchOutcome()
    try:
        entries = claim_batch(batch_size)
        outcome.claimed = len(entries)
        if not entries:
            db.session.rollback()
            return outcome
        listing_ids = listing_ids_for(entries)
        fallback_versions = {
            entry.entity_id: entry.version for entry in entries if entry.entity == OutboxEntity.LISTING
        }
        all_ids = set().union(*listing_ids.values())
        try:
            result = sync.send(es, alias_name(prefix), sync.listing_actions(all_ids, fallback_versions))
        except ApiError as error:
            result = sync.SyncResult(failed={listing_id: f"request refused: {error}" for listing_id in all_ids})
        now = utcnow()
        for entry in entries:
            errors = [result.failed[listing_id] for listing_id in listing_ids[entry.id] if listing_id in result.failed]
            if not errors:
                entry.status, entry.processed_at, entry.last_error = OutboxStatus.DONE, now, ""
                outcome.done += 1
                continue
            entry.attempts += 1
            entry.last_error = "; ".join(errors)[:2000]
            if entry.attempts >= max_attempts:
                entry.status = OutboxStatus.PARKED
                outcome.parked += 1
                log.error("outbox row %s parked after %s attempts: %s", entry.id, entry.attempts, entry.last_error)
            else:
                entry.next_attempt_at = now + retry_delay(entry.attempts)
                outcome.retried += 1
        db.session.commit()
        return outcome
    except BaseException:
        db.session.rollback()
        raise


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

    def run(self) -> None:
        config = self.app.config
        prefix, batch_size = config["SEARCH_INDEX_PREFIX"], config["INDEXER_BATCH_SIZE"]
        poll, max_attempts = config["INDEXER_POLL_SECONDS"], config["INDEXER_MAX_ATTEMPTS"]
        outage_wait = RETRY_BASE_SECONDS
        index_ready = False
        with self.app.app_context():
            es = self.es or search_client()
            log.info("indexer started: alias %s, batches of %s", alias_name(prefix), batch_size)
            while not self.stopping.is_set():
                try:
                    if not index_ready:
                        ensure_index(es, prefix, replicas=config["SEARCH_REPLICAS"])
                        index_ready = True
                    outcome = process_batch(es, prefix, batch_size, max_attempts)
                except UNREACHABLE as error:
                    log.warning("Elasticsearch unreachable (%s); retrying in %.0f s", error.__class__.__name__, outage_wait)
                    self.stopping.wait(outage_wait)
                    outage_wait = min(outage_wait * 2, OUTAGE_MAX_SECONDS)
                    index_ready = False
                    continue
                except ApiError as error:
                    log.warning("Elasticsearch refused to prepare the index (%s); retrying in %.0f s", error, outage_wait)
                    self.stopping.wait(outage_wait)
                    outage_wait = min(outage_wait * 2, OUTAGE_MAX_SECONDS)
                    index_ready = False
                    continue
                outage_wait = RETRY_BASE_SECONDS
                if outcome.claimed:
                    log.info("batch: %s done, %s to retry, %s parked", outcome.done, outcome.retried, outcome.parked)
                else:
                    self.stopping.wait(poll)
            log.info("indexer stopped")
