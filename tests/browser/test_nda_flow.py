"""The NDA steps of an inquiry: the owner requires the NDA, the firm accepts it, the owner countersigns, and the
confidential details appear for that firm only; a third organisation sees nothing and gets 404 on the NDA."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from techport.extensions import db
from techport.listings.models import Listing
from tests.browser.journeys import serious_violations
from tests.helpers import TEST_PASSWORD, unique_title

pytestmark = pytest.mark.browser


def _sign_in(page, live_server, email: str, password: str, full_name: str) -> None:
    page.goto(live_server + "/account/sign-in")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("main").get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("navigation", name="Điều hướng chính")).to_contain_text(full_name)


def _sign_in_demo(page, live_server, account: dict) -> None:
    _sign_in(page, live_server, account["email"], account["password"], account["full_name"])


def _sign(page) -> None:
    page.get_by_label("Tôi đã đọc thỏa thuận này và ký thay mặt tổ chức của tôi").check()


def test_the_firm_accepts_the_owner_countersigns_and_only_the_firm_sees_the_details(
    app, browser, live_server, demo_data, make_listing, make_user
):
    marker = f"BÍ-MẬT-{uuid.uuid4().hex[:12]}"
    title = unique_title("Thiết bị lọc nước nhiễm mặn")
    listing_id = make_listing("hcmut", "offer", "published", title=title)
    with app.app_context():
        listing = db.session.get(Listing, listing_id)
        listing.confidential_details = f"Màng lọc nano {marker}"
        db.session.commit()
    third_email = make_user("thu-thiem-data-demo")
    firm = browser.new_context(locale="vi-VN").new_page()
    owner = browser.new_context(locale="vi-VN").new_page()
    third = browser.new_context(locale="vi-VN").new_page()
    listing_url = f"{live_server}/listings/{listing_id}"
    try:
        _sign_in_demo(firm, live_server, demo_data["firm@techport.example"])
        firm.goto(listing_url)
        expect(firm.get_by_role("main")).to_contain_text("Thông tin bảo mật: xem được sau khi ký NDA")
        expect(firm.get_by_role("main")).not_to_contain_text(marker)
        firm.get_by_role("link", name="Liên hệ chủ sở hữu").click()
        firm.get_by_label("Tin nhắn").fill("Chúng tôi cần thông số màng lọc.")
        firm.get_by_role("button", name="Gửi yêu cầu").click()
        expect(firm.get_by_text("Yêu cầu của bạn đã được gửi.")).to_be_visible()
        inquiry_url = live_server + re.search(r"/inquiries/\d+", firm.url).group(0)

        _sign_in_demo(owner, live_server, demo_data["hcmut@techport.example"])
        owner.goto(inquiry_url)
        owner.get_by_role("button", name="Yêu cầu ký NDA").click()
        expect(owner.locator(".nda-status")).to_have_text("Đang chờ tổ chức gửi yêu cầu liên hệ chấp nhận")
        nda_url = owner.url

        firm.goto(inquiry_url)
        firm.get_by_role("link", name="Đọc và chấp nhận NDA").click()
        expect(firm.locator(".nda-text")).to_contain_text("NON-DISCLOSURE AGREEMENT")
        firm.get_by_role("button", name="Chấp nhận và ký").click()
        expect(firm.locator(".field-invalid")).to_contain_text("Đánh dấu vào ô")
        _sign(firm)
        firm.get_by_role("button", name="Chấp nhận và ký").click()
        expect(firm.locator(".nda-status")).to_have_text("Đã chấp nhận; đang chờ chủ sở hữu ký xác nhận")

        owner.goto(inquiry_url)
        owner.get_by_role("link", name="Ký xác nhận NDA").click()
        _sign(owner)
        owner.get_by_role("button", name="Ký xác nhận", exact=True).click()
        expect(owner.locator(".nda-status")).to_have_text("Hai tổ chức đã ký")
        owner.goto(inquiry_url)
        expect(owner.locator(".inquiry-stage")).to_have_text("Đã ký NDA")

        firm.goto(listing_url)
        expect(firm.locator(".confidential-details")).to_contain_text(marker)
        firm.get_by_role("link", name="Xem biên bản NDA").click()
        expect(firm.get_by_role("main")).to_contain_text(demo_data["firm@techport.example"]["full_name"])
        expect(firm.get_by_role("main")).to_contain_text(demo_data["hcmut@techport.example"]["full_name"])
        firm.set_viewport_size({"width": 360, "height": 780})
        for url in (firm.url, nda_url, inquiry_url, listing_url):
            firm.goto(url)
            assert firm.evaluate("document.scrollingElement.scrollWidth") <= 360, url
            assert serious_violations(firm, live_server) == [], url

        _sign_in(third, live_server, third_email, TEST_PASSWORD, f"Test User {third_email}")
        third.goto(listing_url)
        expect(third.get_by_role("main")).not_to_contain_text(marker)
        for url in (nda_url, nda_url + "/record", inquiry_url):
            assert third.goto(url).status == 404, url
    finally:
        for page in (firm, owner, third):
            page.context.close()
