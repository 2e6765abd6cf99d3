"""The curators' pages and the jobs: who may see what, check-in and walk-ins, reminders, home page, demo."""

import csv
import io
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from techport.cli import main as cli
from techport.events.demo import DEMO_EVENTS, seed_demo_events
from techport.events.models import EVENT_ZONE, Event, EventStatus, Registration
from techport.events.registrations import send_event_reminders
from techport.extensions import db
from techport.worker.jobs import JOBS
from tests.events.conftest import CURATOR, FIRM_ORG, register_form, signed_in
from tests.helpers import csrf_token, mail_to, submit


def _curator(app, demo_data):
    return signed_in(app, CURATOR, demo_data[CURATOR]["password"])


def _registered(app, make_user, event_id: int) -> tuple[str, str]:
    email = make_user(FIRM_ORG)
    client = signed_in(app, email)
    submit(client, f"/events/{event_id}/register", register_form(), form_url=f"/events/{event_id}")
    with app.app_context():
        code = db.session.scalar(
            sa.select(Registration.check_in_code)
            .where(Registration.event_id == event_id)
            .order_by(Registration.id.desc())
        )
    return email, code


def test_only_curators_reach_the_management_pages_and_the_attendee_csv(app, demo_data, make_user, make_event):
    event_id = make_event()
    member = signed_in(app, make_user(FIRM_ORG))
    for path in (
        "/events/manage/",
        f"/events/manage/{event_id}",
        f"/events/manage/{event_id}/attendees.csv",
        f"/events/manage/{event_id}/check-in",
        f"/events/manage/{event_id}/figures",
    ):
        assert member.get(path).status_code == 403, path
        assert "/account/sign-in" in app.test_client().get(path).headers["Location"]
    _registered(app, make_user, event_id)
    response = _curator(app, demo_data).get(f"/events/manage/{event_id}/attendees.csv")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-store"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert list(rows[0]) == [
        "Họ và tên",
        "Tổ chức",
        "Loại tổ chức",
        "Lĩnh vực",
        "Trạng thái",
        "Vãng lai",
        "Thời điểm check-in",
        "Điều họ tìm kiếm",
        "E-mail",
    ]
    assert rows[0]["Họ và tên"] == "Nguyễn Thị Mai" and rows[0]["Loại tổ chức"] == "Doanh nghiệp"
    assert (rows[0]["Trạng thái"], rows[0]["Vãng lai"]) == ("Đã đăng ký", "không")


def test_a_draft_is_hidden_from_the_public(app, demo_data, make_event):
    event_id = make_event(status=EventStatus.DRAFT)
    assert app.test_client().get(f"/events/{event_id}").status_code == 404
    assert app.test_client().get(f"/events/{event_id}/calendar.ics").status_code == 404
    assert _curator(app, demo_data).get(f"/events/{event_id}").status_code == 200


def test_an_event_without_venue_or_link_is_refused_and_nothing_typed_is_lost(app, demo_data):
    curator = _curator(app, demo_data)
    response = submit(
        curator,
        "/events/manage/new",
        {
            "title_vi": "Cà phê công nghệ: thử",
            "title_en": "Test",
            "starts_at": "2030-01-10T09:00",
            "ends_at": "2030-01-10T08:00",
            "capacity": "0",
            "venue": "",
            "online_url": "",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Hãy nhập địa điểm, đường dẫn trực tuyến hoặc cả hai." in html
    assert "Sự kiện không thể kết thúc trước khi bắt đầu." in html
    assert "Nhập một số từ 1 đến 10000." in html
    assert 'value="Cà phê công nghệ: thử"' in html


def test_the_door_checks_codes_and_adds_walk_ins(app, demo_data, make_user, make_event):
    event_id = make_event()
    _, code = _registered(app, make_user, event_id)
    curator = _curator(app, demo_data)
    page = f"/events/manage/{event_id}/check-in"
    assert curator.get(f"{page}?code={code}").status_code == 200
    with app.app_context():
        assert (
            db.session.scalar(sa.select(Registration.checked_in_at).where(Registration.check_in_code == code)) is None
        )
    unknown = submit(curator, page, {"code": "ZZZZ9999"})
    assert unknown.status_code == 400 and "Không có đăng ký nào của sự kiện này mang mã ZZZZ9999." in unknown.get_data(
        as_text=True
    )
    spaced = f"{code[:4]}-{code[4:]}".lower()
    assert "đã check-in." in submit(curator, page, {"code": spaced}).get_data(as_text=True)
    assert "đã check-in trước đó." in submit(curator, page, {"code": code}).get_data(as_text=True)
    added = submit(
        curator,
        f"/events/manage/{event_id}/walk-ins",
        {"full_name": "Phạm Văn Bình", "organisation_name": "HTX Củ Chi", "organisation_kind": "firm", "sector": "ai"},
        form_url=page,
    )
    assert added.status_code == 302
    figures = curator.get(f"/events/manage/{event_id}/figures").get_data(as_text=True)
    assert "Khách vãng lai</dt>" in figures and "Trí tuệ nhân tạo" in figures
    with app.app_context():
        assert (
            db.session.scalar(
                sa.select(sa.func.count()).where(
                    Registration.event_id == event_id, Registration.checked_in_at.is_not(None)
                )
            )
            == 2
        )


def test_the_day_before_reminder_goes_once_to_each_registrant(app, make_user, make_event):
    now = datetime.now(UTC)
    local_tomorrow = (now.astimezone(EVENT_ZONE) + timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
    event_id = make_event(starts_in=local_tomorrow - now)
    later_id = make_event(starts_in=local_tomorrow - now + timedelta(days=2))
    email, _ = _registered(app, make_user, event_id)
    later_email, _ = _registered(app, make_user, later_id)
    assert any(job.name == "event-reminders" for job in JOBS)
    with app.app_context():
        assert send_event_reminders(now) >= 1
        db.session.commit()
        assert send_event_reminders(now) == 0
        db.session.commit()
    assert len([mail for mail in mail_to(app, email) if mail.subject.startswith("Ngày mai")]) == 1
    assert not [mail for mail in mail_to(app, later_email) if mail.subject.startswith("Ngày mai")]


def test_the_home_page_shows_upcoming_events_and_past_ones_keep_their_page(app, demo_data, make_event):
    upcoming = make_event(starts_in=timedelta(minutes=30))
    past = make_event(starts_in=timedelta(days=-3))
    home = app.test_client().get("/").get_data(as_text=True)
    assert "Sự kiện sắp diễn ra" in home and f'href="/events/{upcoming}"' in home
    listing = app.test_client().get("/events/").get_data(as_text=True)
    assert f'href="/events/{past}"' in listing.split("Sự kiện đã diễn ra", 1)[1]
    assert app.test_client().get(f"/events/{past}").status_code == 200


def test_series_figures_add_up_the_events_of_a_series(app, demo_data, make_event):
    make_event(series="Chuỗi thử nghiệm")
    make_event(series="Chuỗi thử nghiệm")
    page = _curator(app, demo_data).get("/events/manage/series?name=Chuỗi thử nghiệm")
    assert page.status_code == 200 and page.get_data(as_text=True).count('href="/events/manage/') >= 3
    assert _curator(app, demo_data).get("/events/manage/series?name=nope").status_code == 404


def test_the_demo_has_a_past_and_an_upcoming_event_and_seeding_twice_changes_nothing(app, demo_data):
    runner = app.test_cli_runner()
    from techport.demo.seed import DEMO_DIR
    from techport.listings.services import find_listing
    from techport.organisations.services import find_by_slug

    with app.app_context():
        if find_listing(find_by_slug("hcmut"), "hcmut-ip-001") is None:
            assert runner.invoke(cli, ["import", str(DEMO_DIR / "listings.jsonl")]).exit_code == 0
    assert runner.invoke(cli, ["events", "seed-demo"]).exit_code == 0
    with app.app_context():
        report = seed_demo_events()
        assert report.registrations == 0
        slugs = [record["slug"] for record in DEMO_EVENTS]
        events = db.session.scalars(sa.select(Event).where(Event.slug.in_(slugs))).all()
        now = datetime.now(UTC)
        assert sorted(event.is_past(now) for event in events) == [False, True]
        assert all(len(event.agenda) == 3 and event.registrations for event in events)


def test_cancelling_an_event_tells_its_registrants_and_its_page_says_so(app, demo_data, make_user, make_event):
    event_id = make_event()
    email, _ = _registered(app, make_user, event_id)
    curator = _curator(app, demo_data)
    manage = f"/events/manage/{event_id}"
    assert submit(curator, f"{manage}/cancel", {}, form_url=manage).status_code == 302
    assert any(mail.subject.startswith("Đã hủy:") for mail in mail_to(app, email))
    page = app.test_client().get(f"/events/{event_id}").get_data(as_text=True)
    assert "Sự kiện này đã bị hủy." in page and "Đã đóng đăng ký." in page


def test_a_cover_image_is_uploaded_shown_and_a_wrong_file_is_refused(app, demo_data, make_event):
    event_id = make_event()
    curator = _curator(app, demo_data)
    page = f"/events/manage/{event_id}/cover"
    token = csrf_token(curator, page)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    refused = curator.post(page, data={"csrf_token": token, "file": (io.BytesIO(b"%PDF-1.4 x"), "cover.pdf")})
    assert refused.status_code == 400 and "Chỉ ảnh PNG và JPEG mới dùng được làm ảnh bìa." in refused.get_data(
        as_text=True
    )
    saved = curator.post(page, data={"csrf_token": token, "file": (io.BytesIO(png), "cover.png")})
    assert saved.status_code == 302
    cover = app.test_client().get(f"/events/{event_id}/cover")
    assert cover.status_code == 200 and cover.mimetype == "image/png" and cover.data == png
    editor = curator.get(page).get_data(as_text=True)
    assert f'src="/events/{event_id}/cover"' in editor and f'action="/events/manage/{event_id}/cover/remove"' in editor
