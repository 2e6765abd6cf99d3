"""Shared by the benchmarks: generated listings (fast to insert), percentiles, and clean-up of their indices."""

import random

from elasticsearch import Elasticsearch

from techport.listings.vocabulary import SECTORS, TRANSFER_MODES
from techport.models_common import utcnow

WORDS = (
    "máy sấy bơm nhiệt năng lượng mặt trời cảm biến độ mặn drone phun thuốc trí tuệ nhân tạo chẩn đoán hình ảnh "
    "vật liệu composite xử lý nước thải nuôi cấy mô giống lúa chịu mặn robot hàn tự động chuỗi khối truy xuất nguồn gốc"
).split()


def generated_rows(count: int, organisation_ids: list[int]) -> list[dict]:
    rng = random.Random(42)
    now = utcnow()
    today = now.date()
    rows = []
    for n in range(count):
        title = " ".join(rng.choices(WORDS, k=8)).capitalize()
        rows.append(
            {
                "organisation_id": rng.choice(organisation_ids),
                "external_id": f"bench-{n}",
                "kind": rng.choice(["offer", "need"]),
                "offer_type": "technology",
                "status": "published",
                "language": "vi",
                "title": f"{title} {n}",
                "slug": f"bench-{n}",
                "summary": " ".join(rng.choices(WORDS, k=40)),
                "description": " ".join(rng.choices(WORDS, k=150)),
                "advantages": " ".join(rng.choices(WORDS, k=30)),
                "specification_sought": "",
                "trl": rng.randint(1, 9),
                "sectors": rng.sample(sorted(SECTORS), 2),
                "keywords": rng.sample(WORDS, 3),
                "transfer_modes": rng.sample(sorted(TRANSFER_MODES), 2),
                "price_vnd": rng.randint(10, 5000) * 1_000_000,
                "price_negotiable": rng.random() < 0.5,
                "partner_sought": "",
                "contact_name": "",
                "contact_email": "",
                "contact_phone": "",
                "rejection_reason": "",
                "published_on": today,
                "expires_on": today.replace(year=today.year + 1),
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
        )
    return rows


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def delete_indices(es: Elasticsearch, prefix: str) -> None:
    """Remove every index a benchmark created under ``prefix``."""
    existing = es.indices.get(index=f"{prefix}*", allow_no_indices=True, expand_wildcards="all")
    if existing:
        es.indices.delete(index=",".join(existing))
