"""Exhibit pages: who may curate (tried by URL too), what the public sees, interest, sheets, statistics."""

import base64
import io
import json
import re

import pytest
import zxingcpp
from PIL import Image

from techport import create_app
from techport.exhibits import services
from techport.extensions import db
from techport.listings.models import Listing
from techport.listings.services import profile_record
from techport.listings.transfer import import_lines
from tests.exhibits.conftest import CURATOR, item_ids
from tests.helpers import UNREACHABLE_SEARCH_URL, app_settings, csrf_token, mail_to, sign_in, submit

QR_IMAGE = re.compile(r'<img src="data:image/png;base64,([^"]+)"')
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)")
BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"}
OTHER_BROWSER = {"User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Safari/604.1"}


def _curator(client, demo_data):
    sign_in(client, CURATOR, demo_data[CURATOR]["password"])
    return client


def _post(client, url: str, data: dict | None = None, form_url: str = "/exhibits/"):
    return submit(client, url, data or {}, form_url=form_url)


def _exhibit_form(**changes) -> dict:
    form = {
        "title_vi": "Triển lãm thiết bị đo kiểm",
        "title_en": "Test equipment exhibit",
        "description_vi": "Thiết bị của các trường.",
        "description_en": "Equipment from universities.",
        "theme": "Thiết bị",
        "starts_on": "2026-01-10",
        "ends_on": "2026-02-10",
        "venue": "Techmart Daily",
        "booth": "B",
    }
    form.update(changes)
    return form


def _listing_path(app, listing_id: int) -> str:
    with app.app_context():
        listing = db.session.get(Listing, listing_id)
        return f"/listings/{listing.id}-{listing.slug}"


def test_visitors_are_sent_to_sign_in_and_members_refused_for_every_curator_page(
    client, make_user, make_listing, make_exhibit
):
    slug = make_exhibit(make_listing("hcmut", status="published"))
    [item] = item_ids(client.application, slug)
    pages = [
        "/exhibits/new",
        f"/exhibits/{slug}/edit",
        f"/exhibits/{slug}/editor",
        f"/exhibits/{slug}/cover/edit",
        f"/exhibits/{slug}/stats.csv",
    ]
    actions = [
        f"/exhibits/{slug}/items",
        f"/exhibits/{slug}/items/{item}",
        f"/exhibits/{slug}/items/{item}/move/up",
        f"/exhibits/{slug}/items/{item}/remove",
        f"/exhibits/{slug}/publish",
        f"/exhibits/{slug}/unpublish",
        f"/exhibits/{slug}/cover/remove",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302 and "/account/sign-in" in response.headers["Location"], url
    sign_in(client, make_user("hcmut"))
    for url in pages:
        assert client.get(url).status_code == 403, url
    token = csrf_token(client, "/exhibits/")
    for url in actions:
        assert client.post(url, data={"csrf_token": token, "listing_id": "1"}).status_code == 403, url
    assert submit(client, "/exhibits/new", _exhibit_form(), form_url="/exhibits/").status_code == 403
    with client.application.app_context():
        assert services.get_by_slug(slug).published and len(services.get_by_slug(slug).items) == 1


def test_drafts_are_not_public(client, make_user, make_listing, make_exhibit, demo_data):
    slug = make_exhibit(make_listing("hcmut", status="published"), published=False)
    [item] = item_ids(client.application, slug)
    assert client.get(f"/exhibits/{slug}").status_code == 404
    assert client.get(f"/exhibits/{slug}/items/{item}/sheet").status_code == 404
    assert slug not in client.get("/").get_data(as_text=True)
    sign_in(client, make_user("sao-mai-agritech-demo"))
    assert client.get(f"/exhibits/{slug}").status_code == 404
    curator = client.application.test_client()
    _curator(curator, demo_data)
    assert curator.get(f"/exhibits/{slug}").status_code == 200


def test_a_curator_creates_fills_and_publishes_an_exhibit(client, app, make_listing, demo_data):
    listing_id = make_listing("hcmut", status="published", offer_type="equipment")
    _curator(client, demo_data)
    response = submit(client, "/exhibits/new", _exhibit_form(starts_on="2020-01-01", ends_on="2099-12-31"))
    assert response.status_code == 302
    editor = response.headers["Location"]
    slug = editor.split("/")[2]
    assert client.get(f"/exhibits/{slug}").status_code == 200
    assert _post(client, f"/exhibits/{slug}/items", {"listing_id": listing_id}, form_url=editor).status_code == 302
    [item] = item_ids(app, slug)
    _post(
        client,
        f"/exhibits/{slug}/items/{item}",
        {f"item-{item}-note": "Trình diễn trực tiếp", f"item-{item}-booth": "B7", f"item-{item}-featured": "y"},
        form_url=editor,
    )
    assert _post(client, f"/exhibits/{slug}/publish", form_url=editor).status_code == 302

    visitor = app.test_client()
    page = visitor.get(f"/exhibits/{slug}").get_data(as_text=True)
    assert "Trình diễn trực tiếp" in page and "B7" in page and _listing_path(app, listing_id) in page
    assert f"/exhibits/{slug}" in visitor.get("/").get_data(as_text=True)


def test_an_end_before_the_start_is_refused(client, demo_data):
    _curator(client, demo_data)
    client.get("/lang/en")
    response = submit(client, "/exhibits/new", _exhibit_form(ends_on="2026-01-01"))
    assert response.status_code == 400
    assert "The last day cannot be before the first day." in response.get_data(as_text=True)


def test_a_withdrawn_listing_leaves_the_exhibit_and_the_curators_are_told(
    client, app, make_user, make_listing, make_exhibit
):
    listing_id = make_listing("hcmut", status="published")
    slug = make_exhibit(listing_id)
    path = _listing_path(app, listing_id)
    assert path in client.get(f"/exhibits/{slug}").get_data(as_text=True)
    before = len(mail_to(app, CURATOR))

    owner = app.test_client()
    sign_in(owner, make_user("hcmut"))
    assert submit(owner, f"/listings/{listing_id}/withdraw", {}, form_url="/my/listings").status_code == 302

    assert path not in client.get(f"/exhibits/{slug}").get_data(as_text=True)
    [item] = item_ids(app, slug)
    assert client.get(f"/exhibits/{slug}/items/{item}/sheet").status_code == 404
    messages = mail_to(app, CURATOR)[before:]
    assert len(messages) == 1
    assert "Techmart Daily" in messages[0].subject and f"(no. {listing_id})" in messages[0].body


def test_firm_members_register_interest_once_and_only_curators_and_owners_see_who(
    client, app, make_user, make_listing, make_exhibit, demo_data
):
    listing_id = make_listing("hcmut", status="published")
    slug = make_exhibit(listing_id)
    [item] = item_ids(app, slug)
    interest = f"/exhibits/{slug}/items/{item}/interest"

    firm_email = make_user("sao-mai-agritech-demo")
    sign_in(client, firm_email)
    for _ in range(2):
        assert submit(client, interest, {}, form_url=f"/exhibits/{slug}").status_code == 302
    assert client.get(interest).status_code == 403
    with app.app_context():
        assert len(services.get_by_slug(slug).items[0].interests) == 1

    assert firm_email not in app.test_client().get(f"/exhibits/{slug}").get_data(as_text=True)
    owner = app.test_client()
    sign_in(owner, make_user("hcmut"))
    interest_list = owner.get(interest)
    assert firm_email in interest_list.get_data(as_text=True)
    assert "no-store" in interest_list.headers["Cache-Control"]
    assert submit(owner, interest, {}, form_url=f"/exhibits/{slug}").status_code == 403
    curator = _curator(app.test_client(), demo_data)
    assert firm_email in curator.get(interest).get_data(as_text=True)
    other = app.test_client()
    sign_in(other, make_user("hcmus"))
    assert other.get(interest).status_code == 403


def test_a_visitor_is_sent_to_sign_in_before_registering_interest(client, make_listing, make_exhibit):
    slug = make_exhibit(make_listing("hcmut", status="published"))
    [item] = item_ids(client.application, slug)
    client.application.config["WTF_CSRF_ENABLED"] = False
    try:
        response = client.post(f"/exhibits/{slug}/items/{item}/interest")
    finally:
        client.application.config["WTF_CSRF_ENABLED"] = True
    assert response.status_code == 302 and "/account/sign-in" in response.headers["Location"]


def _exhibit_id(app, slug: str) -> int:
    from techport.exhibits.services import get_by_slug

    with app.app_context():
        return get_by_slug(slug).id


def test_the_printable_sheet_has_a_qr_code_of_the_listing_url(client, app, make_listing, make_exhibit):
    listing_id = make_listing("hcmut", status="published")
    slug = make_exhibit(listing_id)
    [item] = item_ids(app, slug)
    response = client.get(f"/exhibits/{slug}/items/{item}/sheet")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    [encoded] = QR_IMAGE.findall(page)
    image = Image.open(io.BytesIO(base64.b64decode(encoded)))
    [barcode] = zxingcpp.read_barcodes(image)
    assert barcode.format == zxingcpp.BarcodeFormat.QRCode
    # The scan is recorded as the inquiry's source: src=qr and the exhibit travel to the contact form.
    exhibit_id = _exhibit_id(app, slug)
    assert barcode.text == f"{app.config['BASE_URL']}{_listing_path(app, listing_id)}?src=qr&exhibit={exhibit_id}"
    assert not INLINE_SCRIPT.search(page) and "style=" not in page
    css = client.get("/static/css/site.css").get_data(as_text=True)
    assert "@media print" in css


def test_views_are_counted_and_exported_as_csv_for_curators_only(
    client, app, make_user, make_listing, make_exhibit, demo_data
):
    listing_id = make_listing("hcmut", status="published")
    slug = make_exhibit(listing_id)
    [item] = item_ids(app, slug)
    client.post(f"/exhibits/{slug}/visit", headers=BROWSER)
    client.post(f"/exhibits/{slug}/visit", headers=BROWSER)
    client.post(f"/exhibits/{slug}/visit", headers=OTHER_BROWSER)
    client.post(f"/exhibits/{slug}/items/{item}/sheet/visit", headers=BROWSER)

    member = app.test_client()
    sign_in(member, make_user("sao-mai-agritech-demo"))
    assert member.get(f"/exhibits/{slug}/stats.csv").status_code == 403
    curator = _curator(app.test_client(), demo_data)
    response = curator.get(f"/exhibits/{slug}/stats.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == (
        "Thứ tự,Số tin,Tiêu đề,Tổ chức,Loại tin,Trạng thái tin,Hiển thị trong triển lãm,Nổi bật,Gian hàng,"
        "Lượt xem trang triển lãm,Lượt xem tờ giới thiệu,Quan tâm"
    )
    assert lines[1].startswith(f"1,{listing_id},") and lines[1].endswith(",2,1,0")
    assert ",Chào bán công nghệ,Đã công bố,có,không," in lines[1]
    curator.get("/lang/en")
    english = curator.get(f"/exhibits/{slug}/stats.csv").get_data(as_text=True).splitlines()
    assert english[0] == (
        "Position,Listing number,Title,Organisation,Listing kind,Listing status,Shown in the exhibit,Featured,Booth,"
        "Exhibit page views,Sheet views,Interest"
    )
    assert ",Technology offer,Published,yes,no," in english[1]


def test_the_editor_finds_published_listings_through_search(client, app, indexed_corpus, make_exhibit, demo_data):
    slug = make_exhibit()
    _curator(client, demo_data)
    page = client.get(f"/exhibits/{slug}/editor", query_string={"q": "may bom nuoc nang luong mat troi"}).get_data(
        as_text=True
    )
    assert "Máy bơm nước năng lượng mặt trời cho tưới tiêu" in page
    assert "Thêm “Máy bơm nước năng lượng mặt trời cho tưới tiêu”" in page
    assert "Cần hệ thống bơm tưới" not in page
    assert "Bản nháp máy bơm nước bí mật" not in page


def test_the_editor_says_when_search_is_unavailable(database_url, app, make_exhibit, demo_data):
    slug = make_exhibit()
    down_app = create_app(app_settings(database_url, ELASTICSEARCH_URL=UNREACHABLE_SEARCH_URL))
    client = _curator(down_app.test_client(), demo_data)
    client.get("/lang/en")
    response = client.get(f"/exhibits/{slug}/editor", query_string={"q": "drone"})
    assert response.status_code == 200
    assert "Search is unavailable at the moment, so listings cannot be found here." in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/", "/exhibits/"])
def test_public_pages_have_no_inline_scripts(client, url):
    page = client.get(url).get_data(as_text=True)
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert all(re.search(r'\ssrc="/static/', tag) for tag in scripts), scripts
    assert "<style" not in page and "style=" not in page


def test_an_import_that_unpublishes_an_exhibited_listing_tells_the_curators(app, make_listing, make_exhibit):
    listing_id = make_listing("hcmut", status="published")
    make_exhibit(listing_id)
    with app.app_context():
        record = profile_record(db.session.get(Listing, listing_id)) | {"status": "archived"}
    before = len(mail_to(app, CURATOR))

    with app.app_context():
        assert import_lines([json.dumps(record)], dry_run=True).updated == 1
    assert len(mail_to(app, CURATOR)) == before

    with app.app_context():
        assert import_lines([json.dumps(record)]).updated == 1
    messages = mail_to(app, CURATOR)[before:]
    assert len(messages) == 1 and f"(no. {listing_id})" in messages[0].body
