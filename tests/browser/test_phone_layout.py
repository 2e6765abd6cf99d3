"""At 390 px (a common phone) no main page scrolls sideways, search shows a result on the first screen,
and the collapsed menu opens and leads to working pages."""

import pytest
from playwright.sync_api import expect

from tests.browser.journeys import CURATOR, PHONE, main_pages, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(browser, live_server, demo_data):
    contexts = {}

    def page_for(account: str | None):
        if account not in contexts:
            contexts[account] = browser.new_context(locale="vi-VN", viewport=PHONE)
            if account:
                sign_in(contexts[account].new_page(), live_server, demo_data[account])
        page = contexts[account].new_page()
        page.set_default_timeout(15_000)
        return page

    yield page_for
    for context in contexts.values():
        context.close()


@pytest.mark.parametrize("width", [PHONE["width"], 1366])
def test_no_main_page_scrolls_sideways(app, phone, live_server, indexed_corpus, width):
    for path, account in main_pages(app):
        page = phone(account)
        page.set_viewport_size({"width": width, "height": PHONE["height"]})
        response = page.goto(live_server + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
        assert scroll_width <= width, f"{path} is {scroll_width} px wide"
        page.close()


def test_the_first_search_result_is_on_the_first_screen(phone, live_server, indexed_corpus):
    page = phone(None)
    page.goto(live_server + "/search?q=drone")
    first = page.locator(".result").first
    expect(first).to_be_visible()
    assert first.bounding_box()["y"] < PHONE["height"]
    expect(page.locator("#search-filters")).not_to_be_visible()
    page.get_by_role("button", name="Bộ lọc (0)").click()
    expect(page.locator("#search-filters [data-facet='kind']")).to_be_visible()


def test_the_phone_menu_opens_and_every_link_works(phone, live_server, indexed_corpus):
    page = phone(CURATOR)
    page.goto(live_server + "/")
    menu = page.locator("#site-menu")
    expect(menu).not_to_be_visible()
    page.get_by_role("button", name="Trình đơn").click()
    expect(menu).to_be_visible()
    hrefs = []
    groups = [menu.locator(":scope > ul > li:not(.dropdown) a[href]")]
    for toggle in menu.locator("[data-bs-toggle=dropdown]").all():
        groups.append(toggle.locator("xpath=following-sibling::ul").locator("a[href]"))
    for index, links in enumerate(groups):
        if index:
            menu.locator("[data-bs-toggle=dropdown]").nth(index - 1).click()
        for link in links.all():
            expect(link).to_be_visible()
            hrefs.append(link.get_attribute("href"))
    assert "/curation/queue" in hrefs and "/my/inquiries" in hrefs
    for href in hrefs:
        response = page.request.get(live_server + href)
        assert response.status == 200, href
