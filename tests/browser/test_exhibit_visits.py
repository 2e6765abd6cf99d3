"""A real browser counts an exhibit visit through the page's beacon script, allowed by the CSP, once a day."""

import re
from datetime import date, timedelta

import pytest

from techport.exhibits import services
from techport.extensions import db
from techport.listings.models import Listing
from tests.exhibits.conftest import CURATOR, session_user
from tests.helpers import unique_title

pytestmark = pytest.mark.browser


def _live_exhibit(app, listing_id: int) -> str:
    with app.app_context():
        exhibit = services.create_exhibit(
            {
                "title_vi": unique_title("Triển lãm lượt xem"),
                "title_en": unique_title("Visits exhibit"),
                "description_vi": "",
                "description_en": "",
                "theme": "Nông nghiệp",
                "starts_on": date.today() - timedelta(days=1),
                "ends_on": date.today() + timedelta(days=7),
                "venue": "Techmart Daily",
                "booth": "",
            },
            session_user(CURATOR),
        )
        services.add_item(exhibit, db.session.get(Listing, listing_id))
        services.set_published(exhibit, True)
        return exhibit.slug


def _views(app, slug: str) -> tuple[int, int]:
    with app.app_context():
        [item] = services.get_by_slug(slug).items
        return item.page_views, item.sheet_views


def test_a_visitors_browser_counts_the_page_and_the_sheet_once(browser, live_server, app, make_listing):
    slug = _live_exhibit(app, make_listing("hcmut", status="published"))
    page = browser.new_context(locale="vi-VN").new_page()
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    try:
        for _ in range(2):
            with page.expect_response(re.compile(rf"/exhibits/{slug}/visit$")) as beacon:
                page.goto(f"{live_server}/exhibits/{slug}")
            assert beacon.value.status == 204
        with page.expect_response(re.compile(r"/sheet/visit$")) as beacon:
            page.get_by_role("link", name=re.compile("Tờ giới thiệu để in")).click()
        assert beacon.value.status == 204
    finally:
        page.context.close()
    assert not [text for text in messages if "Content Security Policy" in text]
    assert _views(app, slug) == (1, 1)
