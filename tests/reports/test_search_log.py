"""The search log: a search spools one line and writes nothing to the database; the worker job ingests it,
the retention setting prunes it, and the reports count it."""

import json
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from techport.extensions import db
from techport.reports import demand, search_log, trends
from techport.reports.models import SearchLogEntry
from techport.reports.periods import period_from_code
from techport.worker.jobs import JOBS
from techport.worker.schedule import Cadence

LATER = timedelta(minutes=2)


@pytest.fixture
def spool_dir(app, tmp_path, monkeypatch):
    folder = tmp_path / "search-log"
    monkeypatch.setitem(app.config, "SEARCH_LOG_DIR", str(folder))
    return folder


def _rows(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count(SearchLogEntry.id)))


def _spooled(folder) -> list[dict]:
    return [json.loads(line) for path in sorted(folder.glob("*.jsonl")) for line in path.read_text().splitlines()]


def _ingest(app, now=None) -> int:
    with app.app_context():
        return search_log.ingest_searches((now or datetime.now(UTC)) + LATER)


def test_a_search_spools_a_line_and_writes_no_row_until_the_job_runs(app, client, search_prefix, spool_dir):
    before = _rows(app)
    assert client.get("/search?q=Máy+sấy+nông+sản&sector=smart_agriculture").status_code == 200
    assert client.get("/api/v1/search?q=robot").status_code == 200
    assert client.get("/search?q=robot&page=2").status_code == 200  # a second page is the same search
    assert _rows(app) == before
    lines = _spooled(spool_dir)
    assert [(line["q"], line["filters"]) for line in lines] == [
        ("Máy sấy nông sản", {"sector": ["smart_agriculture"]}),
        ("robot", {}),
    ]
    assert not {"user", "address", "ip"} & set(lines[0])
    assert _ingest(app) == 2
    assert _rows(app) == before + 2
    assert list(spool_dir.glob("*")) == []
    with app.app_context():
        entry = db.session.scalars(sa.select(SearchLogEntry).order_by(SearchLogEntry.id.desc()).limit(2)).all()[-1]
        assert (entry.query, entry.sector) == ("máy sấy nông sản", "smart_agriculture")
        assert entry.result_count == lines[0]["results"]


def test_the_worker_runs_the_ingest_on_every_pass():
    jobs = {job.name: job for job in JOBS}
    assert jobs["reports-spool-ingest"].cadence == Cadence.IMMEDIATELY
    assert jobs["search-log-prune"].cadence == Cadence.DAILY


def test_the_current_minute_is_left_for_its_writers(app, spool_dir):
    with app.test_request_context():
        search_log.spool.append(spool_dir, {"q": "x", "filters": {}, "results": 1})
        assert search_log.ingest_searches(datetime.now(UTC) - LATER) == 0
    assert len(_spooled(spool_dir)) == 1


def test_a_read_only_folder_never_breaks_a_search(app, client, search_prefix, tmp_path, monkeypatch):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    monkeypatch.setitem(app.config, "SEARCH_LOG_DIR", str(blocked / "search-log"))
    assert client.get("/search?q=robot").status_code == 200
    assert client.get("/api/v1/search?q=robot").status_code == 200


def test_the_log_can_be_turned_off(app, client, search_prefix, spool_dir, monkeypatch):
    monkeypatch.setitem(app.config, "SEARCH_LOG", False)
    assert client.get("/search?q=robot").status_code == 200
    assert not spool_dir.exists() or _spooled(spool_dir) == []


def test_rows_older_than_the_retention_are_pruned(app, monkeypatch):
    now = datetime(2026, 12, 1, tzinfo=UTC)
    monkeypatch.setitem(app.config, "SEARCH_LOG_RETENTION_MONTHS", 6)
    with app.app_context():
        old = SearchLogEntry(query="prune-old", filters={}, result_count=1, searched_at=now - timedelta(days=190))
        kept = SearchLogEntry(query="prune-kept", filters={}, result_count=1, searched_at=now - timedelta(days=170))
        db.session.add_all([old, kept])
        db.session.commit()
        assert search_log.prune_search_log(now) >= 1
        db.session.commit()
        left = set(db.session.scalars(sa.select(SearchLogEntry.query).where(SearchLogEntry.query.like("prune-%"))))
    assert left == {"prune-kept"}


def _log(app, year: int, searches: list[tuple[str, str | None, int, int]]) -> None:
    """(words, sector, results, month) searches of ``year``."""
    with app.app_context():
        for text, sector, results, month in searches:
            db.session.add(
                SearchLogEntry(
                    query=text,
                    filters={"sector": [sector]} if sector else {},
                    sector=sector,
                    result_count=results,
                    searched_at=datetime(year, month, 10, tzinfo=UTC),
                )
            )
        db.session.commit()


def test_reports_count_top_searches_those_without_result_and_per_sector(app):
    year = 2031
    _log(
        app,
        year,
        [
            ("drone tưới", "smart_agriculture", 0, 5),
            ("drone tưới", "smart_agriculture", 0, 5),
            ("drone tưới", None, 3, 6),
            ("chatbot", "ai", 4, 4),
            ("", "ai", 0, 4),
            ("chatbot", "ai", 2, 1),  # the quarter before
        ],
    )
    q2 = period_from_code(f"{year}-Q2")
    with app.app_context():
        top = demand.top_searches(q2)
        empty = demand.top_searches(q2, without_result_only=True)
        by_sector = demand.searches_by_sector(q2)
        rising = [(term.sector, term.term, term.searches, term.previous) for term in trends.rising_terms(q2)]
        agriculture = {trend.sector: trend for trend in trends.sector_trends(q2)}["smart_agriculture"]
    assert [(entry.query, entry.searches, entry.without_result) for entry in top] == [
        ("drone tưới", 3, 2),
        ("chatbot", 1, 0),
    ]
    assert [(entry.query, entry.without_result) for entry in empty] == [("drone tưới", 2)]
    assert by_sector.searches == {"smart_agriculture": 2, None: 1, "ai": 2}
    assert by_sector.without_result == {"smart_agriculture": 2, None: 0, "ai": 1}
    assert by_sector.top_query == {"smart_agriculture": "drone tưới", None: "drone tưới", "ai": "chatbot"}
    assert ("smart_agriculture", "drone tưới", 2, 0) in rising and (None, "drone tưới", 1, 0) in rising
    assert not [entry for entry in rising if entry[1] == "chatbot"]  # as many as before: not rising
    assert agriculture.searches == 2 and agriculture.searches_without_result == 2 and agriculture.gap == 2
