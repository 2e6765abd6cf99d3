"""Exhibit views count once per visitor and day, through the page's beacon, never through a page load."""

import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from techport.exhibits import services, visits
from techport.exhibits.models import ExhibitVisit, VisitKind
from techport.extensions import db
from techport.listings import workflow
from techport.listings.models import Listing
from tests.exhibits.conftest import CURATOR, item_ids
from tests.helpers import sign_in

FIREFOX = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"}
PHONE = {"User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Version/17.5 Mobile Safari/604.1"}


def _views(app, slug: str) -> list[tuple[int, int]]:
    with app.app_context():
        return [(item.page_views, item.sheet_views) for item in services.get_by_slug(slug).items]


@pytest.fixture
def exhibit(make_listing, make_exhibit):
    return make_exhibit(make_listing("hcmut", status="published"), make_listing("hcmut", status="published"))


def test_loading_the_pages_writes_nothing_and_they_carry_the_beacon(client, app, exhibit):
    first, _ = item_ids(app, exhibit)
    page = client.get(f"/exhibits/{exhibit}", headers=FIREFOX).get_data(as_text=True)
    sheet = client.get(f"/exhibits/{exhibit}/items/{first}/sheet", headers=FIREFOX).get_data(as_text=True)
    client.head(f"/exhibits/{exhibit}", headers=FIREFOX)
    assert _views(app, exhibit) == [(0, 0), (0, 0)]
    assert f'data-visit-url="/exhibits/{exhibit}/visit"' in page
    assert f'data-visit-url="/exhibits/{exhibit}/items/{first}/sheet/visit"' in sheet
    for html in (page, sheet):
        assert re.search(r'<script src="/static/js/exhibit-visit.js[^"]*" defer></script>', html)
    script = client.get("/static/js/exhibit-visit.js")
    assert script.status_code == 200 and "sendBeacon" in script.get_data(as_text=True)


def test_the_same_visitor_counts_once_a_day_and_another_visitor_counts_again(client, app, exhibit):
    first, _ = item_ids(app, exhibit)
    for _ in range(2):
        assert client.post(f"/exhibits/{exhibit}/visit", headers=FIREFOX).status_code == 204
        client.post(f"/exhibits/{exhibit}/items/{first}/sheet/visit", headers=FIREFOX)
    assert _views(app, exhibit) == [(1, 1), (1, 0)]
    client.post(f"/exhibits/{exhibit}/visit", headers=PHONE)
    app.test_client().post(f"/exhibits/{exhibit}/visit", headers=FIREFOX, environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert _views(app, exhibit) == [(3, 1), (3, 0)]


@pytest.mark.parametrize(
    "headers",
    [
        {"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"},
        {"User-Agent": "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"},
        {"User-Agent": "Mozilla/5.0 (compatible; Zalo-Preview)"},
        {"User-Agent": "Baiduspider"},
        {"User-Agent": "ia_archiver crawler"},
        {"User-Agent": ""},
        {**FIREFOX, "Sec-Purpose": "prefetch"},
        {**FIREFOX, "Purpose": "prefetch"},
        {**FIREFOX, "Sec-Fetch-Site": "cross-site"},
    ],
)
def test_robots_prefetches_and_other_sites_are_not_counted(client, app, exhibit, headers):
    assert client.post(f"/exhibits/{exhibit}/visit", headers=headers).status_code == 204
    assert _views(app, exhibit) == [(0, 0), (0, 0)]


def test_curators_are_not_counted_and_a_signed_in_member_counts_once_on_any_device(app, exhibit, make_user, demo_data):
    curator = app.test_client()
    sign_in(curator, CURATOR, demo_data[CURATOR]["password"])
    curator.post(f"/exhibits/{exhibit}/visit", headers=FIREFOX)
    assert _views(app, exhibit) == [(0, 0), (0, 0)]
    email = make_user("sao-mai-agritech-demo")
    for headers in (FIREFOX, PHONE):
        member = app.test_client()
        sign_in(member, email)
        member.post(f"/exhibits/{exhibit}/visit", headers=headers)
    assert _views(app, exhibit) == [(1, 0), (1, 0)]


def test_unknown_exhibits_and_hidden_items_have_no_beacon(client, app, make_listing, make_exhibit):
    draft = make_exhibit(make_listing("hcmut", status="published"), published=False)
    [item] = item_ids(app, draft)
    assert client.post(f"/exhibits/{draft}/visit", headers=FIREFOX).status_code == 404
    assert client.post("/exhibits/no-such-exhibit/visit", headers=FIREFOX).status_code == 404
    listing_id = make_listing("hcmut", status="published")
    live = make_exhibit(listing_id)
    [hidden] = item_ids(app, live)
    with app.app_context():
        workflow.take_step(db.session.get(Listing, listing_id), "archive")
    assert client.post(f"/exhibits/{live}/items/{hidden}/sheet/visit", headers=FIREFOX).status_code == 404
    assert client.post(f"/exhibits/{live}/items/{item}/sheet/visit", headers=FIREFOX).status_code == 404


def test_a_visitor_counts_again_the_next_day_and_old_visits_are_forgotten(app, exhibit):
    today = date.today()
    with app.app_context():
        items = services.get_by_slug(exhibit).items
        assert visits.record(items, VisitKind.PAGE, "visitor", today - timedelta(days=1)) == 2
        assert visits.record(items, VisitKind.PAGE, "visitor", today) == 2
        assert visits.record(items, VisitKind.PAGE, "visitor", today) == 0
        assert visits.visitor_key("visitor", today) != visits.visitor_key("visitor", today - timedelta(days=1))
    assert _views(app, exhibit) == [(2, 0), (2, 0)]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.min(ExhibitVisit.day))) == today
