"""Helpers for indexer tests: generated listings, waiting, and comparing the index with the database."""

import json
import time
from collections.abc import Callable

from elasticsearch import Elasticsearch
from elasticsearch.helpers import scan

from techport.extensions import db
from techport.listings.models import Listing
from techport.listings.transfer import import_lines
from techport.search.index import alias_name


def listing_record(external_id: str, title: str, status: str = "published", organisation: str = "hcmut") -> dict:
    return {
        "external_id": external_id,
        "organisation": organisation,
        "kind": "offer",
        "status": status,
        "language": "vi",
        "title": title,
        "summary": "Tóm tắt công nghệ dùng trong kiểm thử bộ lập chỉ mục.",
        "description": "Mô tả chi tiết công nghệ dùng trong kiểm thử bộ lập chỉ mục.",
        "trl": 5,
        "sectors": ["manufacturing"],
        "transfer_modes": ["licence"],
    }


def import_records(records: list[dict]) -> None:
    report = import_lines([json.dumps(record, ensure_ascii=False) for record in records])
    assert report.ok, report.errors


def wait_until(condition: Callable[[], bool], timeout: float, interval: float = 0.1) -> float:
    """Poll ``condition`` until true; returns the seconds it took, fails the test after ``timeout``."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if condition():
            return time.monotonic() - started
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")


def indexed_documents(es: Elasticsearch, prefix: str) -> dict[int, tuple[int, str]]:
    """The public documents behind the alias (the "not public" stand-ins are left out)."""
    es.indices.refresh(index=alias_name(prefix))
    query = {"query": {"term": {"public": True}}, "version": True}
    return {
        int(hit["_id"]): (hit["_version"], hit["_source"]["title"])
        for hit in scan(es, index=alias_name(prefix), query=query)
    }


def expected_documents() -> dict[int, tuple[int, str]]:
    db.session.rollback()
    listings = db.session.scalars(db.select(Listing)).all()
    return {listing.id: (listing.version, listing.title) for listing in listings if listing.is_public}


def assert_index_matches_database(es: Elasticsearch, prefix: str) -> None:
    """Document by document: every published listing is indexed at its current version, nothing else is."""
    assert indexed_documents(es, prefix) == expected_documents()


def drain_outbox(es: Elasticsearch, prefix: str, max_attempts: int = 3, **options) -> None:
    """Run worker batches until no pending row is due (inside an app context)."""
    from indexer.worker import process_batch

    while process_batch(es, prefix, batch_size=10_000, max_attempts=max_attempts, **options).claimed:
        pass


def outbox_rows(listing_id: int) -> list:
    from techport.search.outbox import OutboxEntity, OutboxEntry

    db.session.rollback()
    query = db.select(OutboxEntry).where(
        OutboxEntry.entity == OutboxEntity.LISTING, OutboxEntry.entity_id == listing_id
    )
    return list(db.session.scalars(query.order_by(OutboxEntry.id)))


def run_cli(app, *arguments: str):
    """Invoke ``techport <arguments>`` on ``app``; returns click's result."""
    from click.testing import CliRunner
    from flask.cli import ScriptInfo

    from techport.cli import main as techport_cli

    return CliRunner().invoke(techport_cli, list(arguments), obj=ScriptInfo(create_app=lambda: app))


def public_titles(es: Elasticsearch, prefix: str, text: str) -> list[str]:
    """Titles of the public documents whose title matches every word of ``text``."""
    es.indices.refresh(index=alias_name(prefix))
    query = {
        "bool": {"must": {"match": {"title": {"query": text, "operator": "and"}}}, "filter": {"term": {"public": True}}}
    }
    return [
        hit["_source"]["title"] for hit in es.search(index=alias_name(prefix), query=query, size=1000)["hits"]["hits"]
    ]
