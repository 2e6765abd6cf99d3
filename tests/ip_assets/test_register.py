"""The register through its pages, as a university's member uses it."""

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from techport.extensions import db
from techport.ip_assets.models import RegisterAsset
from techport.ip_assets.reminders import send_deadline_reminders
from techport.notifications.models import Notification
from tests.helpers import sign_in, submit, unique_title


def _asset_form(title: str, **changes) -> dict:
    form = {
        "title": title,
        "reference": "TT-2024-07",
        "summary": "Vật liệu lọc nước từ vỏ trấu.",
        "protection_type": "patent",
        "status": "filed",
        "office": "Cục Sở hữu trí tuệ",
        "country": "VN",
        "application_number": "1-2024-01532",
        "application_date": "2024-03-15",
        "priority_date": "2023-09-20",
        "renewals": "0",
        "inventors": "Nguyễn Văn An; Khoa Hóa; an.private@hcmut.example; 60\nLê Thị Bình; Khoa Hóa; ; 40",
        "owners": "Trường Đại học Bách khoa; 80\nCông ty Sao Mai; 20",
    }
    form.update(changes)
    return form


def _add(client, title: str, **changes):
    return submit(client, "/ip-register/new", _asset_form(title, **changes))


def _asset_id(app, title: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(RegisterAsset.id).where(RegisterAsset.title == title))


def test_a_patent_with_priority_shows_its_deadlines_with_the_rules(app, client, make_user):
    sign_in(client, make_user("hcmut"))
    title = unique_title("Bằng sáng chế")
    response = _add(client, title)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2027-03-20" in page and "Điều 113 khoản 2" in page
    assert "2044-03-15" in page and "Điều 93 khoản 2" in page
    assert "Next fee" in page or "Khoản phí tiếp theo" in page
    dashboard = client.get("/ip-register/dashboard").get_data(as_text=True)
    calendar = client.get("/ip-register/calendar").get_data(as_text=True)
    assert "2044-03-15" in calendar.split("Các thời hạn sau đó", 1)[1]  # the term end, beyond the 12 months
    # Today the examination deadline is more than 12 months away only after 2026-03-20.
    for listed in (dashboard, calendar):
        if date.today() >= date(2026, 3, 20):
            assert "2027-03-20" in listed and "Điều 113 khoản 2" in listed
        assert title in dashboard


def test_shares_over_100_are_refused_with_a_clear_message(app, client, make_user):
    sign_in(client, make_user("hcmut"))
    title = unique_title()
    response = _add(client, title, owners="A; 70\nB; 40")
    assert response.status_code == 200
    assert _asset_id(app, title) is None


def test_priority_after_filing_is_refused(app, client, make_user):
    sign_in(client, make_user("hcmut"))
    title = unique_title()
    assert _add(client, title, priority_date="2024-06-01").status_code == 200
    assert _asset_id(app, title) is None


def test_other_organisations_cannot_open_the_asset(app, client, make_user):
    sign_in(client, make_user("hcmut"))
    title = unique_title()
    _add(client, title)
    other = app.test_client()
    sign_in(other, make_user("ueh"))
    assert other.get(f"/ip-register/{_asset_id(app, title)}").status_code == 403


def test_the_public_page_hides_inventors_and_shares(app, client, make_user):
    sign_in(client, make_user("hcmut"))
    title = unique_title()
    _add(client, title, is_public="y")
    page = app.test_client().get(f"/ip/{_asset_id(app, title)}").get_data(as_text=True)
    assert title in page and "1-2024-01532" in page and "Trường Đại học Bách khoa" in page
    assert "Nguyễn Văn An" not in page and "an.private@hcmut.example" not in page and "60%" not in page


def test_an_unpublished_asset_has_no_public_page(app, client, make_user):
    sign_in(client, make_user("hcmut"))
    title = unique_title()
    _add(client, title)
    assert app.test_client().get(f"/ip/{_asset_id(app, title)}").status_code == 404


def test_offer_on_the_exchange_creates_a_linked_draft_listing(app, client, make_user):
    sign_in(client, make_user("hcmut"))
    title = unique_title()
    _add(client, title)
    asset_id = _asset_id(app, title)
    response = submit(client, f"/ip-register/{asset_id}/offer", {}, form_url=f"/ip-register/{asset_id}")
    assert response.status_code == 302
    with app.app_context():
        asset = db.session.get(RegisterAsset, asset_id)
        assert [listing.title for listing in asset.listings] == [title]
        assert asset.listings[0].ip_details.application_number == "1-2024-01532"


def test_a_timeline_step_moves_the_status(app, client, make_user):
    sign_in(client, make_user("hcmut"))
    title = unique_title()
    _add(client, title)
    asset_id = _asset_id(app, title)
    with app.app_context():
        title_id = db.session.get(RegisterAsset, asset_id).titles[0].id
    submit(
        client,
        f"/ip-register/titles/{title_id}/events",
        {
            f"event-{title_id}-status": "granted",
            f"event-{title_id}-happened_on": "2026-01-05",
            f"event-{title_id}-note": "QĐ cấp bằng",
        },
        form_url=f"/ip-register/{asset_id}",
    )
    with app.app_context():
        registered = db.session.get(RegisterAsset, asset_id).titles[0]
        assert registered.status == "granted" and registered.grant_date == date(2026, 1, 5)
        assert [event.status for event in registered.events] == ["filed", "granted"]


def test_reminders_go_once_per_step(app, client, make_user):
    email = make_user("hcmut")
    sign_in(client, email)
    title = unique_title()
    filed = date.today() - timedelta(days=42 * 30)
    _add(client, title, application_date=filed.isoformat(), priority_date="")
    now = datetime.now(UTC)
    with app.app_context():
        assert send_deadline_reminders(now) >= 1
        assert send_deadline_reminders(now) == 0
        subjects = db.session.scalars(sa.select(Notification.subject_en).where(Notification.category == "ip_deadline"))
        assert any(title in subject for subject in subjects)
