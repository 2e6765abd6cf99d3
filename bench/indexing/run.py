"""Indexing benchmark: full-reindex throughput against raw bulk, and change-to-searchable latency.

    .venv/bin/python bench/indexing/run.py [--listings 100000] [--changes 200]

Needs the search node (scripts/esnode start). Builds a throwaway SQLite database with generated
listings, then measures in one run:
- throughput of ``techport search reindex`` (database → documents → fresh index → alias swap) against
  a raw ``helpers.bulk`` of the same prebuilt documents into an index with the same settings, run before
  and after the reindex (their mean; target ratio ≥ 0.9, issue 19);
- the latency from committing a change to it being searchable while the indexer runs with the
  production settings (poll interval, batch size), against the baseline of writing the same document
  straight to an index refreshed every second (target p95 ≤ 1.2 s, issue 19).
The semantic layer is off: encoding texts is the encoder's own figure, not the indexer's.
"""

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import sqlalchemy as sa
from elasticsearch import Elasticsearch, helpers
from flask_migrate import upgrade
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import selectinload

from indexer.reindex import reindex
from indexer.status import outbox_status
from indexer.worker import Worker
from techport import create_app
from techport.demo.seed import seed_demo
from techport.extensions import db
from techport.listings.models import Listing
from techport.organisations.models import Organisation
from techport.search.documents import listing_document
from techport.search.index import alias_name, create_index, finish_loading

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from support import delete_indices, generated_rows, percentile, settle_outbox  # noqa: E402


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def raw_bulk_baseline(es: Elasticsearch, prefix: str, documents: list[tuple[str, int, dict]]) -> float:
    """Seconds for helpers.bulk of prebuilt documents into an index set up like the reindex's."""
    index = f"{alias_name(prefix)}-baseline"
    create_index(es, index, replicas=0, loading=True)
    started = time.perf_counter()
    helpers.bulk(
        es,
        (
            {"_index": index, "_id": doc_id, "version": version, "version_type": "external_gte", "_source": source}
            for doc_id, version, source in documents
        ),
        chunk_size=1000,
    )
    finish_loading(es, index, replicas=0)
    elapsed = time.perf_counter() - started
    es.indices.delete(index=index)
    return elapsed


def searchable_after(es: Elasticsearch, index: str, marker: str, since: float) -> float:
    """Seconds from ``since`` until a title search for ``marker`` finds a document."""
    while True:
        if es.search(index=index, query={"match": {"title": marker}}, size=1)["hits"]["hits"]:
            return time.perf_counter() - since
        if time.perf_counter() - since > 30:
            raise RuntimeError(f"{marker} not searchable after 30 s")
        time.sleep(0.01)


def direct_write_latencies(es: Elasticsearch, prefix: str, documents: list[tuple[str, int, dict]], changes: int):
    """The baseline: the same documents written straight to an index refreshed every second, no outbox."""
    index = f"{alias_name(prefix)}-direct"
    create_index(es, index, replicas=0)
    latencies = []
    try:
        for doc_id, _version, source in random.Random(7).sample(documents, changes):
            marker = uuid.uuid4().hex[:12]
            written = time.perf_counter()
            es.index(index=index, id=doc_id, document={**source, "title": f"{source['title']} #{marker}"})
            latencies.append(searchable_after(es, index, marker, written))
    finally:
        es.indices.delete(index=index)
    return latencies


def pending_rows() -> int:
    """Pending outbox rows; while the worker's fan-out holds SQLite's write lock, "some" (-1)."""
    try:
        return outbox_status().pending
    except OperationalError:
        return -1
    finally:
        db.session.rollback()


def change_latencies(app, es: Elasticsearch, prefix: str, changes: int) -> list[float]:
    worker = Worker(app, es=es)
    thread = threading.Thread(target=worker.run, daemon=True)
    thread.start()
    latencies = []
    try:
        with app.app_context():
            # Anything still pending is cleared first, so each change below is measured on its own.
            while pending_rows():
                time.sleep(0.5)
            ids = db.session.scalars(sa.select(Listing.id).limit(changes * 5)).all()
            for listing_id in random.Random(7).sample(ids, changes):
                listing = db.session.get(Listing, listing_id)
                marker = uuid.uuid4().hex[:12]
                listing.title = f"{listing.title.split(' #')[0]} #{marker}"
                db.session.commit()
                latencies.append(searchable_after(es, alias_name(prefix), marker, time.perf_counter()))
    finally:
        worker.stop()
        thread.join(timeout=30)
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--elasticsearch", default="http://127.0.0.1:9200")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="techport-bench-"))
    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    app = create_app(
        {
            "TECHPORT_ENV": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'bench.db'}",
            "ELASTICSEARCH_URL": args.elasticsearch,
            "SEARCH_INDEX_PREFIX": prefix,
            "EMBEDDINGS": "off",
        }
    )
    es = Elasticsearch(args.elasticsearch, request_timeout=120)
    try:
        with app.app_context():
            upgrade()
            seed_demo()
            organisation_ids = db.session.scalars(sa.select(Organisation.id)).all()
            started = time.perf_counter()
            rows = generated_rows(args.listings, organisation_ids)
            for start in range(0, len(rows), 5000):
                db.session.execute(sa.insert(Listing.__table__), rows[start : start + 5000])
            db.session.commit()
            print(f"generated {args.listings} listings in {time.perf_counter() - started:.1f} s")

            listings = db.session.scalars(
                sa.select(Listing)
                .order_by(Listing.id)
                .options(selectinload(Listing.organisation), selectinload(Listing.ip_details))
            ).all()
            documents = [(str(listing.id), listing.version, listing_document(listing)) for listing in listings]
            db.session.rollback()
            # The baseline runs before and after the reindex, and their mean is compared: on a shared
            # machine the load changes over minutes, and one run on either side would favour that side.
            baseline_before = raw_bulk_baseline(es, prefix, documents)
            started = time.perf_counter()
            report = reindex(es, prefix, replicas=0)
            reindex_seconds = time.perf_counter() - started
            settle_outbox()
        baseline_after = raw_bulk_baseline(es, prefix, documents)
        baseline_seconds = (baseline_before + baseline_after) / 2

        reindex_rate = report.loaded / reindex_seconds
        baseline_rate = len(documents) / baseline_seconds
        print(
            f"reindex (techport search reindex): {report.loaded} docs in {reindex_seconds:.1f} s = {reindex_rate:,.0f} docs/s"
        )
        print(
            f"baseline (raw helpers.bulk, prebuilt docs): {len(documents)} docs in {baseline_seconds:.1f} s = {baseline_rate:,.0f} docs/s"
            f" (mean of {baseline_before:.1f} s before and {baseline_after:.1f} s after the reindex)"
        )
        ratio = reindex_rate / baseline_rate
        print(f"throughput ratio reindex/baseline: {ratio:.2f} (target >= 0.90: {verdict(ratio >= 0.9)})")

        direct = direct_write_latencies(es, prefix, documents, args.changes)
        latencies = change_latencies(app, es, prefix, args.changes)
        print(
            f"change-to-searchable over {len(latencies)} changes, poll {app.config['INDEXER_POLL_SECONDS']} s: "
            f"p50 {statistics.median(latencies):.2f} s, p95 {percentile(latencies, 0.95):.2f} s "
            f"(target p95 <= 1.2 s: {verdict(percentile(latencies, 0.95) <= 1.2)})"
        )
        print(
            f"baseline (direct write, refresh 1 s): p50 {statistics.median(direct):.2f} s, "
            f"p95 {percentile(direct, 0.95):.2f} s"
        )
    finally:
        delete_indices(es, prefix)


if __name__ == "__main__":
    main()
