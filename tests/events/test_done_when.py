"""The issue's "done when", as a new user tries it: a curator builds "Cà phê công nghệ: AI cho nông nghiệp"
with two pitches, a firm registers, asks to meet a presenter and gets the confirmation with the .ics; the
door checks its code in; the figures show the attendance and the meeting."""

import re
from datetime import timedelta

import sqlalchemy as sa
from icalendar import Calendar

from techport.events.models import EVENT_ZONE, Event, MeetingRequest, MeetingStatus, Registration
from techport.extensions import db
from techport.inquiries.models import Inquiry, InquirySource
from techport.mail_delivery.outbox import deliver_pending
from techport.models_common import utcnow
from tests.events.conftest import CURATOR, FIRM_ORG, register_form, signed_in
from tests.helpers import submit

TITLE = "Cà phê công nghệ: AI cho nông nghiệp"
LOCAL = "%Y-%m-%dT%H:%M"


def _event_id(response) -> int:
    return int(re.search(r"/events/manage/(\d+)", response.headers["Location"]).group(1))


def test_a_curator_runs_an_event_from_creation_to_figures(app, demo_data, make_user, make_listing, smtp_server):
    presenter_email = make_user("hcmut")
    first = make_listing("hcmut", "offer", "published", contact={"name": "Người trình bày", "email": presenter_email})
    second = make_listing("uit", "offer", "published")
    firm_email = make_user(FIRM_ORG)
    curator = signed_in(app, CURATOR, demo_data[CURATOR]["password"])
    starts = (
        (utcnow() + timedelta(days=6))
        .astimezone(EVENT_ZONE)
        .replace(hour=8, minute=30, second=0, microsecond=0, tzinfo=None)
    )

    response = submit(
        curator,
        "/events/manage/new",
        {
            "series": "Cà phê công nghệ",
            "title_vi": TITLE,
            "title_en": "Technology coffee: AI for agriculture",
            "description_vi": "Hai nhóm trình bày AI cho nông nghiệp.",
            "theme": "AI cho nông nghiệp",
            "sectors": ["ai", "smart_agriculture"],
            "starts_at": starts.strftime(LOCAL),
            "ends_at": (starts + timedelta(hours=3)).strftime(LOCAL),
            "venue": "Techmart Daily, Quận 3",
            "capacity": "20",
            "registration_deadline": "",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    event_id = _event_id(response)
    manage = f"/events/manage/{event_id}"
    for number, listing_id in enumerate((first, second)):
        added = submit(
            curator,
            f"{manage}/agenda",
            {
                "kind": "pitch",
                "starts_at": (starts + timedelta(minutes=15 * number)).strftime(LOCAL),
                "title": "",
                "listing_id": str(listing_id),
            },
            form_url=manage,
        )
        assert added.status_code == 302, added.get_data(as_text=True)
    assert submit(curator, f"{manage}/publish", {}, form_url=manage).status_code == 302
    with app.app_context():
        event = db.session.get(Event, event_id)
        assert event.starts_at.astimezone(EVENT_ZONE).hour == 8
        pitch_ids = [item.id for item in event.agenda]
        assert [item.listing_id for item in event.agenda] == [first, second]

    firm = signed_in(app, firm_email)
    page = firm.get(f"/events/{event_id}").get_data(as_text=True)
    assert TITLE in page and "Đăng ký tham dự</button>" in page
    registered = submit(
        firm, f"/events/{event_id}/register", register_form(listing_ids=[str(first)]), form_url=f"/events/{event_id}"
    )
    assert registered.status_code == 302, registered.get_data(as_text=True)
    mine = firm.get(f"/events/{event_id}/registration").get_data(as_text=True)
    assert "data:image/png;base64," in mine
    asked = submit(
        firm,
        f"/events/{event_id}/meetings",
        {"agenda_item_id": str(pitch_ids[0]), "message": "Gặp tại sự kiện nhé."},
        form_url=f"/events/{event_id}",
    )
    assert asked.status_code == 302
    with app.app_context():
        registration = db.session.scalar(sa.select(Registration).where(Registration.event_id == event_id))
        code, listing_ids = registration.check_in_code, registration.listing_ids
    assert code in mine and listing_ids == [first]

    with app.app_context():
        deliver_pending()
    [confirmation] = [m for m in smtp_server.recorder.to(firm_email) if "xác nhận" in m["Subject"]]
    body = confirmation.get_body(preferencelist=("plain",)).get_content()
    assert code in body
    ics_url = re.search(r"(https?://\S+/calendar\.ics)", body).group(1)
    ics = firm.get(ics_url.split("://", 1)[1].split("/", 1)[1].join(["/", ""]))
    assert ics.status_code == 200 and ics.mimetype == "text/calendar"
    [entry] = Calendar.from_ical(ics.data).walk("VEVENT")
    assert str(entry["summary"]) == TITLE
    assert entry.decoded("dtstart").astimezone(EVENT_ZONE).replace(tzinfo=None) == starts
    assert any("Meeting request" in m["Subject"] for m in smtp_server.recorder.to(presenter_email))

    presenter = signed_in(app, presenter_email)
    requests = presenter.get(f"/events/{event_id}").get_data(as_text=True)
    assert "Nguyễn Thị Mai" in requests and "Gặp tại sự kiện nhé." in requests
    with app.app_context():
        meeting_id = db.session.scalar(
            sa.select(MeetingRequest.id).join(Registration).where(Registration.event_id == event_id)
        )
    accepted = submit(presenter, f"/events/{event_id}/meetings/{meeting_id}/accept", {}, form_url=f"/events/{event_id}")
    assert accepted.status_code == 302
    with app.app_context():
        meeting = db.session.get(MeetingRequest, meeting_id)
        assert meeting.status == MeetingStatus.ACCEPTED
        inquiry = db.session.get(Inquiry, meeting.inquiry_id)
        assert inquiry.source == InquirySource.EVENT and inquiry.listing_id == first

    check_in_page = curator.get(f"/events/manage/{event_id}/check-in?code={code}")
    assert f'value="{code}"' in check_in_page.get_data(as_text=True)
    checked = submit(curator, f"/events/manage/{event_id}/check-in", {"code": code.lower()})
    assert checked.status_code == 200 and "Nguyễn Thị Mai" in checked.get_data(as_text=True)

    figures = curator.get(f"/events/manage/{event_id}/figures").get_data(as_text=True)
    assert re.search(r"Đã tham dự</dt>\s*<dd[^>]*>1</dd>", figures)
    assert re.search(r"Yêu cầu gặp đã nhận</dt>\s*<dd[^>]*>1</dd>", figures)
    assert re.search(r"Yêu cầu gặp đã chấp nhận</dt>\s*<dd[^>]*>1</dd>", figures)
    assert re.search(r"Yêu cầu liên hệ trong 30 ngày</dt>\s*<dd[^>]*>1</dd>", figures)
