"""Mixed-load benchmark: gunicorn on PostgreSQL driven by Locust (headless), then index-against-database check.

    .venv/bin/python bench/load/run.py [--listings 20000] [--ramp 4,8,16] [--step-seconds 25]
                                       [--users 8] [--seconds 60] [--workers 3] [--threads 4]

Needs the search node (scripts/esnode start) and PostgreSQL's binaries (scripts/pg). Builds, in one run:
a throwaway PostgreSQL (scripts/pg on its own port and data directory, destroyed at the end), migrated,
with the demo accounts and generated listings; their index under its own prefix (deleted at the end);
gunicorn (``--workers`` × ``--threads``) and one indexer worker (``techport indexer run``) feeding the
edits to search while the load runs. Then:
- a ramp: one short Locust run per user count, the aggregate requests/s and p95 of each, and the highest
  rate whose p95 stayed under 300 ms;
- the mixed run (``--users`` for ``--seconds``): requests/s, p50/p95 per request type and the errors;
- once the outbox is drained, every listing's version and visibility in the index against the database.
The mix (bench/load/locustfile.py): anonymous home, search pages, API search with facets, listing pages and
their matches fragment; members editing their published listings; firms sending inquiries.
The semantic layer is off (``--embeddings`` to change it): encoding is the encoder's own figure.
"""

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import sqlalchemy as sa
from elasticsearch import Elasticsearch
from flask_migrate import upgrade

from indexer.reindex import reindex
from indexer.status import outbox_status
from indexer.verify import compare
from techport import create_app
from techport.accounts.models import User
from techport.demo.seed import seed_demo
from techport.extensions import db
from techport.listings.models import Listing, ListingKind
from techport.listings.vocabulary import SECTORS, TRANSFER_MODES
from techport.organisations.models import Organisation
from techport.search.index import alias_name

BENCH = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH / "load"))
from report import best_rate_under_limit, failure_reasons, mixed_table, ramp_table, read_stats  # noqa: E402
from support import delete_indices, generated_rows, settle_outbox  # noqa: E402

ROOT = BENCH.parent
VENV_BIN = Path(sys.executable).parent
# The demo accounts the signed-in users play (techport/demo/accounts.json): both organisations' admins.
MEMBERS = {
    "hcmut@techport.example": "bamboo-kettle-signal-2025",
    "firm@techport.example": "coffee-tractor-meadow-2025",
}
LISTINGS_PER_ACCOUNT = 400
PUBLIC_LISTINGS_SAMPLED = 5000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_postgresql(port: int, data_dir: Path) -> str:
    env = {**os.environ, "TECHPORT_PG_PORT": str(port), "TECHPORT_PG_DIR": str(data_dir)}
    subprocess.run([str(ROOT / "scripts/pg"), "destroy"], env=env, check=True, capture_output=True)
    return subprocess.run(
        [str(ROOT / "scripts/pg"), "start"], env=env, check=True, capture_output=True, text=True
    ).stdout.strip()


def destroy_postgresql(port: int, data_dir: Path) -> None:
    env = {**os.environ, "TECHPORT_PG_PORT": str(port), "TECHPORT_PG_DIR": str(data_dir)}
    subprocess.run([str(ROOT / "scripts/pg"), "destroy"], env=env, check=False, capture_output=True)


def search_queries(rng: random.Random, titles: list[str], count: int = 300) -> list[dict]:
    """Two to four consecutive words of listing titles, a third of them with one or two filters."""
    filters = [
        ("kind", ["offer", "need"]),
        ("sector", sorted(SECTORS)),
        ("trl", ["1-3", "4-6", "7-9"]),
        ("transfer_mode", sorted(TRANSFER_MODES)),
    ]
    queries = []
    for title in rng.sample(titles, min(count, len(titles))):
        words = [word for word in title.split() if not word.isdigit()]
        length = min(len(words), rng.randint(2, 4))
        start = rng.randint(0, max(0, len(words) - length))
        query = {"q": " ".join(words[start : start + length]).lower()}
        if rng.random() < 0.33:
            for name, values in rng.sample(filters, rng.randint(1, 2)):
                query[name] = rng.choice(values)
        queries.append(query)
    return queries


def build_plan(rng: random.Random) -> dict:
    """What the Locust users need: queries, public listings, and the listings each account edits or asks about."""
    public = db.session.execute(sa.select(Listing.id, Listing.slug, Listing.title).where(Listing.is_public)).all()
    sampled = rng.sample(public, min(PUBLIC_LISTINGS_SAMPLED, len(public)))
    members = []
    for email, password in MEMBERS.items():
        organisation_id = db.session.scalar(sa.select(User.organisation_id).where(User.email == email))
        own = db.session.scalars(
            sa.select(Listing.id).where(
                Listing.is_public, Listing.organisation_id == organisation_id, Listing.kind != ListingKind.IP_ASSET
            )
        ).all()
        others = db.session.scalars(
            sa.select(Listing.id).where(Listing.is_public, Listing.organisation_id != organisation_id)
        ).all()
        members.append(
            {
                "email": email,
                "password": password,
                "own": rng.sample(own, min(LISTINGS_PER_ACCOUNT, len(own))),
                "others": rng.sample(others, min(LISTINGS_PER_ACCOUNT, len(others))),
            }
        )
    db.session.rollback()
    return {
        "queries": search_queries(rng, [title for _, _, title in sampled]),
        "listings": [[listing_id, slug] for listing_id, slug, _ in sampled],
        "editors": [{**member, "listings": member["own"]} for member in members if member["own"]],
        "inquirers": [{**member, "listings": member["others"]} for member in members],
    }


def wait_until_serving(base_url: str, server: subprocess.Popen) -> None:
    for _ in range(300):
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited; see its log")
        try:
            with urllib.request.urlopen(f"{base_url}/", timeout=10) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within a minute")


def wait_until_drained(app, timeout: float = 600) -> float:
    """Seconds until the outbox has no pending row (the indexer worker runs meanwhile)."""
    started = time.perf_counter()
    with app.app_context():
        while (pending := outbox_status().pending) and time.perf_counter() - started < timeout:
            db.session.rollback()
            time.sleep(0.5)
        db.session.rollback()
    if pending:
        raise RuntimeError(f"{pending} outbox rows still pending after {timeout:.0f} s")
    return time.perf_counter() - started


def run_locust(base_url: str, env: dict, users: int, seconds: int, csv_prefix: Path) -> None:
    command = [
        *(sys.executable, "-m", "locust", "-f", str(BENCH / "load/locustfile.py")),
        *("--headless", "-u", str(users), "-r", str(users), "-t", f"{seconds}s"),
        *("--host", base_url, "--csv", str(csv_prefix), "--only-summary", "--stop-timeout", "10"),
    ]
    with open(f"{csv_prefix}.log", "w") as log:
        # Locust exits 1 when any request failed; the failures are reported from its CSV instead.
        subprocess.run(
            command,
            env={**env, "TECHPORT_LOAD_USERS": str(users)},
            stdout=log,
            stderr=subprocess.STDOUT,
            check=False,
            timeout=seconds + 120,
        )


def stop(process: subprocess.Popen | None) -> None:
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listings", type=int, default=20_000)
    parser.add_argument("--ramp", default="4,8,16", help="user counts of the ramp's steps")
    parser.add_argument("--step-seconds", type=int, default=25)
    parser.add_argument("--users", type=int, default=8, help="users of the mixed run")
    parser.add_argument("--seconds", type=int, default=60, help="duration of the mixed run")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--pg-port", type=int, default=int(os.environ.get("TECHPORT_PG_PORT", "5436")))
    parser.add_argument("--elasticsearch", default="http://127.0.0.1:9200")
    parser.add_argument("--index-prefix", default="bench-load")
    parser.add_argument("--embeddings", default="off", help="TECHPORT_EMBEDDINGS of the app under load")
    args = parser.parse_args()
    ramp = [int(users) for users in args.ramp.split(",") if users]

    workdir = Path(tempfile.mkdtemp(prefix="techport-load-"))
    pg_dir = Path(f"/tmp/techport-bench-load-pg-{args.pg_port}")
    es = Elasticsearch(args.elasticsearch, request_timeout=120)
    delete_indices(es, args.index_prefix)
    server = indexer = None
    try:
        database_url = start_postgresql(args.pg_port, pg_dir)
        settings = {
            "TECHPORT_ENV": "test",
            "TECHPORT_DATABASE_URL": database_url,
            "TECHPORT_ELASTICSEARCH_URL": args.elasticsearch,
            "TECHPORT_SEARCH_INDEX_PREFIX": args.index_prefix,
            "TECHPORT_EMBEDDINGS": args.embeddings,
            "TECHPORT_ATTACHMENT_DIR": str(workdir / "attachments"),
            "TECHPORT_SEARCH_LOG_DIR": str(workdir / "search-log"),
            "TECHPORT_LISTING_VIEWS_DIR": str(workdir / "listing-views"),
            "TECHPORT_DEV_MAIL_DIR": str(workdir / "mail"),
            # Every Locust user signs in from 127.0.0.1 and the firms send many inquiries: the per-address
            # and per-day limits would otherwise measure themselves.
            "TECHPORT_SIGN_IN_LIMIT_PER_ADDRESS": "100000 per minute",
            "TECHPORT_SIGN_IN_LIMIT_GLOBAL": "100000 per minute",
            "TECHPORT_INQUIRIES_PER_USER_PER_DAY": "1000000",
        }
        env = {**os.environ, **settings}
        os.environ.update(settings)
        app = create_app()
        rng = random.Random(19)
        with app.app_context():
            upgrade()
            seed_demo()
            organisation_ids = db.session.scalars(sa.select(Organisation.id)).all()
            started = time.perf_counter()
            rows = generated_rows(args.listings, organisation_ids)
            for start in range(0, len(rows), 5000):
                db.session.execute(sa.insert(Listing.__table__), rows[start : start + 5000])
            db.session.commit()
            print(f"generated {args.listings} listings into PostgreSQL in {time.perf_counter() - started:.1f} s")
            started = time.perf_counter()
            report = reindex(es, args.index_prefix, replicas=0)
            settle_outbox()
            print(f"indexed {report.loaded} listings in {time.perf_counter() - started:.1f} s")
            plan = build_plan(rng)
        plan_path = workdir / "plan.json"
        plan_path.write_text(json.dumps(plan, ensure_ascii=False))
        env["TECHPORT_LOAD_PLAN"] = str(plan_path)

        indexer = subprocess.Popen(
            [str(VENV_BIN / "techport"), "indexer", "run"],
            env=env,
            stdout=open(workdir / "indexer.log", "w"),
            stderr=subprocess.STDOUT,
        )
        drained = wait_until_drained(app)
        print(f"outbox drained before the load in {drained:.1f} s")

        base_url = f"http://127.0.0.1:{free_port()}"
        server = subprocess.Popen(
            [
                *(str(VENV_BIN / "gunicorn"), "-w", str(args.workers), "--threads", str(args.threads)),
                *("-b", base_url.removeprefix("http://"), "--log-level", "warning", "techport:create_app()"),
            ],
            env=env,
            stdout=open(workdir / "gunicorn.log", "w"),
            stderr=subprocess.STDOUT,
        )
        wait_until_serving(base_url, server)
        print(f"gunicorn: {args.workers} workers × {args.threads} threads at {base_url}; logs in {workdir}")

        steps = []
        for users in ramp:
            run_locust(base_url, env, users, args.step_seconds, workdir / f"ramp-{users}")
            steps.append((users, read_stats(workdir / f"ramp-{users}")[1]))
            print(f"ramp step {users} users: {steps[-1][1].requests_per_second:.1f} requests/s")
        run_locust(base_url, env, args.users, args.seconds, workdir / "mixed")
        rows, total = read_stats(workdir / "mixed")

        print(f"\n### Ramp ({args.step_seconds} s per step, {args.listings:,} listings)\n")
        print(ramp_table(steps))
        best = best_rate_under_limit(steps)
        print(
            "\nhighest rate with p95 < 300 ms: "
            + (f"{best[1]:.1f} requests/s ({best[0]} users)" if best else "none of the steps")
        )
        print(f"\n### Mixed load ({args.users} users, {args.seconds} s)\n")
        print(mixed_table(rows, total))
        print(f"\nerrors: {total.failures} of {total.requests} requests")
        for reason in failure_reasons(workdir / "mixed"):
            print(f"  {reason}")

        drained = wait_until_drained(app)
        stop(indexer)
        with app.app_context():
            differences = compare(es, alias_name(args.index_prefix))
            public = db.session.scalar(sa.select(sa.func.count()).select_from(Listing).where(Listing.is_public))
            edited = db.session.scalar(sa.select(sa.func.count()).select_from(Listing).where(Listing.version > 1))
        print(
            f"\nindex against database (outbox drained {drained:.1f} s after the load): {public} public listings, "
            f"{edited} edited; missing {len(differences.missing)}, stale {len(differences.stale)}, "
            f"extra {len(differences.extra)} ({'consistent' if not differences.visible() else 'INCONSISTENT'})"
        )
    finally:
        stop(server)
        stop(indexer)
        delete_indices(es, args.index_prefix)
        destroy_postgresql(args.pg_port, pg_dir)


if __name__ == "__main__":
    main()
