"""Shared by the benchmarks: generated listings (the realistic corpus of bench/corpus.py), percentiles and
their printing, the seed's outbox settled after a full reindex, and clean-up of their indices."""

import sqlalchemy as sa
from corpus import corpus_rows
from elasticsearch import Elasticsearch

from techport.extensions import db
from techport.models_common import utcnow
from techport.search.outbox import OutboxEntry, OutboxStatus

WORDS = (
    "máy sấy bơm nhiệt năng lượng mặt trời cảm biến độ mặn drone phun thuốc trí tuệ nhân tạo chẩn đoán hình ảnh "
    "vật liệu composite xử lý nước thải nuôi cấy mô giống lúa chịu mặn robot hàn tự động chuỗi khối truy xuất nguồn gốc"
).split()


def generated_rows(count: int, organisation_ids: list[int]) -> list[dict]:
    """Rows of the listings table from the realistic corpus (bench/corpus.py): seeded, no ids."""
    return corpus_rows(count, organisation_ids)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def print_latencies(label: str, times: list[float]) -> float:
    """Print p50 and p95 of ``times`` (seconds) in milliseconds; returns the p95."""
    p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
    print(f"  {label:<52} ({len(times)} requests) p50 {p50 * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms")
    return p95


def delete_indices(es: Elasticsearch, prefix: str) -> None:
    """Remove every index a benchmark created under ``prefix``."""
    existing = es.indices.get(index=f"{prefix}*", allow_no_indices=True, expand_wildcards="all")
    if existing:
        es.indices.delete(index=",".join(existing))


def settle_outbox() -> None:
    """Mark the seed's pending outbox rows done: the reindex just loaded every change committed before it,
    and the demo organisations' rows would otherwise make the worker index every listing once more (on
    SQLite their fan-out would also hold the write lock longer than the busy timeout)."""
    db.session.execute(
        sa.update(OutboxEntry)
        .where(OutboxEntry.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.DONE, processed_at=utcnow())
    )
    db.session.commit()
