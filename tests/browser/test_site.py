"""A visitor's path through the site in a real browser."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_switch_language_sign_in_and_see_the_organisation(page, live_server, demo_data):
    page.goto(live_server + "/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sàn giao dịch công nghệ")

    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ho Chi Minh City technology exchange")

    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Sign in").click()
    page.get_by_label("E-mail").fill("hcmut@techport.example")
    page.get_by_label("Password").fill(demo_data["hcmut@techport.example"]["password"])
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Welcome, Trần Minh Khoa.")).to_be_visible()

    page.get_by_role("button", name="Trần Minh Khoa").click()
    page.get_by_role("link", name="My organisation").click()
    expect(page).to_have_url(re.compile(r"/organisations/hcmut/manage$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ho Chi Minh City University of Technology")
    expect(page.get_by_role("cell", name="hcmut@techport.example")).to_be_visible()

    page.get_by_role("link", name="See the public page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ho Chi Minh City University of Technology – VNU-HCM")


def test_skip_link_moves_focus_to_the_main_content(page, live_server):
    page.goto(live_server + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Chuyển đến nội dung chính")
    expect(skip).to_be_focused()
    skip.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
