"""A university offer from draft to the public page, through two people's browsers."""

import re

import pytest
from playwright.sync_api import expect

from tests.helpers import unique_title

pytestmark = pytest.mark.browser


def _sign_in(page, live_server, account: dict) -> None:
    page.goto(live_server + "/account/sign-in")
    page.get_by_label("E-mail").fill(account["email"])
    page.get_by_label("Mật khẩu").fill(account["password"])
    page.get_by_role("main").get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("navigation", name="Điều hướng chính")).to_contain_text(account["full_name"])


def test_a_university_offer_is_created_submitted_approved_and_published(browser, live_server, demo_data):
    title = unique_title("Máy sấy nông sản bơm nhiệt")
    member = browser.new_context(locale="vi-VN").new_page()
    curator = browser.new_context(locale="vi-VN").new_page()
    try:
        _sign_in(member, live_server, demo_data["hcmut@techport.example"])
        member.get_by_role("button", name=demo_data["hcmut@techport.example"]["full_name"]).click()
        member.get_by_role("link", name="Tin của tôi").click()
        member.get_by_role("link", name="Tạo mới: Chào bán công nghệ").click()
        member.get_by_label("Tiêu đề").fill(title)
        member.get_by_label("Tóm tắt ngắn").fill("Sấy nông sản ở nhiệt độ thấp, giữ màu và hương vị.")
        member.get_by_label("Mô tả", exact=True).fill("Buồng sấy 300 kg mỗi mẻ; tiết kiệm 45% điện năng.")
        member.get_by_label("Mức độ sẵn sàng của công nghệ (TRL)").select_option("7")
        member.get_by_label("Nông nghiệp thông minh, công nghệ cao").check()
        member.get_by_label("Chuyển giao quyền sử dụng (li-xăng)").check()
        member.get_by_label("E-mail liên hệ").fill("khoa.private@hcmut.example")
        member.get_by_role("button", name="Lưu và gửi duyệt").click()
        expect(member.get_by_text("Tin đã được lưu và gửi đến biên tập viên.")).to_be_visible()
        expect(member.get_by_role("heading", level=1)).to_have_text(title)
        listing_url = member.url

        _sign_in(curator, live_server, demo_data["curator@techport.example"])
        curator.get_by_role("button", name="Kiểm duyệt").click()
        curator.get_by_role("link", name="Hàng chờ duyệt").click()
        curator.get_by_role("button", name=f"Duyệt “{title}”").click()
        expect(curator.get_by_text(f"“{title}” đã được công bố")).to_be_visible()

        visitor = browser.new_context(locale="vi-VN").new_page()
        visitor.goto(live_server + "/organisations/hcmut")
        visitor.get_by_role("link", name=title).click()
        expect(visitor).to_have_url(re.compile(re.escape(listing_url) + "$"))
        expect(visitor.get_by_role("heading", level=1)).to_have_text(title)
        expect(visitor.get_by_role("main")).not_to_contain_text("khoa.private@hcmut.example")
        visitor.context.close()
    finally:
        member.context.close()
        curator.context.close()
