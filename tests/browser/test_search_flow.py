"""A visitor searches without diacritics, narrows by two facets, opens a result and sees its matches."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_search_facets_result_and_matches(page, live_server, indexed_corpus):
    page.goto(live_server + "/")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Tìm kiếm").click()
    page.get_by_label("Tìm kiếm", exact=True).fill("may bom nuoc nang luong mat troi")
    page.get_by_role("main").get_by_role("button", name="Tìm kiếm", exact=True).click()
    results = page.locator(".result")
    expect(results.first).to_be_visible()

    page.locator('[data-facet="kind"] [data-facet-value="offer"]').click()
    expect(page.locator('[data-facet="kind"] a.selected')).to_have_count(1)
    page.locator('[data-facet="sector"] [data-facet-value="energy"]').click()
    expect(page.locator('[data-facet="sector"] a.selected')).to_have_count(1)
    expect(page.locator(".result-kind").first).to_contain_text("Chào bán công nghệ")

    page.locator(".result h2 a", has_text="Máy bơm nước năng lượng mặt trời cho tưới tiêu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Máy bơm nước năng lượng mặt trời cho tưới tiêu")
    matches = page.locator(".matches .match")
    expect(matches.first).to_be_visible()
    expect(page.locator(".matches")).to_contain_text("Cần hệ thống bơm tưới dùng điện mặt trời cho trang trại")
    expect(page.locator(".matches .match-reasons").first).to_contain_text("Cùng lĩnh vực")
