"""How the worker treats Elasticsearch's refusals: outages wait, a refused request is split, only
documents refused on their own are parked, and parked rows can be retried."""

import uuid

import pytest
from elastic_transport import ApiResponseMeta, HttpHeaders, NodeConfig
from elasticsearch import ApiError

from indexer import sync
from indexer.worker import process_batch
from techport.extensions import db
from techport.listings.services import find_listing
from techport.organisations.services import find_by_slug
from techport.search.outbox import OutboxEntry, OutboxStatus
from tests.search.indexing_helpers import (
    drain_outbox,
    import_records,
    listing_record,
    outbox_rows,
    public_titles,
    run_cli,
)

POISON = "POISON-DOCUMENT"


def api_error(status: int, error_type: str) -> ApiError:
    meta = ApiResponseMeta(
        status=status,
        http_version="1.1",
        headers=HttpHeaders(),
        duration=0.0,
        node=NodeConfig("http", "127.0.0.1", 9200),
    )
    return ApiError(message=error_type, meta=meta, body={"error": {"type": error_type, "reason": error_type}})


class RefusingClient:
    """The real client, except that bulk requests are refused whole as ``refuse(operations)`` says."""

    def __init__(self, es, refuse):
        self._es, self._refuse, self.bulk_calls = es, refuse, 0

    def __getattr__(self, name):
        return getattr(self._es, name)

    def bulk(self, *, operations, **options):
        self.bulk_calls += 1
        error = self._refuse(operations)
        if error is not None:
            raise error
        return self._es.bulk(operations=operations, **options)


def import_batch(label: str, count: int, **poison_fields) -> tuple[list[int], int]:
    """``count`` healthy published listings and one poison; returns (healthy ids, poison id).

    The poison's fields are written past the validation (as an old import or a migration could)."""
    from techport.listings.models import Listing

    marker = uuid.uuid4().hex[:8]
    records = [listing_record(f"{label}-{marker}-{n}", f"Lành mạnh {marker} số {n}") for n in range(count)]
    records.append(listing_record(f"{label}-{marker}-poison", f"{POISON} {marker}"))
    import_records(records)
    organisation = find_by_slug("hcmut")
    ids = [find_listing(organisation, record["external_id"]).id for record in records]
    poison = db.session.get(Listing, ids[-1])
    for name, value in poison_fields.items():
        setattr(poison, name, value)
    db.session.commit()
    return ids[:-1], ids[-1]


def statuses(listing_ids: list[int]) -> set[OutboxStatus]:
    return {row.status for listing_id in listing_ids for row in outbox_rows(listing_id)}


def withdraw(listing_id: int) -> None:
    """Leave the shared database without a public poison, so other tests' comparisons hold."""
    from techport.listings.models import Listing
    from techport.listings.vocabulary import ListingStatus

    listing = db.session.get(Listing, listing_id)
    listing.status, listing.sectors, listing.description = ListingStatus.ARCHIVED, ["manufacturing"], "-"
    db.session.commit()


def test_a_bulk_request_refused_whole_is_split_and_only_the_poison_is_parked(app, es, search_prefix):
    def refuse(operations):
        return api_error(413, "request_entity_too_large") if POISON in repr(operations) else None

    client = RefusingClient(es, refuse)
    with app.app_context():
        healthy, poison = import_batch("split", 30)
        try:
            drain_outbox(client, search_prefix, max_attempts=1)
            assert statuses(healthy) == {OutboxStatus.DONE}
            assert statuses([poison]) == {OutboxStatus.PARKED}
            assert "413" in outbox_rows(poison)[-1].last_error
            assert client.bulk_calls > 2
        finally:
            withdraw(poison)
    assert len(public_titles(es, search_prefix, "Lành mạnh")) >= 30


def test_a_batch_over_the_bulk_size_limit_is_split_and_the_oversized_document_parked(app, es, search_prefix):
    with app.app_context():
        healthy, poison = import_batch("bytes", 12, description="Mô tả rất dài. " * 2000)
        try:
            drain_outbox(es, search_prefix, max_attempts=1, max_bulk_bytes=8_000)
            assert statuses(healthy) == {OutboxStatus.DONE}
            assert statuses([poison]) == {OutboxStatus.PARKED}
            assert "exceeds 8000 bytes" in outbox_rows(poison)[-1].last_error
        finally:
            withdraw(poison)


def test_a_document_elasticsearch_refuses_is_parked_and_its_batch_goes_through(app, es, search_prefix):
    """A keyword over Lucene's 32 766-byte term limit: Elasticsearch refuses that document alone."""
    with app.app_context():
        healthy, poison = import_batch("mapper", 5, sectors=["x" * 40_000])
        try:
            drain_outbox(es, search_prefix, max_attempts=1)
            assert statuses(healthy) == {OutboxStatus.DONE}
            assert statuses([poison]) == {OutboxStatus.PARKED}
            assert "400" in outbox_rows(poison)[-1].last_error
        finally:
            withdraw(poison)


@pytest.mark.parametrize("status, error_type", [(429, "es_rejected_execution_exception"), (503, "unavailable")])
def test_a_cluster_wide_refusal_is_an_outage_that_counts_no_attempts(app, es, search_prefix, status, error_type):
    client = RefusingClient(es, lambda operations: api_error(status, error_type))
    with app.app_context():
        healthy, poison = import_batch("outage", 3)
        for _ in range(3):
            with pytest.raises(sync.IndexUnavailable):
                process_batch(client, search_prefix, batch_size=10_000, max_attempts=1)
        rows = [row for listing_id in [*healthy, poison] for row in outbox_rows(listing_id)]
        assert {(row.status, row.attempts) for row in rows} == {(OutboxStatus.PENDING, 0)}
        drain_outbox(es, search_prefix)
        assert statuses([*healthy, poison]) == {OutboxStatus.DONE}


def test_parked_rows_are_shown_with_their_listing_and_can_be_retried(app, es, search_prefix):
    with app.app_context():
        _, poison = import_batch("retry", 1, sectors=["x" * 40_000])
        drain_outbox(es, search_prefix, max_attempts=1)
        parked = [row for row in outbox_rows(poison) if row.status == OutboxStatus.PARKED][-1]

    status = run_cli(app, "indexer", "status")
    assert status.exit_code == 0
    assert f"#{parked.id} listing {poison} (hcmut/retry-" in status.output and POISON in status.output

    with app.app_context():
        withdraw(poison)
        drain_outbox(es, search_prefix)
    result = run_cli(app, "indexer", "retry", "--id", str(parked.id))
    assert result.exit_code == 0 and "1 parked rows queued again" in result.output
    with app.app_context():
        row = next(row for row in outbox_rows(poison) if row.id == parked.id)
        assert (row.status, row.attempts) == (OutboxStatus.PENDING, 0)
        drain_outbox(es, search_prefix, max_attempts=1)
        assert next(row for row in outbox_rows(poison) if row.id == parked.id).status == OutboxStatus.DONE

    result = run_cli(app, "indexer", "retry")
    assert result.exit_code == 0 and "parked rows queued again" in result.output
    with app.app_context():
        assert (
            db.session.scalar(
                db.select(db.func.count()).select_from(OutboxEntry).where(OutboxEntry.status == OutboxStatus.PARKED)
            )
            == 0
        )
