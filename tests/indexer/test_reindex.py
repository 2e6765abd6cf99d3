"""The full reindex: a late commit is caught up by versions, refused documents are skipped, a failed
rebuild leaves nothing behind, and the old index outlives the searches running on it."""

import threading
import uuid

import pytest
from sqlalchemy.orm import Session

import indexer.reindex as reindex_module
from indexer import sync
from indexer.reindex import reindex
from techport.extensions import db
from techport.listings.models import Listing
from techport.listings.services import find_listing
from techport.organisations.services import find_by_slug
from techport.search.index import (
    alias_name,
    create_index,
    current_indices,
    drop_indices,
    finish_loading,
    new_index_name,
    retired_indices,
)
from techport.search.outbox import OutboxEntry, OutboxStatus
from tests.indexer.test_refusals import import_batch, withdraw
from tests.search.indexing_helpers import (
    assert_index_matches_database,
    drain_outbox,
    import_records,
    listing_record,
    outbox_rows,
    run_cli,
)


def published(title: str) -> int:
    external_id = f"reindex-{uuid.uuid4().hex[:8]}"
    import_records([listing_record(external_id, title)])
    return find_listing(find_by_slug("hcmut"), external_id).id


def indexed(es, prefix: str, listing_id: int) -> tuple[int, str | None]:
    document = es.get(index=alias_name(prefix), id=str(listing_id))
    return document["_version"], document["_source"].get("title")


def after_the_load(monkeypatch, action) -> None:
    """Run ``action`` once the reindex has loaded, before it catches up."""
    load = reindex_module._load

    def load_then_act(*arguments):
        loaded = load(*arguments)
        action()
        return loaded

    monkeypatch.setattr(reindex_module, "_load", load_then_act)


def test_an_edit_committed_during_the_load_with_a_lower_outbox_id_is_caught_up(app, es, search_prefix, monkeypatch):
    """The worker sent the edit to the old index just before the swap, and its outbox row has an id below
    every row the reindex saw: only a comparison of versions finds it."""
    with app.app_context():
        listing_id = published("Trước khi dựng lại")

    def commit_late_edit_that_the_worker_sends_to_the_old_index():
        listing = db.session.get(Listing, listing_id)
        listing.title = "Sửa trong lúc nạp"
        db.session.commit()
        drain_outbox(es, search_prefix)
        lowest = db.session.scalar(db.select(db.func.min(OutboxEntry.id)))
        for offset, row in enumerate(outbox_rows(listing_id)):
            row.id = min(lowest, 0) - 1 - offset
        db.session.commit()

    after_the_load(monkeypatch, commit_late_edit_that_the_worker_sends_to_the_old_index)
    with app.app_context():
        report = reindex(es, search_prefix, replicas=0)
        version = db.session.get(Listing, listing_id).version
    assert report.caught_up >= 1
    assert indexed(es, search_prefix, listing_id) == (version, "Sửa trong lúc nạp")
    with app.app_context():
        assert_index_matches_database(es, search_prefix)


@pytest.mark.postgresql
def test_the_open_transaction_repro_on_postgresql(app, es, search_prefix, monkeypatch):
    """The issue's repro: L's edit flushed (lower outbox id) but not committed; another edit committed;
    reindex starts; L commits during the load. SQLite has one writer, so this runs in the PostgreSQL pass."""
    with app.app_context():
        late_id, other_id = published("L trước"), published("Khác trước")
        open_transaction = Session(db.engine)
        late = open_transaction.get(Listing, late_id)
        late.title = "L sửa muộn"
        open_transaction.flush()
        other = db.session.get(Listing, other_id)
        other.title = "Khác đã sửa"
        db.session.commit()

    def commit_the_open_transaction():
        open_transaction.commit()
        open_transaction.close()
        drain_outbox(es, search_prefix)

    after_the_load(monkeypatch, commit_the_open_transaction)
    with app.app_context():
        reindex(es, search_prefix, replicas=0)
        version = db.session.get(Listing, late_id).version
    assert indexed(es, search_prefix, late_id) == (version, "L sửa muộn")


def test_a_refused_document_is_skipped_parked_and_the_swap_happens(app, es, search_prefix):
    with app.app_context():
        healthy, poison = import_batch("reindex-poison", 3, sectors=["x" * 40_000])
        before = current_indices(es, search_prefix)
        try:
            report = reindex(es, search_prefix, replicas=0)
            assert list(report.rejected) == [poison] and "400" in report.rejected[poison]
            assert current_indices(es, search_prefix) == [report.index] != before
            assert outbox_rows(poison)[-1].status == OutboxStatus.PARKED
            assert all(es.exists(index=alias_name(search_prefix), id=str(listing_id)) for listing_id in healthy)
            result = run_cli(app, "search", "reindex")
            assert result.exit_code == 0 and "refused and skipped: 1" in result.output
        finally:
            withdraw(poison)
            drain_outbox(es, search_prefix)


def test_a_failed_reindex_drops_its_half_built_index(app, es, search_prefix, monkeypatch):
    before = sorted(es.indices.get(index=f"{search_prefix}*"))

    def refuse(*_arguments, **_options):
        raise sync.IndexUnavailable("429 es_rejected_execution_exception")

    monkeypatch.setattr(reindex_module, "finish_loading", refuse)
    with app.app_context(), pytest.raises(sync.IndexUnavailable):
        reindex(es, search_prefix, replicas=0)
    assert sorted(es.indices.get(index=f"{search_prefix}*")) == before
    assert current_indices(es, search_prefix) == before


def test_the_old_index_is_retired_not_dropped_so_running_searches_finish(app, es, search_prefix):
    old = current_indices(es, search_prefix)
    page = es.search(index=alias_name(search_prefix), scroll="1m", size=1, query={"match_all": {}})
    with app.app_context():
        first = reindex(es, search_prefix, replicas=0)
    assert first.retired == old and first.dropped == []
    assert retired_indices(es, search_prefix) == old
    assert es.scroll(scroll_id=page["_scroll_id"], scroll="1m")["hits"]["hits"]

    with app.app_context():
        second = reindex(es, search_prefix, replicas=0)
    assert second.dropped == old and not es.indices.exists(index=old[0])
    assert retired_indices(es, search_prefix) == [first.index]

    result = run_cli(app, "search", "prune")
    assert result.exit_code == 0 and first.index in result.output
    assert not es.indices.exists(index=first.index) and current_indices(es, search_prefix) == [second.index]


def test_searches_during_the_swap_never_fail(app, es, search_prefix):
    stop, failures, answers = threading.Event(), [], []

    def keep_searching():
        while not stop.is_set():
            try:
                answers.append(es.search(index=alias_name(search_prefix), size=50)["hits"]["total"]["value"])
            except Exception as error:  # noqa: BLE001 - any failure is what this test looks for
                failures.append(error)

    searcher = threading.Thread(target=keep_searching)
    searcher.start()
    try:
        with app.app_context():
            for _ in range(3):
                reindex(es, search_prefix, replicas=0)
    finally:
        stop.set()
        searcher.join(timeout=30)
    assert failures == [] and answers


def test_a_loaded_index_is_merged_to_one_segment_before_it_serves(es, search_prefix):
    index = new_index_name(search_prefix)
    create_index(es, index, replicas=0, loading=True)
    try:
        for batch in range(3):  # three refreshes leave three segments
            for n in range(5):
                es.index(index=index, id=f"{batch}-{n}", document={"title": f"Máy sấy {batch} {n}", "public": True})
            es.indices.refresh(index=index)
        assert _segment_count(es, index) == 3
        finish_loading(es, index, replicas=0)
        assert _segment_count(es, index) == 1
        assert es.count(index=index)["count"] == 15
    finally:
        drop_indices(es, [index])


def _segment_count(es, index: str) -> int:
    shards = es.indices.segments(index=index)["indices"][index]["shards"]
    return sum(len(copy["segments"]) for copies in shards.values() for copy in copies)


def test_a_reindex_builds_the_index_in_the_configured_shards(app, es, search_prefix):
    app.config["SEARCH_SHARDS"] = 2
    try:
        with app.app_context():
            report = reindex(es, search_prefix, replicas=0)
    finally:
        app.config["SEARCH_SHARDS"] = 1
    settings = es.indices.get_settings(index=report.index)[report.index]["settings"]["index"]
    assert settings["number_of_shards"] == "2"
