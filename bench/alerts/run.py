"""Alerts benchmark: one daily run for 10,000 saved searches over 1,000 new listings (target: under 60 s).

    .venv/bin/python bench/alerts/run.py [--searches 10000] [--listings 1000] [--users 2000] [--naive-sample 300]

Needs the search node (scripts/esnode start). Builds a throwaway SQLite database with generated listings
(published today) and people with saved searches made yesterday, indexes the listings, then measures in one
run:
- the baseline: the naive way, one search request per saved search, timed on a sample and extrapolated;
- ``run_alerts("daily", now)``: the whole job (batched msearch, duplicate pairs, one mail per person, commits).
"""

import argparse
import random
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from elasticsearch import Elasticsearch
from flask_migrate import upgrade

from indexer.reindex import reindex
from techport import create_app
from techport.accounts.models import OutgoingEmail, User
from techport.alerts.matching import AlertQuery, alert_body
from techport.alerts.models import SavedSearch, SentAlert
from techport.alerts.services import run_alerts
from techport.demo.seed import seed_demo
from techport.extensions import db
from techport.listings.models import Listing
from techport.listings.vocabulary import SECTORS
from techport.models_common import utcnow
from techport.organisations.models import Organisation
from techport.search.index import alias_name

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from support import WORDS, delete_indices, generated_rows  # noqa: E402


def saved_search_rows(count: int, user_ids: list[int], created_at) -> list[dict]:
    rng = random.Random(7)
    rows = []
    for n in range(count):
        filters = {}
        if rng.random() < 0.4:
            filters["sector"] = [rng.choice(sorted(SECTORS))]
        if rng.random() < 0.3:
            filters["kind"] = [rng.choice(["offer", "need"])]
        text = " ".join(rng.sample(WORDS, rng.choice([1, 2, 2, 3])))
        rows.append(
            {
                "user_id": user_ids[n % len(user_ids)],
                "name": f"bench {n}",
                "query_text": text,
                "filters": filters,
                "sort": "relevance",
                "frequency": "daily",
                "paused": False,
                "created_at": created_at,
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--searches", type=int, default=10_000)
    parser.add_argument("--listings", type=int, default=1_000)
    parser.add_argument("--users", type=int, default=2_000)
    parser.add_argument("--naive-sample", type=int, default=300)
    parser.add_argument("--elasticsearch", default="http://127.0.0.1:9200")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="techport-alerts-bench-"))
    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    es = Elasticsearch(args.elasticsearch, request_timeout=120)
    app = create_app(
        {
            "TECHPORT_ENV": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'bench.db'}",
            "ELASTICSEARCH_URL": args.elasticsearch,
            "SEARCH_INDEX_PREFIX": prefix,
        }
    )
    try:
        with app.app_context():
            upgrade()
            seed_demo()
            organisation_ids = db.session.scalars(sa.select(Organisation.id)).all()
            db.session.execute(sa.insert(Listing.__table__), generated_rows(args.listings, organisation_ids))
            now = utcnow()
            db.session.execute(
                sa.insert(User.__table__),
                [
                    {
                        "email": f"bench{n}@bench.example",
                        "full_name": f"Bench {n}",
                        "password_hash": "!",
                        "role": "member",
                        "status": "active",
                        "created_at": now,
                        "session_version": 1,
                    }
                    for n in range(args.users)
                ],
            )
            user_ids = db.session.scalars(sa.select(User.id).where(User.email.like("bench%"))).all()
            rows = saved_search_rows(args.searches, user_ids, now - timedelta(days=1))
            db.session.execute(sa.insert(SavedSearch.__table__), rows)
            db.session.commit()
            reindex(es, prefix, replicas=0)
            candidate_ids = db.session.scalars(sa.select(Listing.id)).all()
            print(f"{args.listings} new listings indexed, {args.searches} saved searches of {len(user_ids)} people")

            sample = rows[: args.naive_sample]
            started = time.perf_counter()
            for row in sample:
                body = alert_body(AlertQuery.of(row["query_text"], row["filters"]), candidate_ids)
                es.search(index=alias_name(prefix), **body)
            naive = (time.perf_counter() - started) / len(sample) * args.searches
            print(f"baseline, one request per saved search: {naive:6.1f} s (extrapolated from {len(sample)})")

            started = time.perf_counter()
            sent = run_alerts("daily", utcnow())
            elapsed = time.perf_counter() - started
            pairs = db.session.scalar(sa.select(sa.func.count()).select_from(SentAlert))
            mails = db.session.scalar(sa.select(sa.func.count(OutgoingEmail.id)))
            verdict = "OK" if elapsed < 60 else "TOO SLOW"
            print(f"run_alerts('daily'):                     {elapsed:6.1f} s  [{verdict}: target < 60 s]")
            print(f"  {sent} messages ({mails} queued mails), {pairs} (search, listing) pairs recorded")
            started = time.perf_counter()
            again = run_alerts("daily", utcnow())
            print(f"second run: {again} messages in {time.perf_counter() - started:.1f} s")
    finally:
        delete_indices(es, prefix)


if __name__ == "__main__":
    main()
