"""Relevance harness: nDCG@10 and recall@10 of Techport's search and matching on a judged set.

    .venv/bin/python bench/relevance/run.py [--judgments bench/relevance/judgments.json]

Needs the search node (scripts/esnode start). Loads the demo listings (techport/demo/listings.jsonl)
into a throwaway database, indexes them twice, and scores the judged queries and need-to-supply cases:
- Techport: the project's index (folding, synonyms, English analysis) and its query builders;
- baseline: the same documents under Elasticsearch's standard analyzer, queried with a plain
  ``multi_match`` over the same text fields (for matching, the need's text, restricted to supply kinds).
Listings are judged by external id with grades 3 (meets it), 2 (partly), 1 (related); unjudged is 0.
"""

import argparse
import json
import math
import sys
import tempfile
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
from techport.search.documents import listing_document
from techport.search.index import alias_name
from techport.search.matching import match_body, query_text
from techport.search.query import SearchRequest, search_body
from techport.search.service import match_source

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from support import delete_indices  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[2]
BASELINE_TEXT_FIELDS = ["title", "summary", "description", "details", "keywords"]
K = 10


def dcg(grades: list[int]) -> float:
    return sum((2**grade - 1) / math.log2(position + 2) for position, grade in enumerate(grades[:K]))


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--judgments", type=Path, default=Path(__file__).with_name("judgments.json"))
    parser.add_argument("--listings", type=Path, default=REPO_ROOT / "techport" / "demo" / "listings.jsonl")
    parser.add_argument("--elasticsearch", default="http://127.0.0.1:9200")
    parser.add_argument("--verbose", action="store_true", help="print every query's scores")
    args = parser.parse_args()
    judgments = json.loads(args.judgments.read_text(encoding="utf-8"))

    workdir = Path(tempfile.mkdtemp(prefix="techport-relevance-"))
    prefix = f"relevance-{uuid.uuid4().hex[:8]}"
    baseline_index = f"{prefix}-baseline"
    es = Elasticsearch(args.elasticsearch, request_timeout=60)
    app = create_app({"TECHPORT_ENV": "test", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'relevance.db'}"})
    try:
        with app.app_context():
            upgrade()
            seed_demo()
            with args.listings.open(encoding="utf-8") as lines:
                report = import_lines(lines)
            if not report.ok:
                raise SystemExit(f"the demo listings did not import cleanly: {report.errors[:3]}")
            reindex(es, prefix, replicas=0)
            listings = db.session.scalars(sa.select(Listing).where(Listing.status == "published")).all()
            build_baseline_index(es, baseline_index, listings)
            external_ids = {listing.id: listing.external_id for listing in listings}
            by_external_id = {listing.external_id: listing for listing in listings}

            rows = {"search": [], "matching": []}
            for case in judgments["search"]:
                body = search_body(SearchRequest(text=case["query"], page_size=K))
                ours = [int(hit["_id"]) for hit in es.search(index=alias_name(prefix), **body)["hits"]["hits"]]
                theirs = baseline_search(es, baseline_index, case["query"])
                rows["search"].append((case["query"], case["judged"], ours, theirs))
            for case in judgments["matching"]:
                need = by_external_id[case["need"]]
                ours = [
                    int(hit["_id"])
                    for hit in es.search(index=alias_name(prefix), **match_body(match_source(need), size=K))["hits"][
                        "hits"
                    ]
                ]
                theirs = [
                    listing_id
                    for listing_id in baseline_search(
                        es, baseline_index, query_text(match_source(need)), kinds=["offer", "ip_asset"]
                    )
                    if listing_id != need.id
                ]
                rows["matching"].append((case["need"], case["judged"], ours, theirs))

        for task, cases in rows.items():
            totals = {"techport": [0.0, 0.0], "baseline": [0.0, 0.0]}
            for label, judged, ours, theirs in cases:
                ours_ids = [external_ids[listing_id] for listing_id in ours if listing_id in external_ids]
                theirs_ids = [external_ids[listing_id] for listing_id in theirs if listing_id in external_ids]
                scores = {
                    "techport": (ndcg(ours_ids, judged), recall(ours_ids, judged)),
                    "baseline": (ndcg(theirs_ids, judged), recall(theirs_ids, judged)),
                }
                for system, (ndcg_value, recall_value) in scores.items():
                    totals[system][0] += ndcg_value
                    totals[system][1] += recall_value
                if args.verbose:
                    print(
                        f"  {task} {label!r}: techport nDCG {scores['techport'][0]:.2f} / baseline {scores['baseline'][0]:.2f}"
                    )
            count = len(cases)
            ours_ndcg, ours_recall = (value / count for value in totals["techport"])
            base_ndcg, base_recall = (value / count for value in totals["baseline"])
            gain = (ours_ndcg / base_ndcg - 1) * 100 if base_ndcg else float("inf")
            print(
                f"{task:9} ({count} cases): nDCG@10 techport {ours_ndcg:.3f} vs baseline {base_ndcg:.3f} ({gain:+.0f}%, target >= +25%); "
                f"recall@10 techport {ours_recall:.3f} vs baseline {base_recall:.3f}"
            )
    finally:
        delete_indices(es, prefix)


if __name__ == "__main__":
    main()
