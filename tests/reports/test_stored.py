"""Reports kept by the worker: shown at once while fresh, taken again on request, rebuilt when due."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from techport.accounts.models import Role
from techport.extensions import db
from techport.listings.models import Listing
from techport.models_common import utcnow
from techport.reports.models import StoredReport
from techport.reports.stored import refresh_stored_reports, report_for, standard_periods, store_report
from techport.worker.schedule import local_today
from tests.helpers import sign_in, submit

REFRESH_MINUTES = 30


@pytest.fixture
def stored_reports_on(app):
    app.config["REPORTS_REFRESH_MINUTES"] = REFRESH_MINUTES
    yield
    app.config["REPORTS_REFRESH_MINUTES"] = 0
    with app.app_context():
        db.session.execute(sa.delete(StoredReport))
        db.session.commit()


def _published_first_time(app, period) -> int:
    with app.test_request_context(), force_locale("vi"):
        return report_for(period, date.today()).section("listings").tables[0].rows[0][1]


def _publish_another_offer(app, make_listing, period) -> None:
    listing_id = make_listing("hcmut", "offer", "published", sectors=["ai"])
    with app.app_context():
        listing = db.session.get(Listing, listing_id)
        listing.published_on = period.start + timedelta(days=3)
        db.session.commit()


def test_a_stored_report_is_shown_until_its_figures_are_taken_again(
    app, make_user, make_listing, known_quarter, stored_reports_on
):
    period = known_quarter["period"]
    with app.test_request_context():
        store_report(period, utcnow())
        db.session.commit()
    kept = _published_first_time(app, period)
    _publish_another_offer(app, make_listing, period)
    assert _published_first_time(app, period) == kept, "the kept figures, not the database's new state"

    curator = app.test_client()
    sign_in(curator, make_user("hcmut", role=Role.CURATOR))
    query = f"kind=quarter&year={period.start.year}&quarter=2"
    page = curator.get(f"/reports?{query}").get_data(as_text=True)
    assert "Số liệu tính đến" in page and "Tính lại số liệu ngay" in page
    response = submit(curator, f"/reports/refresh?{query}", {}, form_url=f"/reports?{query}")
    assert response.status_code == 302 and f"year={period.start.year}" in response.headers["Location"]
    assert _published_first_time(app, period) == kept + 1


def test_the_stored_report_speaks_the_readers_language(app, make_user, known_quarter, stored_reports_on):
    period = known_quarter["period"]
    with app.test_request_context():
        store_report(period, utcnow())
        db.session.commit()
    curator = app.test_client()
    sign_in(curator, make_user("hcmut", role=Role.CURATOR))
    curator.get("/lang/en?next=/reports")
    page = curator.get(f"/reports?kind=quarter&year={period.start.year}&quarter=2").get_data(as_text=True)
    assert "Figures as of" in page and "Published for the first time" in page


def test_a_stale_stored_report_is_not_shown(app, make_listing, known_quarter, stored_reports_on):
    period = known_quarter["period"]
    with app.test_request_context():
        kept = _published_first_time(app, period)
        store_report(period, utcnow() - timedelta(minutes=2 * REFRESH_MINUTES + 1))
        db.session.commit()
    _publish_another_offer(app, make_listing, period)
    assert _published_first_time(app, period) == kept + 1


def test_the_worker_rebuilds_the_standard_periods_when_due(app, stored_reports_on):
    now = utcnow()
    with app.test_request_context():
        codes = [period.code for period in standard_periods(local_today(now))]
        assert refresh_stored_reports(now) == codes
        assert db.session.scalar(sa.select(sa.func.count()).select_from(StoredReport)) == 2 * len(codes)
        assert refresh_stored_reports(now + timedelta(minutes=1)) == [], "still fresh"
        assert refresh_stored_reports(now + timedelta(minutes=REFRESH_MINUTES + 1)) == codes


def test_stored_reports_turned_off_compute_every_view(app, make_listing, known_quarter):
    period = known_quarter["period"]
    with app.test_request_context():
        assert refresh_stored_reports(utcnow()) == []
    before = _published_first_time(app, period)
    _publish_another_offer(app, make_listing, period)
    assert _published_first_time(app, period) == before + 1
