"""Forms sent with mistakes on a phone: each error beside its field (Bootstrap's is-invalid and invalid-feedback,
tied by aria-describedby), a summary linking to the fields, no sideways scroll and no serious axe finding."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.journeys import FIRM, PHONE, serious_violations, sign_in

pytestmark = pytest.mark.browser


def _assert_inline_error(page, field_id: str) -> None:
    field = page.locator(f"#{field_id}")
    expect(field).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(field).to_have_attribute("aria-invalid", "true")
    assert f"{field_id}-error" in field.get_attribute("aria-describedby").split()
    expect(page.locator(f"#{field_id}-error.invalid-feedback")).to_be_visible()


def _assert_fits_and_is_accessible(page, live_server: str) -> None:
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    assert serious_violations(page, live_server) == []


def test_sign_up_errors_are_shown_beside_their_fields(browser, live_server, demo_data):
    context = browser.new_context(locale="vi-VN", viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(live_server + "/account/sign-up")
        page.get_by_label("Họ và tên").fill("Trần Văn Bình")
        page.get_by_role("button", name="Đăng ký tài khoản").click()
        summary = page.get_by_role("alert")
        expect(summary).to_contain_text("E-mail")
        _assert_inline_error(page, "email")
        _assert_inline_error(page, "password")
        expect(page.get_by_label("Họ và tên")).to_have_value("Trần Văn Bình")
        summary.get_by_role("link", name="E-mail").click()
        expect(page.locator("#email")).to_be_focused()
        _assert_fits_and_is_accessible(page, live_server)
    finally:
        context.close()


def test_listing_form_errors_are_shown_beside_their_fields(browser, live_server, demo_data):
    context = browser.new_context(locale="vi-VN", viewport=PHONE)
    page = context.new_page()
    try:
        sign_in(page, live_server, demo_data[FIRM])
        page.goto(live_server + "/listings/new/offer")
        page.get_by_role("button", name="Lưu và gửi duyệt").click()
        expect(page.get_by_role("alert")).to_contain_text("Tiêu đề")
        _assert_inline_error(page, "title")
        sectors = page.locator("fieldset[aria-describedby~='sectors-error']")
        expect(sectors.locator(".form-check-input.is-invalid").first).to_be_visible()
        expect(page.locator("#sectors-error.invalid-feedback")).to_be_visible()
        _assert_fits_and_is_accessible(page, live_server)
    finally:
        context.close()
