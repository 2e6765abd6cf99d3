"""A demo search log, so the reports' "what users look for" section is not empty on the demo site.

Each demo search is run against the demo index, so its result count is the real one; the times are spread
over the last 90 days, one search per (query, day) drawn from a fixed seed so the demo is reproducible.
"""

import random
from datetime import timedelta

from techport.extensions import db
from techport.reports.models import SearchLogEntry
from techport.search import service
from techport.search.query import SearchRequest

# What visitors of a technology exchange type: Vietnamese with and without diacritics, English, and a few
# needs nobody offers yet (the unmet demand the report is for). (query, sector filter, how often)
DEMO_SEARCHES = [
    ("máy sấy", None, 14),
    ("may say nong san", None, 9),
    ("drone phun thuốc", "smart_agriculture", 11),
    ("bơm nước năng lượng mặt trời", None, 8),
    ("AI chẩn đoán hình ảnh", "health", 7),
    ("coffee bean dryer", None, 5),
    ("air quality monitoring", None, 4),
    ("xử lý nước thải", None, 6),
    ("nuôi tôm", "smart_agriculture", 5),
    ("blockchain truy xuất nguồn gốc", None, 4),
    ("chatbot tiếng Việt", None, 6),
    ("pin lithium tái chế", None, 3),
    ("robot hàn công nghiệp", None, 3),
    ("vật liệu sinh học phân hủy", None, 3),
    ("cảm biến độ mặn", None, 2),
    ("máy in 3D kim loại", None, 2),
    ("hydrogen xanh", None, 2),
    ("thịt nhân tạo", None, 2),
]
DAYS = 90


def seed_demo_search_log(now, *, seed: int = 2026) -> int:
    """Replace the search log with the demo searches; returns how many rows were written."""
    db.session.query(SearchLogEntry).delete()
    rng = random.Random(seed)
    entries = []
    for text, sector, times in DEMO_SEARCHES:
        filters = {"sector": [sector]} if sector else {}
        total = service.search(SearchRequest(text=text, filters=filters)).total
        for _ in range(times):
            searched_at = now - timedelta(days=rng.randrange(DAYS), minutes=rng.randrange(24 * 60))
            entries.append(
                SearchLogEntry(
                    query=text.casefold(), filters=filters, sector=sector, result_count=total, searched_at=searched_at
                )
            )
    db.session.add_all(entries)
    db.session.commit()
    return len(entries)
