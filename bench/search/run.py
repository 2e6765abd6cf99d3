"""Search benchmark: latency of /api/v1/search with facets against Elasticsearch's own time, and throughput.

    .venv/bin/python bench/search/run.py [--listings 100000] [--rounds 5] [--seconds 20]

Needs the search node (scripts/esnode start). Builds a throwaway SQLite database with generated
listings and indexes them, serves the app with gunicorn (2 workers × 4 threads) on a free port, then
measures in one run, for the same queries with facets:
- p50 and p95 wall time of the same request bodies sent straight to Elasticsearch (the baseline);
- p50 and p95 wall time of GET /api/v1/search (target: p95 overhead ≤ 1.5× the baseline's p95);
- requests per second of /api/v1/search at concurrency 8.
"""

import argparse
import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

import sqlalchemy as sa
from elasticsearch import Elasticsearch
from flask_migrate import upgrade

from indexer.reindex import reindex
from techport import create_app
from techport.demo.seed import seed_demo
from techport.extensions import db
from techport.listings.models import Listing
from techport.organisations.models import Organisation
from techport.search.index import alias_name
from techport.search.query import SearchRequest, search_body

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from support import delete_indices, generated_rows, percentile  # noqa: E402

QUERIES = [
    ({"q": "may say ca phe"}, {}),
    ({"q": "máy sấy cà phê năng lượng mặt trời"}, {}),
    ({"q": "drone phun thuoc", "kind": "offer"}, {"kind": ["offer"]}),
    ({"q": "trí tuệ nhân tạo chẩn đoán hình ảnh", "sector": "ai"}, {"sector": ["ai"]}),
    ({"q": "xu ly nuoc thai", "trl": "7-9"}, {"trl": ["7-9"]}),
    (
        {"q": "robot hàn tự động", "kind": "need", "transfer_mode": "licence"},
        {"kind": ["need"], "transfer_mode": ["licence"]},
    ),
    (
        {"q": "giong lua chiu man", "sector": "smart_agriculture", "price": "100m-500m"},
        {"sector": ["smart_agriculture"], "price": ["100m-500m"]},
    ),
    ({"q": "cảm biến độ mặn"}, {}),
    ({"q": "vat lieu composite", "kind": "offer", "sector": "materials"}, {"kind": ["offer"], "sector": ["materials"]}),
    ({"q": "chuỗi khối truy xuất nguồn gốc", "trl": "4-6"}, {"trl": ["4-6"]}),
    ({"sector": "energy"}, {"sector": ["energy"]}),
    ({"q": "nuoi cay mo", "sort": "newest"}, {}),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def api_path(params: dict) -> str:
    return "/api/v1/search?" + urllib.parse.urlencode(params)


def timed_get(connection: http.client.HTTPConnection, path: str) -> float:
    started = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}: {body[:200]!r}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5, help="passes over the query list for the latency figures")
    parser.add_argument("--seconds", type=float, default=20, help="duration of the throughput run")
    parser.add_argument("--elasticsearch", default="http://127.0.0.1:9200")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="techport-search-bench-"))
    database_url = f"sqlite:///{workdir / 'bench.db'}"
    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    es = Elasticsearch(args.elasticsearch, request_timeout=120)
    app = create_app(
        {"TECHPORT_ENV": "test", "SQLALCHEMY_DATABASE_URI": database_url, "ELASTICSEARCH_URL": args.elasticsearch}
    )
    server = None
    try:
        with app.app_context():
            upgrade()
            seed_demo()
            organisation_ids = db.session.scalars(sa.select(Organisation.id)).all()
            rows = generated_rows(args.listings, organisation_ids)
            for start in range(0, len(rows), 5000):
                db.session.execute(sa.insert(Listing.__table__), rows[start : start + 5000])
            db.session.commit()
            reindex(es, prefix, replicas=0)
        print(f"indexed {args.listings} generated listings")

        port = free_port()
        env = {
            **os.environ,
            "TECHPORT_DATABASE_URL": database_url,
            "TECHPORT_ELASTICSEARCH_URL": args.elasticsearch,
            "TECHPORT_SEARCH_INDEX_PREFIX": prefix,
            "TECHPORT_ENV": "test",
        }
        gunicorn = Path(sys.executable).parent / "gunicorn"
        server = subprocess.Popen(
            [
                str(gunicorn),
                "-w",
                "2",
                "--threads",
                "4",
                "-b",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "techport:create_app()",
            ],
            env=env,
        )
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(100):
            try:
                timed_get(connection, api_path({"q": "warm up"}))
                break
            except (ConnectionError, OSError):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                time.sleep(0.2)

        raw_times, api_times = [], []
        for round_number in range(args.rounds + 1):
            for params, filters in QUERIES:
                request = SearchRequest(text=params.get("q", ""), filters=filters, sort=params.get("sort", "relevance"))
                body = search_body(request)
                started = time.perf_counter()
                es.search(index=alias_name(prefix), **body)
                raw = time.perf_counter() - started
                api = timed_get(connection, api_path(params))
                if round_number:  # the first round warms caches on both paths
                    raw_times.append(raw)
                    api_times.append(api)
        raw_p50, raw_p95 = statistics.median(raw_times), percentile(raw_times, 0.95)
        api_p50, api_p95 = statistics.median(api_times), percentile(api_times, 0.95)
        print(
            f"Elasticsearch alone ({len(raw_times)} requests): p50 {raw_p50 * 1000:.1f} ms, p95 {raw_p95 * 1000:.1f} ms"
        )
        print(
            f"/api/v1/search      ({len(api_times)} requests): p50 {api_p50 * 1000:.1f} ms, p95 {api_p95 * 1000:.1f} ms"
        )
        print(f"p95 overhead: {api_p95 / raw_p95:.2f}x (target <= 1.5x); p50 overhead: {api_p50 / raw_p50:.2f}x")

        completed = []
        deadline = time.perf_counter() + args.seconds

        def client_loop(offset: int) -> None:
            own = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            n = offset
            while time.perf_counter() < deadline:
                timed_get(own, api_path(QUERIES[n % len(QUERIES)][0]))
                completed.append(1)
                n += 1

        started = time.perf_counter()
        threads = [threading.Thread(target=client_loop, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        print(f"throughput at concurrency 8: {len(completed) / (time.perf_counter() - started):.1f} requests/s")
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        delete_indices(es, prefix)


if __name__ == "__main__":
    main()
