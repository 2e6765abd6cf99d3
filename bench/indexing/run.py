"""Indexing benchmark: full-reindex throughput against raw bulk, and change-to-searchable latency.

    .venv/bin/python bench/indexing/run.py [--listings 100000] [--changes 200]

Needs the search node (scripts/esnode start). Builds a throwaway SQLite database with generated
listings, then measures in one run:
- throughput of ``techport search reindex`` (database → documents → fresh index → alias swap) against
  a raw ``helpers.bulk`` of the same prebuilt documents into an index with the same settings
  (target ratio ≥ 0.7);
- the latency from committing a change to it being searchable while the indexer runs (target p95 ≤ 2 s).
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
from support import delete_indices, generated_rows, percentile  # noqa: E402


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


def change_latencies(app, es: Elasticsearch, prefix: str, changes: int) -> list[float]:
    worker = Worker(app, es=es)
    thread = threading.Thread(target=worker.run, daemon=True)
    thread.start()
    latencies = []
    try:
        with app.app_context():
            # The demo organisations' rows stand for every generated listing; let the worker clear
            # that backlog first, so each change below is measured on its own.
            while outbox_status().pending:
                db.session.rollback()
                time.sleep(0.5)
            ids = db.session.scalars(sa.select(Listing.id).limit(changes * 5)).all()
            for listing_id in random.Random(7).sample(ids, changes):
                listing = db.session.get(Listing, listing_id)
                marker = uuid.uuid4().hex[:12]
                listing.title = f"{listing.title.split(' #')[0]} #{marker}"
                db.session.commit()
                committed = time.perf_counter()
                while True:
                    hits = es.search(index=alias_name(prefix), query={"match": {"title": marker}}, size=1)["hits"][
                        "hits"
                    ]
                    if hits:
                        latencies.append(time.perf_counter() - committed)
                        break
                    if time.perf_counter() - committed > 30:
                        raise RuntimeError(f"change to listing {listing_id} not searchable after 30 s")
                    time.sleep(0.01)
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
            "INDEXER_POLL_SECONDS": 0.05,
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

            started = time.perf_counter()
            report = reindex(es, prefix, replicas=0)
            reindex_seconds = time.perf_counter() - started

            listings = db.session.scalars(
                sa.select(Listing)
                .order_by(Listing.id)
                .options(selectinload(Listing.organisation), selectinload(Listing.ip_details))
            ).all()
            documents = [(str(listing.id), listing.version, listing_document(listing)) for listing in listings]
            db.session.rollback()
        baseline_seconds = raw_bulk_baseline(es, prefix, documents)

        reindex_rate = report.loaded / reindex_seconds
        baseline_rate = len(documents) / baseline_seconds
        print(
            f"reindex (techport search reindex): {report.loaded} docs in {reindex_seconds:.1f} s = {reindex_rate:,.0f} docs/s"
        )
        print(
            f"baseline (raw helpers.bulk, prebuilt docs): {len(documents)} docs in {baseline_seconds:.1f} s = {baseline_rate:,.0f} docs/s"
        )
        print(f"throughput ratio reindex/baseline: {reindex_rate / baseline_rate:.2f} (target >= 0.70)")

        latencies = change_latencies(app, es, prefix, args.changes)
        print(
            f"change-to-searchable latency over {len(latencies)} changes: "
            f"p50 {statistics.median(latencies):.2f} s, p95 {percentile(latencies, 0.95):.2f} s (target p95 <= 2 s)"
        )
    finally:
        delete_indices(es, prefix)


if __name__ == "__main__":
    main()
