"""The indexer against the live node: fast, ordered, lossless, and unbothered by outages and reindexing."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

from elasticsearch import Elasticsearch

from indexer import sync
from indexer.reindex import reindex
from indexer.status import outbox_status
from techport.extensions import db
from techport.listings.models import Listing
from techport.listings.services import find_listing
from techport.models_common import utcnow
from techport.organisations.services import find_by_slug
from techport.search.index import SCHEMA_VERSION, alias_name
from techport.search.outbox import OutboxEntry, OutboxStatus
from tests.search.indexing_helpers import (
    assert_index_matches_database,
    expected_documents,
    import_records,
    indexed_documents,
    listing_record,
    wait_until,
)

REPO_ROOT = Path(__file__).resolve().parents[2]


def free_node_port() -> int:
    """A port for a second node whose transport port (port + 100) is free too, so parallel runs never collide."""
    for port in range(9250, 9300):
        with socket.socket() as http_probe, socket.socket() as transport_probe:
            try:
                http_probe.bind(("127.0.0.1", port))
                transport_probe.bind(("127.0.0.1", port + 100))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port pair for a second search node")


def unique(label: str) -> str:
    return f"{label}-{uuid.uuid4().hex[:8]}"


def pending_count(app) -> int:
    with app.app_context():
        db.session.rollback()
        return outbox_status().pending


def search_titles(es: Elasticsearch, prefix: str, text: str) -> list[str]:
    response = es.search(index=alias_name(prefix), query={"match": {"title": {"query": text, "operator": "and"}}})
    return [hit["_source"]["title"] for hit in response["hits"]["hits"]]


def test_a_published_change_is_searchable_within_seconds(app, es, search_prefix, running_worker):
    running_worker()
    marker = uuid.uuid4().hex[:10]
    with app.app_context():
        import_records([listing_record(unique("fast"), f"Máy ép viên nén sinh khối {marker}")])
    seconds = wait_until(lambda: search_titles(es, search_prefix, f"may ep vien {marker}"), timeout=10)
    assert seconds < 5


def test_withdrawing_a_listing_removes_it_from_search(app, es, search_prefix, running_worker):
    running_worker()
    external_id, marker = unique("withdrawn"), uuid.uuid4().hex[:10]
    with app.app_context():
        import_records([listing_record(external_id, f"Cảm biến độ mặn {marker}")])
    wait_until(lambda: search_titles(es, search_prefix, marker), timeout=10)
    with app.app_context():
        import_records([listing_record(external_id, f"Cảm biến độ mặn {marker}", status="archived")])
    wait_until(lambda: not search_titles(es, search_prefix, marker), timeout=10)


def test_out_of_order_updates_leave_the_newer_version(app, es, search_prefix):
    external_id = unique("ordered")
    with app.app_context():
        import_records([listing_record(external_id, "Phiên bản cũ")])
        listing = find_listing(find_by_slug("hcmut"), external_id)
        stale_actions = sync.listing_actions([listing.id])
        import_records([listing_record(external_id, "Phiên bản mới")])
        fresh_actions = sync.listing_actions([listing.id])
        listing_id = listing.id

        assert sync.send(es, alias_name(search_prefix), fresh_actions).confirmed == {listing_id}
        assert sync.send(es, alias_name(search_prefix), stale_actions).confirmed == {listing_id}

    document = es.get(index=alias_name(search_prefix), id=str(listing_id))
    assert document["_source"]["title"] == "Phiên bản mới"
    assert document["_version"] == fresh_actions[0]["index"]["version"]


def test_edits_during_an_elasticsearch_outage_converge_when_it_returns(app, demo_data, running_worker, tmp_path):
    port = free_node_port()
    node_env = {**os.environ, "ESNODE_PORT": str(port), "ESNODE_HOME": str(tmp_path / "esnode")}
    esnode = [str(REPO_ROOT / "scripts" / "esnode")]
    subprocess.run([*esnode, "start"], env=node_env, check=True, capture_output=True)
    outage_es = Elasticsearch(f"http://127.0.0.1:{port}", request_timeout=10)
    prefix = unique("outage")
    app.config["SEARCH_INDEX_PREFIX"] = prefix
    try:
        with app.app_context():
            reindex(outage_es, prefix, replicas=0)
        running_worker(outage_es)
        subprocess.run([*esnode, "stop"], env=node_env, check=True, capture_output=True)

        ids = [unique("outage-edit") for _ in range(5)]
        with app.app_context():
            import_records(
                [listing_record(external_id, f"Sửa khi mất kết nối {n}") for n, external_id in enumerate(ids)]
            )
            import_records([listing_record(ids[0], "Sửa lần hai khi mất kết nối")])
            import_records([listing_record(ids[1], "Gỡ khi mất kết nối", status="archived")])
        time.sleep(2)
        assert pending_count(app) >= 5

        subprocess.run([*esnode, "start"], env=node_env, check=True, capture_output=True)
        wait_until(lambda: pending_count(app) == 0, timeout=60, interval=0.5)
        with app.app_context():
            assert_index_matches_database(outage_es, prefix)
    finally:
        subprocess.run([*esnode, "stop"], env=node_env, capture_output=True)


def _start_indexer_process(database_url: str, prefix: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "TECHPORT_DATABASE_URL": database_url,
        "TECHPORT_SEARCH_INDEX_PREFIX": prefix,
        "TECHPORT_INDEXER_BATCH_SIZE": "100",
        "TECHPORT_ENV": "test",
    }
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "techport"), "indexer", "run"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_sigkill_in_the_middle_of_a_batch_loses_and_duplicates_nothing(app, es, database_url, search_prefix):
    with app.app_context():
        import_records([listing_record(unique("bulk"), f"Thiết bị số {n}") for n in range(3000)])
        already_indexed = len(indexed_documents(es, search_prefix))
    assert pending_count(app) >= 3000

    process = _start_indexer_process(database_url, search_prefix)

    def first_batch_confirmed() -> bool:
        es.indices.refresh(index=alias_name(search_prefix))
        return es.count(index=alias_name(search_prefix))["count"] > already_indexed

    wait_until(first_batch_confirmed, timeout=60, interval=0.02)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert pending_count(app) > 0, "the indexer finished before it was killed; the test proves nothing"

    process = _start_indexer_process(database_url, search_prefix)
    try:
        wait_until(lambda: pending_count(app) == 0, timeout=120, interval=0.5)
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    with app.app_context():
        assert_index_matches_database(es, search_prefix)


def test_a_full_reindex_while_writes_continue_loses_nothing_and_search_keeps_answering(
    app, es, search_prefix, running_worker
):
    with app.app_context():
        import_records([listing_record(unique("reindex-base"), f"Vật liệu nền {n}") for n in range(300)])
    running_worker()
    wait_until(lambda: pending_count(app) == 0, timeout=60, interval=0.2)

    stop = threading.Event()
    search_failures, search_counts = [], []

    def keep_writing():
        with app.app_context():
            n = 0
            while not stop.is_set():
                import_records(
                    [listing_record(f"reindex-live-{search_prefix}-{n % 40}", f"Ghi trong lúc dựng lại {n}")]
                )
                n += 1

    def keep_searching():
        while not stop.is_set():
            try:
                search_counts.append(es.count(index=alias_name(search_prefix))["count"])
            except Exception as error:  # noqa: BLE001 - any failure is what this test looks for
                search_failures.append(error)
            time.sleep(0.02)

    workers = [threading.Thread(target=keep_writing), threading.Thread(target=keep_searching)]
    for thread in workers:
        thread.start()
    try:
        time.sleep(0.5)
        with app.app_context():
            report = reindex(es, search_prefix, replicas=0)
        time.sleep(0.5)
    finally:
        stop.set()
        for thread in workers:
            thread.join(timeout=30)

    assert report.retired and report.loaded >= 300
    assert search_failures == []
    assert search_counts and min(search_counts) > 0
    wait_until(lambda: pending_count(app) == 0, timeout=60, interval=0.2)
    with app.app_context():
        assert_index_matches_database(es, search_prefix)


def test_status_reports_backlog_and_parked_rows(app, es, search_prefix):
    from click.testing import CliRunner
    from flask.cli import ScriptInfo

    from techport.cli import main as techport_cli

    result = CliRunner().invoke(techport_cli, ["indexer", "status"], obj=ScriptInfo(create_app=lambda: app))
    assert result.exit_code == 0
    assert "pending:" in result.output and "parked:" in result.output

    result = CliRunner().invoke(techport_cli, ["search", "status"], obj=ScriptInfo(create_app=lambda: app))
    assert result.exit_code == 0
    assert f"alias: {alias_name(search_prefix)} -> {search_prefix}-listings-v{SCHEMA_VERSION}-" in result.output
    with app.app_context():
        assert f"documents: {len(expected_documents())}" in result.output


def test_a_write_block_parks_nothing_and_counts_no_attempts(app, es, search_prefix):
    """A flood-stage disk watermark (an index block) is an outage: rows wait, attempts uncounted."""
    from indexer.worker import process_batch

    external_id = unique("blocked")
    index = next(iter(es.indices.get_alias(name=alias_name(search_prefix))))
    es.indices.put_settings(index=index, settings={"index.blocks.write": True})
    try:
        with app.app_context():
            import_records([listing_record(external_id, "Bị chặn ghi")])
            listing_id = find_listing(find_by_slug("hcmut"), external_id).id
            for _ in range(3):
                outcome = process_batch(es, search_prefix, batch_size=10_000, max_attempts=2)
                assert outcome.blocked >= 1 and outcome.parked == 0
            rows = db.session.scalars(
                db.select(OutboxEntry).where(OutboxEntry.entity_id == listing_id, OutboxEntry.entity == "listing")
            ).all()
            assert rows and all(row.status == OutboxStatus.PENDING and row.attempts == 0 for row in rows)
            assert "cluster_block_exception" in rows[0].last_error
    finally:
        es.indices.put_settings(index=index, settings={"index.blocks.write": False})
    with app.app_context():
        while process_batch(es, search_prefix, batch_size=10_000, max_attempts=2).claimed:
            pass
        rows = db.session.scalars(
            db.select(OutboxEntry).where(OutboxEntry.entity_id == listing_id, OutboxEntry.entity == "listing")
        ).all()
        assert all(row.status == OutboxStatus.DONE for row in rows)
    es.indices.refresh(index=alias_name(search_prefix))
    assert search_titles(es, search_prefix, "Bị chặn ghi")


def test_two_workers_share_a_backlog_and_the_index_converges(app, es, search_prefix, running_worker):
    """On PostgreSQL the workers claim rows with SKIP LOCKED; on SQLite they take turns."""
    with app.app_context():
        import_records([listing_record(unique("shared"), f"Mô-đun điều khiển {n}") for n in range(600)])
    running_worker()
    running_worker()
    wait_until(lambda: pending_count(app) == 0, timeout=120, interval=0.2)
    with app.app_context():
        assert_index_matches_database(es, search_prefix)


def test_done_rows_older_than_the_retention_are_pruned(app, demo_data):
    from datetime import timedelta

    from indexer.worker import prune_done

    with app.app_context():
        import_records([listing_record(unique("pruned"), "Bản ghi cũ")])
        newest = db.session.scalar(db.select(OutboxEntry).order_by(OutboxEntry.id.desc()).limit(1))
        newest.status, newest.processed_at = OutboxStatus.DONE, utcnow() - timedelta(days=10)
        db.session.commit()
        newest_id = newest.id

        assert prune_done(timedelta(days=7)) >= 1
        assert db.session.get(OutboxEntry, newest_id) is None


def test_an_organisation_change_reaches_all_its_listings_in_normal_batches(app, es, search_prefix):
    from indexer.worker import process_batch

    with app.app_context():
        organisation = find_by_slug("hcmute")
        import_records(
            [listing_record(unique("org"), f"Thiết bị HCMUTE {n}", organisation="hcmute") for n in range(30)]
        )
        while process_batch(es, search_prefix, batch_size=500, max_attempts=3).claimed:
            pass
        organisation.short_name = f"UTE-{uuid.uuid4().hex[:4]}"
        db.session.commit()
        new_short_name = organisation.short_name

        outcomes = []
        while (outcome := process_batch(es, search_prefix, batch_size=10, max_attempts=3)).claimed:
            outcomes.append(outcome)
        assert len(outcomes) >= 3, "the organisation's listings should be spread over several batches"
        es.indices.refresh(index=alias_name(search_prefix))
        count = es.count(index=alias_name(search_prefix), query={"term": {"organisation.short_name": new_short_name}})[
            "count"
        ]
        published = db.session.scalar(
            db.select(db.func.count())
            .select_from(Listing)
            .where(Listing.organisation_id == organisation.id, Listing.status == "published")
        )
        assert count == published >= 30
