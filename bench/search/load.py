"""Loading the benchmark corpus: rows into the database, documents straight into a fresh index.

Documents are built from the generated rows (the fields ``techport.search.documents.listing_document``
makes), not read back through the ORM, so that a million listings load within the benchmark's time;
``check_documents`` compares a sample with ``listing_document`` so the two cannot drift apart. The
index loads with no replicas and no refresh, in large bulk chunks, then gets its serving settings back.
"""

import time
from collections.abc import Callable, Iterator

import numpy as np
import sqlalchemy as sa
from corpus import corpus_rows
from elasticsearch import Elasticsearch, helpers
from flask_migrate import upgrade

from techport.demo.seed import seed_demo
from techport.extensions import db
from techport.listings.models import Listing
from techport.organisations.models import Organisation
from techport.search.documents import listing_document, organisation_document
from techport.search.index import create_index, finish_loading, new_index_name, point_alias

INSERT_CHUNK = 5000
BULK_CHUNK = 2000
BULK_BYTES = 50 * 1024 * 1024
BULK_THREADS = 2


def organisation_documents() -> dict[int, dict]:
    return {
        organisation.id: organisation_document(organisation)
        for organisation in db.session.scalars(sa.select(Organisation))
    }


def insert_rows(rows: list[dict]) -> int:
    """Insert the rows with ids after the existing listings'; returns the first id (row n gets first + n)."""
    first = (db.session.scalar(sa.select(sa.func.max(Listing.id))) or 0) + 1
    for start in range(0, len(rows), INSERT_CHUNK):
        chunk = [{**row, "id": first + start + n} for n, row in enumerate(rows[start : start + INSERT_CHUNK])]
        db.session.execute(sa.insert(Listing.__table__), chunk)
    db.session.commit()
    return first


def row_document(listing_id: int, row: dict, organisations: dict[int, dict]) -> dict:
    is_need = row["kind"] == "need"
    return {
        "listing_id": listing_id,
        "public": True,
        "kind": row["kind"],
        "offer_type": None if is_need else row["offer_type"],
        "language": row["language"],
        "title": row["title"],
        "summary": row["summary"],
        "description": row["description"],
        "details": row["specification_sought"] if is_need else row["advantages"],
        "keywords": row["keywords"],
        "trl": row["trl"],
        "sectors": row["sectors"],
        "transfer_modes": row["transfer_modes"],
        "price_vnd": row["price_vnd"],
        "price_negotiable": row["price_negotiable"],
        "ip_type": None,
        "legal_status": None,
        "inventors": [],
        "organisation": organisations[row["organisation_id"]],
        "url_slug": f"{listing_id}-{row['slug']}",
        "published_on": row["published_on"].isoformat(),
        "expires_on": row["expires_on"].isoformat(),
        "version": row["version"],
    }


def check_documents(rows: list[dict], first_id: int, organisations: dict[int, dict], sample: int = 20) -> None:
    """Fail loudly if the documents built here differ from what the indexer would build."""
    step = max(1, len(rows) // sample)
    for n in range(0, len(rows), step):
        listing = db.session.get(Listing, first_id + n)
        expected = listing_document(listing)
        actual = row_document(first_id + n, rows[n], organisations)
        if expected != actual:
            differing = sorted(key for key in expected if expected[key] != actual.get(key))
            raise AssertionError(f"listing {first_id + n}: generated document differs in {differing}")


def _actions(
    index: str,
    rows: list[dict],
    first_id: int,
    organisations: dict[int, dict],
    vectors: np.ndarray | None,
    sources: list[int] | None,
) -> Iterator[dict]:
    for n, row in enumerate(rows):
        document = row_document(first_id + n, row, organisations)
        if vectors is not None:
            document["embedding"] = vectors[sources[n]].tolist()
        yield {"_index": index, "_id": first_id + n, "_source": document, "version": 1, "version_type": "external"}


def load_index(
    es: Elasticsearch,
    prefix: str,
    rows: list[dict],
    first_id: int,
    organisations: dict[int, dict],
    vectors: np.ndarray | None = None,
    sources: list[int] | None = None,
    shards: int = 1,
) -> float:
    """Bulk-load a fresh index behind the prefix's alias; returns the seconds it took, refresh included.
    Its request cache is off, so that a benchmark repeating its queries measures the work each one costs."""
    started = time.perf_counter()
    index = new_index_name(prefix)
    create_index(es, index, replicas=0, shards=shards, loading=True)
    for ok, item in helpers.parallel_bulk(
        es,
        _actions(index, rows, first_id, organisations, vectors, sources),
        thread_count=BULK_THREADS,
        chunk_size=BULK_CHUNK,
        max_chunk_bytes=BULK_BYTES,
        request_timeout=600,
    ):
        if not ok:
            raise RuntimeError(f"bulk refused a document: {item}")
    finish_loading(es, index, replicas=0)
    es.indices.put_settings(index=index, settings={"index.requests.cache.enable": False})
    point_alias(es, prefix, index)
    return time.perf_counter() - started


def build_corpus(
    app,
    es: Elasticsearch,
    prefix: str,
    listings: int,
    pool: Callable[[], np.ndarray] | None = None,
    shards: int = 1,
) -> None:
    """A fresh database with the demo seed and ``listings`` generated rows, and their index in ``shards``
    primary shards; ``pool`` gives one embedding per demo listing for a corpus with kNN vectors. Prints how
    long each step took."""
    with app.app_context():
        upgrade()
        seed_demo()
        organisation_ids = db.session.scalars(sa.select(Organisation.id)).all()
        sources: list[int] = []
        started = time.perf_counter()
        rows = corpus_rows(listings, organisation_ids, sources=sources)
        generated = time.perf_counter() - started
        started = time.perf_counter()
        first_id = insert_rows(rows)
        inserted = time.perf_counter() - started
        organisations = organisation_documents()
        check_documents(rows, first_id, organisations)
        vectors = pool() if pool else None
        loaded = load_index(es, prefix, rows, first_id, organisations, vectors, sources, shards)
    print(
        f"{listings} listings: generated in {generated:.0f} s, inserted into SQLite in {inserted:.0f} s, "
        f"indexed in {loaded:.0f} s ({listings / loaded:.0f} documents/s; documents built straight from the "
        "generated rows, checked against the indexer's on a sample; bulk, refresh off, no replicas)"
    )
