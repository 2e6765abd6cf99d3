"""A firm finds an offer through search and asks its owner; the owner answers and records the deal;
the curator sees it in the exchange's overview. (The NDA steps join this flow with the NDA feature.)"""

import re

import pytest
from playwright.sync_api import expect

from indexer.reindex import reindex
from tests.browser.journeys import serious_violations
from tests.helpers import unique_title

pytestmark = pytest.mark.browser


def _sign_in(page, live_server, account: dict) -> None:
    page.goto(live_server + "/account/sign-in")
    page.get_by_label("E-mail").fill(account["email"])
    page.get_by_label("Mật khẩu").fill(account["password"])
    page.get_by_role("main").get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("navigation", name="Điều hướng chính")).to_contain_text(account["full_name"])


def _fits_a_phone_and_passes_axe(page, live_server, path: str) -> None:
    page.set_viewport_size({"width": 360, "height": 780})
    assert page.goto(live_server + path).status == 200, path
    scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
    assert scroll_width <= 360, f"{path} is {scroll_width} px wide"
    assert serious_violations(page, live_server) == [], path


def test_a_firm_inquires_the_owner_replies_and_signs_the_curator_sees_it(
    app, browser, live_server, demo_data, make_listing, es, search_prefix
):
    title = unique_title("Máy ép viên nén sinh khối")
    make_listing("hcmut", "offer", "published", title=title)
    with app.app_context():
        reindex(es, search_prefix, replicas=0)
    firm = browser.new_context(locale="vi-VN").new_page()
    owner = browser.new_context(locale="vi-VN").new_page()
    curator = browser.new_context(locale="vi-VN").new_page()
    try:
        _sign_in(firm, live_server, demo_data["firm@techport.example"])
        firm.goto(live_server + "/search")
        firm.get_by_label("Tìm kiếm", exact=True).fill(title)
        firm.get_by_role("main").get_by_role("button", name="Tìm kiếm", exact=True).click()
        firm.locator(".result h2 a", has_text=title).click()
        expect(firm.get_by_role("heading", level=1)).to_have_text(title)
        firm.get_by_role("link", name="Liên hệ chủ sở hữu").click()
        firm.get_by_label("Tin nhắn").fill("Công ty chúng tôi cần 2 máy cho nhà máy ở Bình Dương.")
        firm.get_by_label("Ngân sách (đồng)").fill("abc")
        firm.get_by_role("button", name="Gửi yêu cầu").click()
        expect(firm.locator(".field-invalid")).to_have_count(1)
        expect(firm.get_by_label("Tin nhắn")).to_have_value("Công ty chúng tôi cần 2 máy cho nhà máy ở Bình Dương.")
        firm.get_by_label("Ngân sách (đồng)").fill("900.000.000")
        firm.get_by_role("button", name="Gửi yêu cầu").click()
        expect(firm.get_by_text("Yêu cầu của bạn đã được gửi.")).to_be_visible()
        inquiry_id = re.search(r"/inquiries/(\d+)", firm.url).group(1)

        _sign_in(owner, live_server, demo_data["hcmut@techport.example"])
        owner.goto(live_server + "/my/inquiries")
        row = owner.locator(f'tr[data-inquiry-id="{inquiry_id}"]')
        expect(row.locator(".unread-count")).to_have_text("1")
        row.get_by_role("link", name=title).click()
        expect(owner.locator(".inquiry-message.unread")).to_contain_text("nhà máy ở Bình Dương")
        owner.get_by_label("Tin nhắn").fill("Chúng tôi gửi báo giá trong tuần này.")
        owner.get_by_role("button", name="Gửi", exact=True).click()
        expect(owner.locator(".inquiry-stage")).to_have_text("Đang trao đổi")
        owner.get_by_label("Giá trị hợp đồng (VNĐ)").fill("850.000.000")
        owner.get_by_role("button", name="Ghi nhận hợp đồng").click()
        expect(owner.locator(".inquiry-stage")).to_have_text("Đã ký hợp đồng")
        expect(owner.locator(".agreement-value")).to_contain_text("850.000.000")
        owner.goto(live_server + "/my/inquiries")
        expect(owner.locator(f'tr[data-inquiry-id="{inquiry_id}"] .unread-count')).to_have_count(0)
        for path in (f"/inquiries/{inquiry_id}", "/my/inquiries", "/my/inquiries/pipeline"):
            _fits_a_phone_and_passes_axe(owner, live_server, path)

        _sign_in(curator, live_server, demo_data["curator@techport.example"])
        curator.goto(live_server + "/curation/inquiries?stage=agreement_signed")
        curated = curator.locator(f'tr[data-inquiry-id="{inquiry_id}"]')
        expect(curated).to_contain_text(title)
        expect(curated).to_contain_text("850.000.000")
        expect(curator.get_by_role("main")).not_to_contain_text("nhà máy ở Bình Dương")
        _fits_a_phone_and_passes_axe(curator, live_server, "/curation/inquiries")
    finally:
        for page in (firm, owner, curator):
            page.context.close()
