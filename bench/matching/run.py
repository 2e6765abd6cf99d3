"""Matching benchmark: how long a listing's matches take on the realistic corpus, and what each part of the
match request costs.

    .venv/bin/python bench/matching/run.py [--listings 20000] [--sample 60] [--profile] [--shards N]
        [--elasticsearch URL]

Needs a search node (scripts/esnode start). Builds a throwaway SQLite database with generated listings and
loads their documents straight into a fresh index (as bench/search does), then, for a sample of needs and
offers, prints p50 and p95 of:
- the match request body sent alone to Elasticsearch: as it was before (every field, lifting clauses over
  every match, highlight by the whole query), as it is, and without each part (highlight, rescoring), so the
  cost of each part shows beside the whole;
- ``matches_for`` end to end (the listing page's match section and the matches API call it), the baseline
  being its own body sent alone;
- with ``--profile``, where Elasticsearch spends its time on the whole body (the profile API).
"""

import argparse
import os
import random
import shutil
import signal
import sys
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa
from elasticsearch import Elasticsearch

from techport import create_app
from techport.extensions import db
from techport.listings.models import Listing
from techport.search.engine import SearchUnavailable
from techport.search.index import alias_name
from techport.search.matching import MATCH_FIELDS, MATCH_WINDOW, match_body, match_source, matches_for
from techport.search.reasons import WORD_HIGHLIGHT_FIELDS

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "search"))
from bodies import profile_summary  # noqa: E402
from load import build_corpus  # noqa: E402
from support import delete_indices, print_latencies  # noqa: E402


def previous_body(body: dict) -> dict:
    """The body as it was before issue 19's matching changes: the text matched on every field whatever the
    listing's language, the lifting clauses scored over every match (not a rescore of the top candidates), the
    text fields highlighted by the whole query, the word fields by one query over all of them."""
    text_match = {**body["query"]["bool"]["must"][0]["multi_match"], "fields": MATCH_FIELDS}
    text = text_match["query"]
    lifting = body["rescore"]["query"]["rescore_query"]["bool"]["should"]
    query = {
        **body["query"]["bool"],
        "must": [{"multi_match": text_match}],
        "should": [*lifting, *body["query"]["bool"]["should"]],
    }
    fields = {}
    for name, options in body["highlight"]["fields"].items():
        options = {key: value for key, value in options.items() if key != "highlight_query"}
        if name in WORD_HIGHLIGHT_FIELDS:
            options["highlight_query"] = {"multi_match": {"query": text, "fields": list(WORD_HIGHLIGHT_FIELDS)}}
        fields[name] = options
    previous = {key: value for key, value in body.items() if key != "rescore"}
    return {**previous, "query": {"bool": query}, "highlight": {**body["highlight"], "fields": fields}}


def without_highlight(body: dict) -> dict:
    return {key: value for key, value in body.items() if key != "highlight"}


def without_rescoring(body: dict) -> dict:
    return {key: value for key, value in without_highlight(body).items() if key != "rescore"}


VARIANTS = {
    "previous body": previous_body,
    "whole body": lambda body: body,
    "without highlight": without_highlight,
    "without highlight and rescoring": without_rescoring,
}


def body_latencies(es: Elasticsearch, index: str, bodies: list[dict]) -> list[float]:
    times = []
    for body in bodies:
        started = time.perf_counter()
        es.options(request_timeout=30).search(index=index, **body)
        times.append(time.perf_counter() - started)
    return times


def service_latencies(listings: list[Listing]) -> tuple[list[float], int]:
    """Seconds per listing, and how many ran past matching's budget (the page then says it is unavailable)."""
    times, over_budget = [], 0
    for listing in listings:
        started = time.perf_counter()
        try:
            matches_for(listing, size=11)
        except SearchUnavailable:
            over_budget += 1
        times.append(time.perf_counter() - started)
    return times, over_budget


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listings", type=int, default=20_000)
    parser.add_argument("--sample", type=int, default=60, help="listings matched (half needs, half offers)")
    parser.add_argument("--elasticsearch", default="http://127.0.0.1:9200")
    parser.add_argument("--profile", action="store_true", help="print where Elasticsearch spends its time")
    parser.add_argument("--shards", type=int, default=1, help="primary shards of the index (TECHPORT_SEARCH_SHARDS)")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="techport-matching-bench-"))
    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    os.environ["TECHPORT_EMBEDDINGS"] = "off"
    app = create_app(
        {
            "TECHPORT_ENV": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'bench.db'}",
            "ELASTICSEARCH_URL": args.elasticsearch,
            "SEARCH_INDEX_PREFIX": prefix,
        }
    )
    es = Elasticsearch(args.elasticsearch, request_timeout=120)
    try:
        build_corpus(app, es, prefix, args.listings, shards=args.shards)
        with app.app_context():
            rng = random.Random(7)
            sample = []
            for kind in ("need", "offer"):
                ids = db.session.scalars(sa.select(Listing.id).where(Listing.kind == kind, Listing.is_public)).all()
                sample += rng.sample(ids, min(len(ids), args.sample // 2))
            listings = [db.session.get(Listing, listing_id) for listing_id in sample]
            bodies = [match_body(match_source(listing), size=MATCH_WINDOW) for listing in listings]
            index = alias_name(prefix)
            body_latencies(es, index, bodies[:10])  # warm the caches
            print(f"match requests of {len(listings)} listings (window {MATCH_WINDOW}), one client:")
            baseline = {
                label: print_latencies(
                    f"Elasticsearch alone, {label}", body_latencies(es, index, [change(b) for b in bodies])
                )
                for label, change in VARIANTS.items()
            }
            times, over_budget = service_latencies(listings)
            p95 = print_latencies("matches_for (the listing page's match section)", times)
            print(
                f"  p95 matches_for / whole body alone: {p95 / baseline['whole body']:.2f}x; past the budget: {over_budget}"
            )
            if args.profile:
                responses = [es.search(index=index, body={**body, "profile": True}) for body in bodies[:20]]
                print("where Elasticsearch spends its time (whole body, 20 listings):")
                for label, milliseconds in profile_summary(responses)[:12]:
                    print(f"  {label:<70} {milliseconds / len(responses):8.1f} ms per request")
    finally:
        delete_indices(es, prefix)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    main()
