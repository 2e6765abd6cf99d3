"""Registering through the pages: capacity and the waiting list, the deadline, duplicates, cancelling."""

from datetime import timedelta

import sqlalchemy as sa

from techport.events.models import Registration, RegistrationStatus
from techport.extensions import db
from tests.events.conftest import FIRM_ORG, register_form, signed_in
from tests.helpers import mail_to, submit


def _register(app, email: str, event_id: int, **changes):
    client = signed_in(app, email)
    response = submit(client, f"/events/{event_id}/register", register_form(**changes), form_url=f"/events/{event_id}")
    return client, response


def _status(app, event_id: int, email: str) -> RegistrationStatus:
    from techport.accounts.models import User

    with app.app_context():
        return db.session.scalar(
            sa.select(Registration.status).join(User).where(Registration.event_id == event_id, User.email == email)
        )


def test_past_capacity_registrants_wait_and_the_first_is_promoted_and_told(app, make_user, make_event):
    event_id = make_event(capacity=1)
    first, second, third = (make_user(FIRM_ORG) for _ in range(3))
    first_client, _ = _register(app, first, event_id)
    _, response = _register(app, second, event_id)
    assert response.status_code == 302
    _register(app, third, event_id)
    assert [_status(app, event_id, email) for email in (first, second, third)] == [
        RegistrationStatus.REGISTERED,
        RegistrationStatus.WAITLISTED,
        RegistrationStatus.WAITLISTED,
    ]
    second_client = signed_in(app, second)
    mine = second_client.get(f"/events/{event_id}/registration").get_data(as_text=True)
    assert "Bạn là người thứ 1 trong danh sách chờ." in mine
    assert any("danh sách chờ" in mail.subject for mail in mail_to(app, second))
    full = app.test_client().get(f"/events/{event_id}").get_data(as_text=True)
    assert "Còn 0 trên 1" in full

    cancelled = submit(
        first_client, f"/events/{event_id}/registration/cancel", {}, form_url=f"/events/{event_id}/registration"
    )
    assert cancelled.status_code == 302
    assert _status(app, event_id, first) == RegistrationStatus.CANCELLED
    assert _status(app, event_id, second) == RegistrationStatus.REGISTERED
    assert _status(app, event_id, third) == RegistrationStatus.WAITLISTED
    assert any("Đã có chỗ cho bạn" in mail.subject for mail in mail_to(app, second))


def test_the_waiting_list_message_says_the_place_in_the_queue(app, make_user, make_event):
    event_id = make_event(capacity=1)
    _register(app, make_user(FIRM_ORG), event_id)
    client, response = _register(app, make_user(FIRM_ORG), event_id)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Sự kiện đã đủ chỗ (1 chỗ): bạn là người thứ 1 trong danh sách chờ." in page


def test_a_second_registration_is_refused_with_a_clear_message(app, make_user, make_event):
    event_id = make_event()
    email = make_user(FIRM_ORG)
    client, _ = _register(app, email, event_id)
    again = submit(client, f"/events/{event_id}/register", register_form(), form_url=f"/events/{event_id}")
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "Bạn đã đăng ký sự kiện này rồi" in page
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).where(Registration.event_id == event_id)) == 1


def test_after_the_deadline_registration_is_refused_with_the_deadline(app, make_user, make_event):
    event_id = make_event(deadline_in=timedelta(minutes=-5), starts_in=timedelta(days=2))
    client = signed_in(app, make_user(FIRM_ORG))
    page = client.get(f"/events/{event_id}").get_data(as_text=True)
    assert "Đã đóng đăng ký." in page
    # The closed event shows no form: a late submission of a form loaded earlier.
    response = submit(client, f"/events/{event_id}/register", register_form(), form_url="/account/")
    assert response.status_code == 302
    assert "Sự kiện này đã hết hạn đăng ký lúc" in client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).where(Registration.event_id == event_id)) == 0


def test_a_missing_name_re_renders_the_form_with_what_was_typed(app, make_user, make_event):
    event_id = make_event()
    client, response = _register(app, make_user(FIRM_ORG), event_id, full_name="", looking_for="Drone phun thuốc")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Trường này là bắt buộc." in html and "Drone phun thuốc" in html


def test_reregistering_after_cancelling_gets_a_place_again(app, make_user, make_event):
    event_id = make_event()
    email = make_user(FIRM_ORG)
    client, _ = _register(app, email, event_id)
    submit(client, f"/events/{event_id}/registration/cancel", {}, form_url=f"/events/{event_id}/registration")
    assert _status(app, event_id, email) == RegistrationStatus.CANCELLED
    _register(app, email, event_id)
    assert _status(app, event_id, email) == RegistrationStatus.REGISTERED
