"""A curator builds a Techmart Daily exhibit from search results and publishes it; a visitor prints a sheet."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.helpers import unique_title

pytestmark = pytest.mark.browser

LISTING = "Máy bơm nước năng lượng mặt trời cho tưới tiêu"


def test_a_curator_builds_and_publishes_an_exhibit_and_a_visitor_opens_a_sheet(
    browser, live_server, demo_data, indexed_corpus
):
    title = unique_title("Triển lãm bơm năng lượng mặt trời")
    account = demo_data["curator@techport.example"]
    curator = browser.new_context(locale="vi-VN").new_page()
    visitor = browser.new_context(locale="vi-VN").new_page()
    try:
        curator.goto(live_server + "/account/sign-in")
        curator.get_by_label("E-mail").fill(account["email"])
        curator.get_by_label("Mật khẩu").fill(account["password"])
        curator.get_by_role("main").get_by_role("button", name="Đăng nhập").click()
        navigation = curator.get_by_role("navigation", name="Điều hướng chính")
        expect(navigation).to_contain_text(account["full_name"])

        navigation.get_by_role("link", name="Techmart Daily").click()
        curator.get_by_role("link", name="Triển lãm mới").click()
        curator.get_by_label("Tiêu đề tiếng Việt").fill(title)
        curator.get_by_label("Tiêu đề tiếng Anh").fill("Solar pumping exhibit")
        curator.get_by_label("Chủ đề").fill("Năng lượng cho nông nghiệp")
        curator.get_by_label("Ngày khai mạc").fill((date.today() - timedelta(days=1)).isoformat())
        curator.get_by_label("Ngày bế mạc").fill((date.today() + timedelta(days=30)).isoformat())
        curator.get_by_label("Địa điểm").fill("Techmart Daily, Quận 3")
        curator.get_by_role("button", name="Tạo triển lãm").click()
        expect(curator.get_by_text("Triển lãm đã được tạo ở dạng bản nháp.")).to_be_visible()

        curator.get_by_label("Tìm tin đã công bố").fill("may bom nuoc nang luong mat troi")
        curator.get_by_role("button", name="Tìm", exact=True).click()
        curator.get_by_role("button", name=f"Thêm “{LISTING}”").click()
        expect(curator.get_by_text(f"Đã thêm “{LISTING}” vào triển lãm.")).to_be_visible()
        curator.get_by_role("button", name="Công bố triển lãm").click()
        expect(curator.get_by_text("Triển lãm đã được công bố: Đang diễn ra.")).to_be_visible()

        visitor.goto(live_server + "/")
        visitor.get_by_role("link", name=title).click()
        expect(visitor.get_by_role("heading", level=1)).to_have_text(title)
        visitor.get_by_role("link", name=f"Tờ giới thiệu để in cho “{LISTING}”").click()
        expect(visitor.get_by_role("heading", level=1)).to_have_text(LISTING)
        qr = visitor.get_by_role("img", name="Mã QR mở tin này trên Techport")
        expect(qr).to_be_visible()
        assert qr.get_attribute("src").startswith("data:image/png;base64,")
        assert visitor.evaluate("() => document.querySelector('.sheet-qr img').naturalWidth") > 0
    finally:
        curator.context.close()
        visitor.context.close()
