"""Drill: a full reindex while edits and withdrawals keep committing, then the index compared with the database.

    .venv/bin/python bench/drills/reindex_under_writes.py [--listings 20000] [--writers 2]

Needs the search node (scripts/esnode start). Builds a throwaway SQLite database with generated
listings, runs the outbox worker, and reindexes while writer threads edit and withdraw listings.
Prints the reindex time, how many listings the version catch-up re-sent, and what
``techport search verify`` counts once the worker has drained the outbox (target: 0 / 0 / 0).
"""

import argparse
import random
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import sqlalchemy as sa
from elasticsearch import Elasticsearch
from flask_migrate import upgrade

from indexer.reindex import reindex
from indexer.status import outbox_status
from indexer.verify import compare
from indexer.worker import Worker
from techport import create_app
from techport.demo.seed import seed_demo
from techport.extensions import db
from techport.listings.models import Listing
from techport.listings.vocabulary import ListingStatus
from techport.organisations.models import Organisation
from techport.search.index import alias_name

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from support import delete_indices, generated_rows  # noqa: E402


def keep_editing(app, listing_ids: list[int], stop: threading.Event, edits: list[int], seed: int) -> None:
    rng = random.Random(seed)
    with app.app_context():
        while not stop.is_set():
            listing = db.session.get(Listing, rng.choice(listing_ids))
            if rng.random() < 0.2:
                listing.status = ListingStatus.ARCHIVED if listing.is_public else ListingStatus.PUBLISHED
            else:
                listing.title = f"{listing.title.split(' #')[0]} #{rng.randint(0, 10**6)}"
            try:
                db.session.commit()
                edits.append(listing.id)
            except sa.exc.SQLAlchemyError:
                db.session.rollback()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listings", type=int, default=20_000)
    parser.add_argument("--writers", type=int, default=2)
    parser.add_argument("--elasticsearch", default="http://127.0.0.1:9200")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="techport-drill-"))
    prefix = f"drill-{uuid.uuid4().hex[:8]}"
    app = create_app(
        {
            "TECHPORT_ENV": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'drill.db'}",
            "ELASTICSEARCH_URL": args.elasticsearch,
            "SEARCH_INDEX_PREFIX": prefix,
            "INDEXER_POLL_SECONDS": 0.05,
        }
    )
    es = Elasticsearch(args.elasticsearch, request_timeout=120)
    worker = Worker(app, es=es)
    worker_thread = threading.Thread(target=worker.run, daemon=True)
    try:
        with app.app_context():
            upgrade()
            seed_demo()
            organisation_ids = db.session.scalars(sa.select(Organisation.id)).all()
            rows = generated_rows(args.listings, organisation_ids)
            for start in range(0, len(rows), 5000):
                db.session.execute(sa.insert(Listing.__table__), rows[start : start + 5000])
            db.session.commit()
            listing_ids = db.session.scalars(sa.select(Listing.id)).all()
            reindex(es, prefix, replicas=0)
        worker_thread.start()

        stop, edits = threading.Event(), []
        writers = [
            threading.Thread(target=keep_editing, args=(app, listing_ids, stop, edits, seed))
            for seed in range(args.writers)
        ]
        for writer in writers:
            writer.start()
        try:
            with app.app_context():
                started = time.perf_counter()
                report = reindex(es, prefix, replicas=0)
                seconds = time.perf_counter() - started
        finally:
            stop.set()
            for writer in writers:
                writer.join(timeout=60)

        with app.app_context():
            deadline = time.monotonic() + 120
            while outbox_status().pending and time.monotonic() < deadline:
                db.session.rollback()
                time.sleep(0.5)
            differences = compare(es, alias_name(prefix))
        print(f"reindex of {report.loaded} listings in {seconds:.1f} s while {len(edits)} edits committed")
        print(f"caught up by version: {report.caught_up} listings re-sent; refused: {len(report.rejected)}")
        print(
            f"verify after the worker drained: missing {len(differences.missing)}, stale {len(differences.stale)}, "
            f"extra {len(differences.extra)} (target 0 / 0 / 0)"
        )
    finally:
        worker.stop()
        worker_thread.join(timeout=30)
        delete_indices(es, prefix)


if __name__ == "__main__":
    main()
