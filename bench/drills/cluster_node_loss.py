"""Drill: a 3-node cluster loses a node, then restarts each node in turn, while searches and edits keep running.

    .venv/bin/python bench/drills/cluster_node_loss.py [--listings 20000] [--down-seconds 20]

Uses the loopback cluster of ``scripts/esnode cluster`` (started here, and stopped at the end, when it is
not running). Builds a throwaway SQLite database with generated listings, indexes them with Techport's
reindex at one replica, and talks to the cluster through Techport's own client given every node's URL.
Searcher threads call Techport's search service, writer threads edit and withdraw listings, and the
outbox worker indexes the changes. Then: one node is killed (SIGKILL; the one holding the index's
primary) and started again after ``--down-seconds``; once green, the edits pause until the outbox is
drained and the index is compared with the database; then a rolling restart (each node stopped
gracefully and started again, waiting for green in between), compared again. Prints one table.
"""

import argparse
import logging
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from elasticsearch import ApiError, TransportError
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
from techport.search.client import search_client
from techport.search.engine import SearchUnavailable
from techport.search.index import alias_name
from techport.search.outbox import OutboxEntry, OutboxStatus
from techport.search.query import SearchRequest
from techport.search.service import search

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from support import delete_indices, generated_rows, percentile, settle_outbox  # noqa: E402

ESNODE = Path(__file__).resolve().parents[2] / "scripts" / "esnode"
NODES = 3
QUERIES = ("máy sấy", "drone phun thuốc", "xu ly nuoc thai", "robot hàn", "giống lúa chịu mặn", "cảm biến")
SEARCH_PAUSE_SECONDS = 0.1
EDIT_PAUSE_SECONDS = 0.05
SAMPLE_SECONDS = 0.25


def esnode(*arguments: str) -> None:
    subprocess.run([str(ESNODE), "cluster", *arguments], check=True, stdout=subprocess.DEVNULL)


@dataclass
class Records:
    """Timestamps (time.monotonic) of what the load threads did; appended from several threads."""

    searched: list[tuple[float, float]] = field(default_factory=list)  # (finished at, seconds)
    failed: list[float] = field(default_factory=list)
    database_busy: list[float] = field(default_factory=list)  # SQLite's lock outwaited by a search or an edit
    # The same queries sent straight to the cluster through Techport's client: the engine without the database.
    engine_searched: list[float] = field(default_factory=list)
    engine_failed: list[float] = field(default_factory=list)
    engine_partial: list[float] = field(default_factory=list)  # answered, but some shard failed
    edited: list[float] = field(default_factory=list)
    indexed: list[tuple[float, int, int]] = field(default_factory=list)  # (at, done rows, pending rows)


@dataclass
class Phase:
    name: str
    started: float
    ended: float = 0.0
    notes: list[str] = field(default_factory=list)


class Load:
    """Searcher and writer threads plus a sampler of the outbox; writers can pause so the outbox drains."""

    def __init__(self, app, listing_ids: list[int], searchers: int, writers: int):
        self.app, self.listing_ids = app, listing_ids
        self.records = Records()
        self.stopping = threading.Event()
        # Held by a writer for each edit; whoever holds it in between has the edits paused, none half done.
        self.edit_gate = threading.Lock()
        self.threads = [threading.Thread(target=self._search, args=(seed,)) for seed in range(searchers)]
        self.threads.append(threading.Thread(target=self._search_engine))
        self.threads += [threading.Thread(target=self._edit, args=(seed,)) for seed in range(writers)]
        self.threads.append(threading.Thread(target=self._sample))

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def stop(self) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=60)

    def _search(self, seed: int) -> None:
        rng = random.Random(seed)
        with self.app.app_context():
            while not self.stopping.is_set():
                started = time.monotonic()
                try:
                    search(SearchRequest(text=rng.choice(QUERIES)))
                    finished = time.monotonic()
                    self.records.searched.append((finished, finished - started))
                except SearchUnavailable:
                    self.records.failed.append(time.monotonic())
                except sa.exc.SQLAlchemyError:
                    self.records.database_busy.append(time.monotonic())
                db.session.rollback()
                self.stopping.wait(SEARCH_PAUSE_SECONDS)

    def _search_engine(self) -> None:
        rng = random.Random(500)
        es, alias = search_client(self.app), alias_name(self.app.config["SEARCH_INDEX_PREFIX"])
        while not self.stopping.is_set():
            query = {"match": {"title": rng.choice(QUERIES)}}
            try:
                response = es.options(request_timeout=5).search(index=alias, query=query, size=20)
                moment = time.monotonic()
                self.records.engine_searched.append(moment)
                if response["_shards"]["failed"]:
                    self.records.engine_partial.append(moment)
            except (ApiError, TransportError):
                self.records.engine_failed.append(time.monotonic())
            self.stopping.wait(SEARCH_PAUSE_SECONDS)

    def _edit(self, seed: int) -> None:
        rng = random.Random(1000 + seed)
        with self.app.app_context():
            while not self.stopping.is_set():
                with self.edit_gate:
                    self._edit_one(rng)
                self.stopping.wait(EDIT_PAUSE_SECONDS)

    def _edit_one(self, rng: random.Random) -> None:
        try:
            listing = db.session.get(Listing, rng.choice(self.listing_ids))
            if rng.random() < 0.2:
                listing.status = ListingStatus.ARCHIVED if listing.is_public else ListingStatus.PUBLISHED
            else:
                listing.title = f"{listing.title.split(' #')[0]} #{rng.randint(0, 10**6)}"
            db.session.commit()
            self.records.edited.append(time.monotonic())
        except sa.exc.SQLAlchemyError:
            db.session.rollback()
            self.records.database_busy.append(time.monotonic())

    def _sample(self) -> None:
        done_rows = sa.select(sa.func.count()).where(OutboxEntry.status == OutboxStatus.DONE)
        with self.app.app_context():
            while not self.stopping.is_set():
                try:
                    status = outbox_status()
                    self.records.indexed.append((time.monotonic(), db.session.scalar(done_rows), status.pending))
                except sa.exc.SQLAlchemyError:
                    pass
                db.session.rollback()
                self.stopping.wait(SAMPLE_SECONDS)


def longest_gap(moments: list[float], started: float, ended: float) -> tuple[float, float]:
    """The longest wait between two moments of the phase, and when (seconds into the phase) it began."""
    inside = sorted(moment for moment in moments if started <= moment <= ended)
    edges = [started, *inside, ended]
    gap, earlier = max((later - earlier, earlier) for earlier, later in zip(edges, edges[1:], strict=False))
    return gap, earlier - started


def longest_indexing_stall(samples: list[tuple[float, int, int]], started: float, ended: float) -> float:
    """Longest time the outbox had pending rows and the done count did not move."""
    stall, since, last_done = 0.0, None, None
    for at, done, pending in (sample for sample in samples if started <= sample[0] <= ended):
        if last_done is not None and done == last_done and pending:
            since = since if since is not None else at
            stall = max(stall, at - since)
        else:
            since = None
        last_done = done
    return stall


def phase_figures(records: Records, phase: Phase) -> dict[str, str]:
    started, ended = phase.started, phase.ended
    searched = [entry for entry in records.searched if started <= entry[0] <= ended]
    latencies = [seconds for _, seconds in searched] or [0.0]
    indexed = [sample for sample in records.indexed if started <= sample[0] <= ended]
    gap, gap_at = longest_gap([at for at, _ in searched], started, ended)
    return {
        "seconds": f"{ended - started:.0f}",
        "searches ok": str(len(searched)),
        "searches failed": str(sum(started <= moment <= ended for moment in records.failed)),
        "longest gap between answers (s)": f"{gap:.2f} (from +{gap_at:.0f} s)",
        "engine searches ok / failed / partial": " / ".join(
            str(sum(started <= moment <= ended for moment in moments))
            for moments in (records.engine_searched, records.engine_failed, records.engine_partial)
        ),
        "engine: longest gap between answers (s)": f"{longest_gap(records.engine_searched, started, ended)[0]:.2f}",
        "search p50 / p95 (ms)": f"{percentile(latencies, 0.5) * 1000:.0f} / {percentile(latencies, 0.95) * 1000:.0f}",
        "edits committed": str(sum(started <= moment <= ended for moment in records.edited)),
        "longest gap between edits (s)": f"{longest_gap(records.edited, started, ended)[0]:.2f}",
        "database busy (SQLite lock)": str(sum(started <= moment <= ended for moment in records.database_busy)),
        "outbox rows indexed": str(indexed[-1][1] - indexed[0][1] if indexed else 0),
        "longest indexing stall (s)": f"{longest_indexing_stall(records.indexed, started, ended):.1f}",
    }


def warm_up(load: Load, limit_seconds: float = 120) -> None:
    """Until searches answer and edits commit: the steady phase measures the cluster, not the first queries'
    compilation and caches."""
    deadline = time.monotonic() + limit_seconds
    while time.monotonic() < deadline:
        if len(load.records.searched) >= 10 and len(load.records.engine_searched) >= 5 and load.records.edited:
            return
        time.sleep(0.5)


def wait_green(es) -> float:
    started = time.monotonic()
    es.options(request_timeout=200).cluster.health(wait_for_status="green", wait_for_nodes=NODES, timeout="180s")
    return time.monotonic() - started


def primary_node(es, index: str) -> int:
    shards = es.cat.shards(index=index, format="json", h="prirep,node")
    name = next(shard["node"] for shard in shards if shard["prirep"] == "p")
    return int(name.rsplit("-", 1)[1])


def master_node(es) -> int:
    return int(es.cat.master(format="json")[0]["node"].rsplit("-", 1)[1])


def drain(app, limit_seconds: float = 300) -> float:
    """Seconds until the worker has emptied the outbox (or the limit passed)."""
    with app.app_context():
        started = time.monotonic()
        while time.monotonic() < started + limit_seconds:
            try:
                if not outbox_status().pending:
                    break
            except sa.exc.OperationalError:
                pass  # SQLite's lock outwaited: ask again
            db.session.rollback()
            time.sleep(0.25)
        db.session.rollback()
        return time.monotonic() - started


def converged(app, es, load: Load, prefix: str) -> str:
    """Pause the edits, let the worker drain the outbox, and compare every listing's version with the index."""
    with load.edit_gate:
        drained = drain(app)
        with app.app_context():
            differences = compare(es, alias_name(prefix))
    examples = dict(list(differences.visible().items())[:3])
    return (
        f"drained in {drained:.1f} s; missing {len(differences.missing)}, stale {len(differences.stale)}, "
        f"extra {len(differences.extra)}" + (f" (listing: (database, index) versions {examples})" if examples else "")
    )


def build_database(app, es, listings: int, prefix: str) -> list[int]:
    with app.app_context():
        upgrade()
        seed_demo()
        organisation_ids = db.session.scalars(sa.select(Organisation.id)).all()
        rows = generated_rows(listings, organisation_ids)
        for start in range(0, len(rows), 5000):
            db.session.execute(sa.insert(Listing.__table__), rows[start : start + 5000])
        db.session.commit()
        started = time.monotonic()
        report = reindex(es, prefix, replicas=1)
        print(f"reindexed {report.loaded} listings at 1 replica in {time.monotonic() - started:.1f} s")
        settle_outbox()
        return db.session.scalars(sa.select(Listing.id)).all()


def node_loss(es, index: str, down_seconds: float) -> Phase:
    victim, master = primary_node(es, index), master_node(es)
    phase = Phase("node loss", time.monotonic())
    esnode("kill-node", str(victim))
    time.sleep(down_seconds)
    restarted = time.monotonic()
    esnode("start-node", str(victim))
    answering = time.monotonic()
    to_green = wait_green(es)
    phase.ended = time.monotonic()
    role = "primary and master" if victim == master else "primary"
    phase.notes.append(
        f"killed node {victim} ({role}) at +0 s; restarted at +{restarted - phase.started:.0f} s, answering at "
        f"+{answering - phase.started:.0f} s, green at +{phase.ended - phase.started:.0f} s ({to_green:.1f} s later)"
    )
    return phase


def rolling_restart(es) -> Phase:
    phase = Phase("rolling restart", time.monotonic())
    for number in range(1, NODES + 1):
        stopped = time.monotonic()
        esnode("stop-node", str(number))
        esnode("start-node", str(number))
        answering = time.monotonic()
        wait_green(es)
        phase.notes.append(
            f"node {number} stopped at +{stopped - phase.started:.0f} s, answering at "
            f"+{answering - phase.started:.0f} s, green at +{time.monotonic() - phase.started:.0f} s"
        )
    phase.ended = time.monotonic()
    return phase


def print_table(records: Records, phases: list[Phase], checks: dict[str, str]) -> None:
    figures = [phase_figures(records, phase) for phase in phases]
    print("| figure | " + " | ".join(phase.name for phase in phases) + " |")
    print("|---|" + "---:|" * len(phases))
    for name in figures[0]:
        print(f"| {name} | " + " | ".join(column[name] for column in figures) + " |")
    print("| index vs database after | " + " | ".join(checks.get(phase.name, "") for phase in phases) + " |")
    for phase in phases:
        for note in phase.notes:
            print(f"- {phase.name}: {note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listings", type=int, default=20_000)
    parser.add_argument("--searchers", type=int, default=4)
    parser.add_argument("--writers", type=int, default=2)
    parser.add_argument("--steady-seconds", type=float, default=15)
    parser.add_argument("--down-seconds", type=float, default=20)
    args = parser.parse_args()

    base_port = int(os.environ.get("ESNODE_CLUSTER_PORT", "9280"))
    urls = ",".join(f"http://127.0.0.1:{base_port + number}" for number in range(1, NODES + 1))
    workdir = Path(tempfile.mkdtemp(prefix="techport-cluster-drill-"))
    prefix = f"drill-{uuid.uuid4().hex[:8]}"
    app = create_app(
        {
            "TECHPORT_ENV": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'drill.db'}",
            "ELASTICSEARCH_URL": urls,
            "SEARCH_INDEX_PREFIX": prefix,
            "SEARCH_REPLICAS": 1,
            "EMBEDDINGS": "off",
            "INDEXER_POLL_SECONDS": 0.05,
        }
    )
    # The client logs each request a dead node refused before it retried on another; the table counts what matters.
    logging.getLogger("elastic_transport").setLevel(logging.ERROR)
    es = search_client(app)
    started_cluster = subprocess.run([str(ESNODE), "cluster", "status"], capture_output=True).returncode != 0
    if started_cluster:
        esnode("start", str(NODES))
    worker = Worker(app)
    worker_thread = threading.Thread(target=worker.run, daemon=True)
    load = None
    try:
        wait_green(es)
        listing_ids = build_database(app, es, args.listings, prefix)
        wait_green(es)
        index = next(iter(es.indices.get_alias(name=alias_name(prefix))))
        worker_thread.start()
        load = Load(app, listing_ids, args.searchers, args.writers)
        load.start()
        warm_up(load)
        steady = Phase("steady", time.monotonic())
        time.sleep(args.steady_seconds)
        steady.ended = time.monotonic()
        phases, checks = [steady], {}
        phases.append(node_loss(es, index, args.down_seconds))
        checks["node loss"] = converged(app, es, load, prefix)
        phases.append(rolling_restart(es))
        checks["rolling restart"] = converged(app, es, load, prefix)
        load.stop()
        print_table(load.records, phases, checks)
    finally:
        if load is not None:
            load.stop()
        worker.stop()
        worker_thread.join(timeout=30)
        delete_indices(es, prefix)
        if started_cluster:
            esnode("stop")


if __name__ == "__main__":
    main()
