"""The worker survives a failed prune, and a stale write never makes a withdrawn listing searchable."""

import uuid

import sqlalchemy.exc

import indexer.worker as worker_module
from indexer import sync
from techport.listings.services import find_listing
from techport.organisations.services import find_by_slug
from techport.search.index import alias_name, current_indices
from tests.search.indexing_helpers import drain_outbox, import_records, listing_record, public_titles, wait_until


def test_a_database_error_while_pruning_does_not_stop_the_worker(app, es, search_prefix, running_worker, monkeypatch):
    prune_done, calls = worker_module.prune_done, []

    def prune_failing_once(keep):
        calls.append(keep)
        if len(calls) == 1:
            raise sqlalchemy.exc.OperationalError("DELETE FROM search_outbox", {}, Exception("database is locked"))
        return prune_done(keep)

    monkeypatch.setattr(worker_module, "prune_done", prune_failing_once)
    worker = running_worker()
    wait_until(lambda: calls, timeout=30)
    marker = uuid.uuid4().hex[:10]
    with app.app_context():
        import_records([listing_record(f"after-prune-{marker}", f"Sau lỗi dọn dẹp {marker}")])
    wait_until(lambda: public_titles(es, search_prefix, marker), timeout=15)
    assert not worker.stopping.is_set()


def test_a_stale_write_after_the_tombstone_expired_does_not_republish_a_withdrawn_listing(app, es, search_prefix):
    """A worker built the document, stalled past ``index.gc_deletes``, then sent it."""
    (index,) = current_indices(es, search_prefix)
    es.indices.put_settings(index=index, settings={"index.gc_deletes": "0s"})
    external_id, marker = f"stale-{uuid.uuid4().hex[:8]}", uuid.uuid4().hex[:10]
    with app.app_context():
        import_records([listing_record(external_id, f"Bản sẽ rút {marker}")])
        drain_outbox(es, search_prefix)
        listing_id = find_listing(find_by_slug("hcmut"), external_id).id
        stale_actions = sync.listing_actions([listing_id])

        import_records([listing_record(external_id, f"Bản sẽ rút {marker}", status="draft")])
        drain_outbox(es, search_prefix)
        assert not public_titles(es, search_prefix, marker)

        result = sync.send(es, alias_name(search_prefix), stale_actions)
    assert result.confirmed == {listing_id}
    assert not public_titles(es, search_prefix, marker)
    assert es.get(index=alias_name(search_prefix), id=str(listing_id))["_source"]["public"] is False
