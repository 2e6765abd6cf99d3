"""Relevance harness: nDCG@10 and recall@10 of Techport's search and matching on a judged set.

    .venv/bin/python bench/relevance/run.py [--judgments bench/relevance/judgments.json]

Needs the search node (scripts/esnode start). Loads the demo listings (techport/demo/listings.jsonl)
into a throwaway database, indexes them twice, and scores the judged queries and need-to-supply cases:
- Techport: the project's index (folding, synonyms, English analysis) and its query builders;
- baseline: the same documents under Elasticsearch's standard analyzer, queried with a plain
  ``multi_match`` over the same text fields (for matching, the need's text, restricted to supply kinds).
Matching cases are published needs (``matching``) and free-text need descriptions (``need_texts``, through
``matching.match_text``, as ``POST /api/v1/match`` does).
Listings are judged by external id with grades 3 (meets it), 2 (partly), 1 (related); unjudged is 0.
nDCG uses gain = grade (the common definition). Scores are printed per query category; ``--save`` keeps
them in a JSON file and ``--compare`` prints a saved run (e.g. "before") beside this one.
Run with ``TECHPORT_EMBEDDINGS=off`` to measure the text ranking alone.
"""

import argparse
import json
import math
import sys
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa
from elasticsearch import Elasticsearch, helpers
from flask_migrate import upgrade

from indexer.reindex import reindex
from techport import create_app
from techport.demo.seed import seed_demo
from techport.extensions import db
from techport.listings.models import Listing
from techport.listings.transfer import import_lines
from techport.search import matching
from techport.search.documents import listing_document
from techport.search.matching import query_text
from techport.search.query import MAX_QUERY_LENGTH, SearchRequest
from techport.search.service import match_source, matches_for, search
from techport.search.vectors import ListingEmbedding

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from support import delete_indices, percentile  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[2]
BASELINE_TEXT_FIELDS = ["title", "summary", "description", "details", "keywords"]
K = 10


def dcg(grades: list[int]) -> float:
    return sum(grade / math.log2(position + 2) for position, grade in enumerate(grades[:K]))


def category(kind: str) -> str:
    """The judged query's category, from its free-text ``kind``."""
    if "long" in kind:
        return "long need"
    if "no diacritics" in kind:
        return "vi, no diacritics"
    if kind.startswith("en"):
        return "en"
    if "mixed" in kind:
        return "mixed vi/en"
    return "vi"


def ndcg(ranked: list[str], judged: dict[str, int]) -> float:
    ideal = dcg(sorted(judged.values(), reverse=True))
    return dcg([judged.get(external_id, 0) for external_id in ranked]) / ideal if ideal else 0.0


def recall(ranked: list[str], judged: dict[str, int]) -> float:
    relevant = {external_id for external_id, grade in judged.items() if grade > 0}
    return len(relevant & set(ranked[:K])) / len(relevant) if relevant else 0.0


def build_baseline_index(es: Elasticsearch, index: str, listings: list[Listing]) -> None:
    text = {"type": "text", "analyzer": "standard"}
    es.indices.create(
        index=index,
        settings={"number_of_shards": 1, "number_of_replicas": 0},
        mappings={"properties": {**{name: text for name in BASELINE_TEXT_FIELDS}, "kind": {"type": "keyword"}}},
    )
    helpers.bulk(
        es,
        (
            {
                "_index": index,
                "_id": str(listing.id),
                "_source": {name: document[name] for name in [*BASELINE_TEXT_FIELDS, "kind"]},
            }
            for listing in listings
            for document in [listing_document(listing)]
        ),
        refresh=True,
    )


def baseline_search(es: Elasticsearch, index: str, text: str, kinds: list[str] | None = None) -> list[int]:
    query = {"multi_match": {"query": text, "fields": BASELINE_TEXT_FIELDS}}
    if kinds:
        query = {"bool": {"must": [query], "filter": [{"terms": {"kind": kinds}}]}}
    return [int(hit["_id"]) for hit in es.search(index=index, query=query, size=K)["hits"]["hits"]]


def restore_embeddings(cache: Path) -> None:
    """Embeddings of earlier runs (the import gives the same ids); the reindex reuses those whose text hash fits."""
    if cache.exists():
        rows = json.loads(cache.read_text(encoding="utf-8"))
        db.session.add_all(
            ListingEmbedding(
                listing_id=row["listing_id"], text_hash=row["text_hash"], vector=bytes.fromhex(row["vector"])
            )
            for row in rows
        )
        db.session.commit()


def keep_embeddings(cache: Path) -> None:
    rows = db.session.scalars(sa.select(ListingEmbedding)).all()
    if rows:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(
            json.dumps(
                [{"listing_id": r.listing_id, "text_hash": r.text_hash, "vector": r.vector.hex()} for r in rows]
            ),
            encoding="utf-8",
        )


def score_rows(rows: dict, external_ids: dict[int, str], verbose: bool) -> dict[str, dict[str, float]]:
    """Mean nDCG@10 and recall@10 per category, for Techport and the baseline."""
    sums: dict[str, list[float]] = {}
    for task, cases in rows.items():
        for group, label, judged, ours, theirs in cases:
            ours_ids = [external_ids[listing_id] for listing_id in ours if listing_id in external_ids]
            theirs_ids = [external_ids[listing_id] for listing_id in theirs if listing_id in external_ids]
            values = [ndcg(ours_ids, judged), recall(ours_ids, judged), ndcg(theirs_ids, judged)]
            if verbose:
                print(f"  {task} {label!r}: techport nDCG {values[0]:.2f} / baseline {values[2]:.2f}")
            for name in (f"{task}: {group}", f"{task}: all"):
                totals = sums.setdefault(name, [0.0, 0.0, 0.0, 0.0])
                for position, value in enumerate(values):
                    totals[position] += value
                totals[3] += 1
    return {
        name: {"ndcg": ndcg_sum / n, "recall": recall_sum / n, "baseline_ndcg": base_sum / n, "cases": int(n)}
        for name, (ndcg_sum, recall_sum, base_sum, n) in sorted(sums.items())
    }


def print_table(scores: dict, previous: dict) -> None:
    print(f"{'category':34} {'cases':>5} {'baseline':>8} {'before':>7} {'nDCG@10':>7} {'change':>7} {'recall':>6}")
    for name, row in scores.items():
        before = previous.get(name, {}).get("ndcg")
        change = f"{row['ndcg'] - before:+.3f}" if before is not None else ""
        before_text = f"{before:.3f}" if before is not None else ""
        print(
            f"{name:34} {row['cases']:5} {row['baseline_ndcg']:8.3f} {before_text:>7} {row['ndcg']:7.3f} "
            f"{change:>7} {row['recall']:6.3f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--judgments", type=Path, default=Path(__file__).with_name("judgments.json"))
    parser.add_argument("--listings", type=Path, default=REPO_ROOT / "techport" / "demo" / "listings.jsonl")
    parser.add_argument("--elasticsearch", default="http://127.0.0.1:9200")
    parser.add_argument("--verbose", action="store_true", help="print every query's scores")
    parser.add_argument(
        "--embedding-cache",
        type=Path,
        default=REPO_ROOT / "var" / "relevance-embeddings.json",
        help="listing embeddings kept between runs, so only changed listings are encoded again",
    )
    parser.add_argument("--save", type=Path, help="write the per-category scores to this JSON file")
    parser.add_argument("--compare", type=Path, help="a file written by --save, printed as 'before'")
    args = parser.parse_args()
    judgments = json.loads(args.judgments.read_text(encoding="utf-8"))

    # Latency is measured here, not limited: a loaded machine must not turn slow answers into failures.
    matching.MATCHES_TIMEOUT_SECONDS = 60
    workdir = Path(tempfile.mkdtemp(prefix="techport-relevance-"))
    prefix = f"relevance-{uuid.uuid4().hex[:8]}"
    baseline_index = f"{prefix}-baseline"
    es = Elasticsearch(args.elasticsearch, request_timeout=60)
    app = create_app(
        {
            "TECHPORT_ENV": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'relevance.db'}",
            "SEARCH_INDEX_PREFIX": prefix,
            "SEARCH_TIMEOUT_SECONDS": 60,
        }
    )
    try:
        with app.app_context():
            upgrade()
            seed_demo()
            with args.listings.open(encoding="utf-8") as lines:
                report = import_lines(lines)
            if not report.ok:
                raise SystemExit(f"the demo listings did not import cleanly: {report.errors[:3]}")
            restore_embeddings(args.embedding_cache)
            reindex(es, prefix, replicas=0)
            keep_embeddings(args.embedding_cache)
            listings = db.session.scalars(sa.select(Listing).where(Listing.status == "published")).all()
            build_baseline_index(es, baseline_index, listings)
            external_ids = {listing.id: listing.external_id for listing in listings}
            by_external_id = {listing.external_id: listing for listing in listings}

            rows = {"search": [], "matching": []}
            latency = {"search": [], "matching": []}
            for case in judgments["search"]:
                started = time.perf_counter()
                results = search(SearchRequest(text=case["query"][:MAX_QUERY_LENGTH], page_size=K), es=es)
                latency["search"].append(time.perf_counter() - started)
                ours = [hit.listing_id for hit in results.hits]
                theirs = baseline_search(es, baseline_index, case["query"])
                rows["search"].append((category(case["kind"]), case["query"], case["judged"], ours, theirs))
            for case in judgments["matching"]:
                need = by_external_id[case["need"]]
                started = time.perf_counter()
                ours = [match.listing_id for match in matches_for(need, size=K, es=es)]
                latency["matching"].append(time.perf_counter() - started)
                theirs = [
                    listing_id
                    for listing_id in baseline_search(
                        es, baseline_index, query_text(match_source(need)), kinds=["offer", "ip_asset"]
                    )
                    if listing_id != need.id
                ]
                rows["matching"].append(("need → supply", case["need"], case["judged"], ours, theirs))
            match_text = getattr(matching, "match_text", None)
            for case in judgments.get("need_texts", []) if match_text else []:
                started = time.perf_counter()
                ours = [match.listing_id for match in match_text(case["need"], size=K, es=es)]
                latency["matching"].append(time.perf_counter() - started)
                theirs = baseline_search(es, baseline_index, case["need"], kinds=["offer", "ip_asset"])
                rows["matching"].append(("need text → supply", case["need"][:40], case["judged"], ours, theirs))

        scores = score_rows(rows, external_ids, verbose=args.verbose)
        previous = json.loads(args.compare.read_text(encoding="utf-8")) if args.compare else {}
        print_table(scores, previous)
        for task, seconds in latency.items():
            ordered = sorted(seconds)
            print(
                f"latency {task}: p50 {percentile(ordered, 0.5) * 1000:.0f} ms, p95 {percentile(ordered, 0.95) * 1000:.0f} ms "
                f"({len(ordered)} calls, semantic layer {app.config.get('EMBEDDINGS', 'none')})"
            )
        if args.save:
            args.save.write_text(json.dumps(scores, indent=1), encoding="utf-8")
    finally:
        delete_indices(es, prefix)


if __name__ == "__main__":
    main()
