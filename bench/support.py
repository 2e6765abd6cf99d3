"""Shared by the benchmarks: generated listings (the realistic corpus of bench/corpus.py), percentiles, and clean-up of their indices."""

from corpus import corpus_rows
from elasticsearch import Elasticsearch

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


def delete_indices(es: Elasticsearch, prefix: str) -> None:
    """Remove every index a benchmark created under ``prefix``."""
    existing = es.indices.get(index=f"{prefix}*", allow_no_indices=True, expand_wildcards="all")
    if existing:
        es.indices.delete(index=",".join(existing))
