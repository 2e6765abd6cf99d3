"""At the door, on a 390 px phone: the curator types a registrant's code and sees the attendance marked."""

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from techport.events.models import Registration
from techport.extensions import db
from tests.events.conftest import CURATOR, FIRM_ORG, make_event, register_form, signed_in  # noqa: F401  (make_event: the fixture)
from tests.helpers import submit

pytestmark = pytest.mark.browser


def test_a_registrant_is_checked_in_by_code_on_a_phone(browser, live_server, app, demo_data, make_user, make_event):  # noqa: F811
    event_id = make_event()
    client = signed_in(app, make_user(FIRM_ORG))
    submit(
        client, f"/events/{event_id}/register", register_form(full_name="Võ Thị Lan"), form_url=f"/events/{event_id}"
    )
    with app.app_context():
        code = db.session.scalar(sa.select(Registration.check_in_code).where(Registration.event_id == event_id))

    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(live_server + "/account/sign-in")
        page.get_by_label("E-mail").fill(CURATOR)
        page.get_by_label("Mật khẩu").fill(demo_data[CURATOR]["password"])
        page.get_by_role("main").get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(lambda url: "sign-in" not in url)
        page.goto(f"{live_server}/events/manage/{event_id}/check-in")
        expect(page.get_by_role("heading", level=1)).to_have_text("Check-in")
        page.get_by_label("Mã check-in").fill(code.lower())
        page.get_by_role("button", name="Check-in", exact=True).click()
        expect(page.get_by_role("alert")).to_contain_text("Võ Thị Lan đã check-in.")
        expect(page.get_by_text("Đã check-in 1 người.")).to_be_visible()
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
    with app.app_context():
        assert db.session.scalar(sa.select(Registration.checked_in_at).where(Registration.check_in_code == code))
