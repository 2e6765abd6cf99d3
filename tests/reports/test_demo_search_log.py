"""The demo search log: real result counts from the index, so the demo's "what users look for" is filled."""

from datetime import UTC, datetime

import sqlalchemy as sa

from techport.extensions import db
from techport.reports.demo import DEMO_SEARCHES, seed_demo_search_log
from techport.reports.models import SearchLogEntry
from techport.search import service
from techport.search.query import SearchRequest


def test_demo_searches_are_logged_with_their_real_result_counts(app, indexed_corpus):
    with app.app_context():
        written = seed_demo_search_log(datetime(2026, 12, 1, tzinfo=UTC))
        assert written == sum(times for _, _, times in DEMO_SEARCHES)
        logged = dict(
            db.session.execute(
                sa.select(SearchLogEntry.query, sa.func.max(SearchLogEntry.result_count)).group_by(SearchLogEntry.query)
            ).all()
        )
        for text, sector, _ in DEMO_SEARCHES:
            filters = {"sector": [sector]} if sector else {}
            assert logged[text.casefold()] == service.search(SearchRequest(text=text, filters=filters)).total
        assert any(logged.values())
        # Seeding again replaces the log rather than doubling it.
        assert seed_demo_search_log(datetime(2026, 12, 1, tzinfo=UTC)) == written
        assert db.session.scalar(sa.select(sa.func.count()).select_from(SearchLogEntry)) == written
