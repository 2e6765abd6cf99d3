"""Issue 17's "done when", in a phone-sized browser: a university admin adds a patent with a priority claim
and sees its deadlines, each with its rule, on the asset and in the calendar."""

import re

import pytest
from playwright.sync_api import expect

from tests.helpers import unique_title

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def test_an_admin_adds_a_patent_and_sees_its_deadlines_and_rules(browser, live_server, demo_data):
    admin = demo_data["hcmut@techport.example"]
    title = unique_title("Vật liệu lọc nước từ vỏ trấu")
    page = browser.new_context(locale="vi-VN", viewport=PHONE).new_page()
    try:
        page.goto(live_server + "/account/sign-in")
        page.get_by_label("E-mail").fill(admin["email"])
        page.get_by_label("Mật khẩu").fill(admin["password"])
        page.get_by_role("main").get_by_role("button", name="Đăng nhập").click()
        expect(page).not_to_have_url(re.compile(r"/sign-in"))

        page.goto(live_server + "/account/")
        page.get_by_role("link", name="Sổ đăng ký tài sản trí tuệ").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Tổng quan danh mục")
        _no_sideways_scroll(page)
        page.get_by_role("link", name="Thêm tài sản").click()
        page.get_by_label("Tên tài sản").fill(title)
        page.get_by_label("Loại văn bằng bảo hộ").select_option("patent")
        page.get_by_label("Tình trạng pháp lý").select_option("filed")
        page.get_by_label("Số đơn").fill("1-2024-01532")
        page.get_by_label("Ngày nộp đơn").fill("2024-03-15")
        page.get_by_label("Ngày ưu tiên").fill("2023-09-20")
        page.get_by_label("Chủ sở hữu và đồng chủ sở hữu").fill("Trường Đại học Bách khoa; 100")
        _no_sideways_scroll(page)
        page.get_by_role("button", name="Lưu", exact=True).click()

        expect(page.get_by_text("Tài sản đã được thêm vào sổ đăng ký.")).to_be_visible()
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        main = page.get_by_role("main")
        deadlines = main.get_by_role("table").first
        examination = deadlines.get_by_role("row").filter(has_text="Yêu cầu thẩm định nội dung")
        expect(examination).to_contain_text("2027-03-20")
        expect(examination).to_contain_text("Điều 113 khoản 2")
        expect(examination).to_contain_text("từ ngày ưu tiên")
        term = deadlines.get_by_role("row").filter(has_text="Hết thời hạn bảo hộ")
        expect(term).to_contain_text("2044-03-15")
        expect(term).to_contain_text("Điều 93 khoản 2")
        expect(main.locator("[data-deadline=term-end]")).to_have_text("2044-03-15")
        expect(main.locator("[data-deadline=next-fee]")).to_contain_text("2027-03-20")
        _no_sideways_scroll(page)

        page.get_by_role("link", name="Lịch thời hạn").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Lịch thời hạn")
        mine = page.get_by_role("row").filter(has_text=title)
        expect(mine.filter(has_text="2027-03-20")).to_contain_text("Điều 113 khoản 2")
        expect(mine.filter(has_text="2044-03-15")).to_contain_text("Điều 93 khoản 2")
        _no_sideways_scroll(page)
    finally:
        page.context.close()
