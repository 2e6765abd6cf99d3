"""Listings through the web: forms for each kind, the lifecycle, the review queue and expiry."""

import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from dateutil.relativedelta import relativedelta

from techport.cli import main as techport_cli
from techport.extensions import db
from techport.listings import workflow
from techport.listings.models import Listing
from techport.listings.vocabulary import ListingStatus
from tests.helpers import listing_by_title, listing_form, mail_to, sign_in, submit

KINDS = ["offer", "need", "ip_asset"]


def _count_listings(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count(Listing.id)))


def _set(app, listing_id: int, **values) -> None:
    with app.app_context():
        listing = db.session.get(Listing, listing_id)
        for name, value in values.items():
            setattr(listing, name, value)
        db.session.commit()


def _step(client, listing_id: int, step: str):
    return submit(client, f"/listings/{listing_id}/{step}", {}, form_url="/my/listings")


@pytest.fixture
def curator(app, make_user):
    from techport.accounts.models import Role

    return make_user("dost-hcmc", role=Role.CURATOR)


@pytest.mark.parametrize("kind", KINDS)
def test_the_whole_lifecycle_of_each_kind(client, app, make_user, curator, kind):
    owner = make_user("hcmut")
    sign_in(client, owner)
    form = listing_form(kind)
    created = submit(client, f"/listings/new/{kind}", form)
    assert created.status_code == 302
    listing = listing_by_title(app, form["title"])
    assert listing.status == ListingStatus.DRAFT
    assert listing.external_id.startswith("web-")
    assert listing.price_vnd == 120_000_000
    assert listing.sectors == ["smart_agriculture", "ai"]
    assert created.headers["Location"] == f"/listings/{listing.id}-{listing.slug}"
    if kind == "ip_asset":
        assert listing.ip_details.inventors == ["Nguyễn Văn An", "Lê Thị Bình"]
        assert listing.ip_details.owners == [
            {"name": "Trường Đại học Bách khoa", "share": 70},
            {"name": "Công ty Sao Mai", "share": 30},
        ]
        assert listing.ip_details.grant_date == date(2022, 9, 30)

    edit_url = f"/listings/{listing.id}/edit"
    edit_page = client.get(edit_url).get_data(as_text=True)
    assert re.search(r'<input[^>]* checked [^>]*value="smart_agriculture"', edit_page)
    assert not re.search(r'<input[^>]* checked [^>]*value="fintech"', edit_page)
    new_title = form["title"] + " (bản sửa)"
    edited = submit(client, edit_url, {**form, "title": new_title, "version": str(listing.version)})
    assert edited.status_code == 302
    assert listing_by_title(app, new_title).id == listing.id

    assert _step(client, listing.id, "submit").status_code == 302
    assert listing_by_title(app, new_title).status == ListingStatus.SUBMITTED
    assert any(
        "chờ duyệt" in message.subject or "waiting for review" in message.subject for message in mail_to(app, curator)
    )

    curator_client = app.test_client()
    sign_in(curator_client, curator)
    assert in_review_queue(curator_client, new_title)
    approved = submit(curator_client, f"/curation/listings/{listing.id}/approve", {}, form_url="/curation/queue")
    assert approved.status_code == 302
    published = listing_by_title(app, new_title)
    assert published.status == ListingStatus.PUBLISHED
    assert published.expires_on == date.today() + relativedelta(months=12)
    assert any("published" in message.subject for message in mail_to(app, owner))
    public = app.test_client().get(f"/listings/{published.id}-{published.slug}")
    assert public.status_code == 200 and new_title in public.get_data(as_text=True)

    _set(app, listing.id, expires_on=date.today() + timedelta(days=3))
    assert _step(client, listing.id, "renew").status_code == 302
    assert listing_by_title(app, new_title).expires_on == date.today() + relativedelta(months=12)

    assert _step(client, listing.id, "withdraw").status_code == 302
    assert listing_by_title(app, new_title).status == ListingStatus.DRAFT
    assert app.test_client().get(f"/listings/{published.id}-{published.slug}").status_code == 404

    assert _step(client, listing.id, "archive").status_code == 302
    assert listing_by_title(app, new_title).status == ListingStatus.ARCHIVED
    refused = client.get(edit_url)
    assert refused.status_code == 302
    assert _step(client, listing.id, "submit").status_code == 302
    assert listing_by_title(app, new_title).status == ListingStatus.ARCHIVED


def test_save_and_submit_in_one_go(client, app, make_user):
    sign_in(client, make_user("hcmut"))
    form = listing_form("need", action="submit")
    submit(client, "/listings/new/need", form)
    assert listing_by_title(app, form["title"]).status == ListingStatus.SUBMITTED


def test_a_curator_rejects_with_a_reason_and_the_owner_reads_it(client, app, make_user, make_listing, curator):
    owner = make_user("hcmut")
    listing_id = make_listing("hcmut", status="submitted", contact={"name": "Chủ tin", "email": owner})
    curator_client = app.test_client()
    sign_in(curator_client, curator)
    reject_url = f"/curation/listings/{listing_id}/reject"

    empty = submit(curator_client, reject_url, {"reason": "  "})
    assert empty.status_code == 400
    assert "Trường này là bắt buộc." in empty.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Listing, listing_id).status == ListingStatus.SUBMITTED

    reason = "Thiếu thông số kỹ thuật; hãy bổ sung công suất."
    assert submit(curator_client, reject_url, {"reason": reason}).status_code == 302
    with app.app_context():
        listing = db.session.get(Listing, listing_id)
        assert (listing.status, listing.rejection_reason) == (ListingStatus.DRAFT, reason)
        url = f"/listings/{listing.id}-{listing.slug}"
    assert any(reason in message.body for message in mail_to(app, owner))
    sign_in(client, owner)
    page = client.get(url).get_data(as_text=True)
    assert reason in page
    assert "Sent back by a curator" in client.get("/lang/en?next=/my/listings", follow_redirects=True).get_data(
        as_text=True
    )

    assert _step(client, listing_id, "submit").status_code == 302
    with app.app_context():
        assert db.session.get(Listing, listing_id).rejection_reason == ""


def test_members_cannot_review(client, app, make_user, make_listing):
    listing_id = make_listing("hcmut", status="submitted")
    sign_in(client, make_user("hcmut"))
    assert client.get("/curation/queue").status_code == 403
    response = submit(client, f"/curation/listings/{listing_id}/approve", {}, form_url="/my/listings")
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(Listing, listing_id).status == ListingStatus.SUBMITTED


def test_editing_a_published_listing_keeps_it_public_and_tells_the_curators(
    client, app, make_user, make_listing, curator
):
    listing_id = make_listing("hcmut", status="published")
    sign_in(client, make_user("hcmut"))
    with app.app_context():
        listing = db.session.get(Listing, listing_id)
        published_on, version = listing.published_on, listing.version
    form = listing_form("offer")
    assert submit(client, f"/listings/{listing_id}/edit", {**form, "version": str(version)}).status_code == 302
    edited = listing_by_title(app, form["title"])
    assert (edited.status, edited.published_on) == (ListingStatus.PUBLISHED, published_on)
    assert any(str(listing_id) in message.body and "changed" in message.body for message in mail_to(app, curator))


def test_a_stale_form_does_not_overwrite_a_newer_save(client, app, make_user, make_listing):
    listing_id = make_listing("hcmut")
    sign_in(client, make_user("hcmut"))
    with app.app_context():
        version = db.session.get(Listing, listing_id).version
    _set(app, listing_id, summary="Changed by a colleague meanwhile.")
    form = listing_form("offer")
    response = submit(client, f"/listings/{listing_id}/edit", {**form, "version": str(version)})
    assert response.status_code == 400
    assert listing_by_title(app, form["title"]) is None


@pytest.mark.parametrize(
    ("kind", "changes", "messages"),
    [
        (
            "offer",
            {"title": "x" * 300, "trl": "", "sectors": [], "price_vnd": "khoảng 5 triệu", "contact_email": "khoa"},
            [
                "Chỉ được nhập tối đa 256 ký tự (bạn đã nhập 300).",
                "Hãy chọn một mức từ 1 đến 9.",
                "Hãy chọn ít nhất 1 mục.",
                "Hãy nhập giá bằng một số nguyên (đồng), hoặc để trống.",
                "Hãy nhập một địa chỉ e-mail hợp lệ.",
            ],
        ),
        (
            "need",
            {"summary": "", "sectors": ["ai", "fintech", "edtech", "health"], "transfer_modes": ["teleportation"]},
            ["Trường này là bắt buộc.", "Hãy chọn nhiều nhất 3 mục.", "Hãy chỉ chọn trong các lựa chọn có sẵn."],
        ),
        (
            "ip_asset",
            {
                "owners": "Trường A; 70\nCông ty B; 20",
                "application_date": "12/05/2020",
                "ip_type": "",
                "keywords": "a,b,c,d,e,f",
            },
            [
                "Tổng tỷ lệ sở hữu là 90; tổng phải bằng 100.",
                "Hãy nhập ngày theo dạng NNNN-TT-NN.",
                "Trường này là bắt buộc.",
                "Hãy nhập nhiều nhất 5 mục.",
            ],
        ),
        ("ip_asset", {"owners": "Trường A 100"}, ["Mỗi dòng ghi một chủ sở hữu"]),
    ],
)
def test_bad_input_is_explained_field_by_field_and_nothing_is_saved(client, app, make_user, kind, changes, messages):
    sign_in(client, make_user("hcmut"))
    before = _count_listings(app)
    form = listing_form(kind, **changes)
    response = submit(client, f"/listings/new/{kind}", form)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Vui lòng sửa các lỗi bên dưới" in page
    for message in messages:
        assert message in page
    assert 'aria-invalid="true"' in page
    assert _count_listings(app) == before


def test_english_messages_when_english_is_chosen(client, make_user):
    sign_in(client, make_user("hcmut"))
    client.get("/lang/en")
    response = submit(client, "/listings/new/offer", listing_form("offer", trl="12"))
    assert "Choose a level from 1 to 9." in response.get_data(as_text=True)


def test_firms_post_needs_but_not_ip_assets(client, app, make_user):
    sign_in(client, make_user("sao-mai-agritech-demo"))
    assert client.get("/listings/new/ip_asset").status_code == 403
    response = submit(client, "/listings/new/ip_asset", listing_form("ip_asset"), form_url="/listings/new/need")
    assert response.status_code == 403
    form = listing_form("need")
    assert submit(client, "/listings/new/need", form).status_code == 302
    listing = listing_by_title(app, form["title"])
    with app.app_context():
        assert db.session.get(Listing, listing.id).organisation.slug == "sao-mai-agritech-demo"
    kinds_page = client.get("/listings/new").get_data(as_text=True)
    assert "/listings/new/need" in kinds_page and "/listings/new/ip_asset" not in kinds_page


def test_other_slugs_redirect_to_the_canonical_address(client, app, make_listing):
    listing_id = make_listing("hcmut", status="published")
    with app.app_context():
        slug = db.session.get(Listing, listing_id).slug
    for url in (f"/listings/{listing_id}", f"/listings/{listing_id}-old-title"):
        response = client.get(url)
        assert response.status_code == 301
        assert response.headers["Location"] == f"/listings/{listing_id}-{slug}"


def test_detail_page_labels_follow_the_language_and_carry_json_ld(client, app, make_listing):
    listing_id = make_listing("hcmut", kind="ip_asset", status="published")
    with app.app_context():
        url = f"/listings/{listing_id}-{db.session.get(Listing, listing_id).slug}"
    vietnamese = client.get(url).get_data(as_text=True)
    assert "Giải pháp hữu ích" in vietnamese and "Năng lượng" in vietnamese
    assert '<script type="application/ld+json">' in vietnamese
    assert '"@type": "CreativeWork"' in vietnamese
    client.get("/lang/en")
    english = client.get(url).get_data(as_text=True)
    assert "Utility solution" in english and "Energy" in english


def test_the_portfolio_counts_and_lists_only_published_listings(client, app, make_listing):
    published = make_listing("hcmiu", kind="ip_asset", status="published")
    draft = make_listing("hcmiu", kind="offer")
    with app.app_context():
        published_title = db.session.get(Listing, published).title
        draft_title = db.session.get(Listing, draft).title
    page = client.get("/organisations/hcmiu").get_data(as_text=True)
    assert published_title in page and draft_title not in page
    assert "Giải pháp hữu ích" in page
    only_offers = client.get("/organisations/hcmiu?kind=offer").get_data(as_text=True)
    assert published_title not in only_offers


def test_a_listing_past_its_expiry_date_is_hidden_before_the_job_marks_it_and_no_page_writes(
    client, app, make_user, make_listing
):
    draft = make_listing("uit")
    overdue = make_listing("uit", status="published")
    _set(app, overdue, expires_on=date.today() - timedelta(days=1))
    with app.app_context():
        listing = db.session.get(Listing, overdue)
        overdue_url, overdue_title = f"/listings/{listing.id}-{listing.slug}", listing.title
    assert client.get(overdue_url).status_code in (403, 404)
    assert overdue_title not in client.get("/organisations/uit").get_data(as_text=True)
    sign_in(client, make_user("uit"))
    page = client.get("/my/listings").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Listing, overdue).status == ListingStatus.PUBLISHED, "a GET writes nothing"
        assert db.session.get(Listing, draft).title in page
        assert overdue_title in page


def test_the_expire_command(app, make_listing):
    overdue = make_listing("hcmus", status="published")
    _set(app, overdue, expires_on=date.today() - timedelta(days=2))
    result = app.test_cli_runner().invoke(techport_cli, ["listings", "expire"])
    assert result.exit_code == 0, result.output
    assert "expired" in result.output
    with app.app_context():
        assert db.session.get(Listing, overdue).status == ListingStatus.EXPIRED


def test_an_invisible_control_character_is_explained_and_nothing_is_saved(client, app, make_user):
    """C0 characters are refused before any form sees them; C1 ones reach the profile's check."""
    sign_in(client, make_user("hcmut"))
    form = listing_form("offer", description="Dán từ trang khác\u0085có ký tự lạ.")
    response = submit(client, "/listings/new/offer", form)
    assert response.status_code == 400
    assert "Văn bản chứa một ký tự điều khiển vô hình (U+0085)" in response.get_data(as_text=True)
    assert listing_by_title(app, form["title"]) is None


def in_review_queue(client, text: str) -> bool:
    """Whether ``text`` is on some page of the curators' queue (paged; other tests leave listings in it)."""
    for page in range(1, 100):
        html = client.get("/curation/queue", query_string={"page": page}).get_data(as_text=True)
        if text in html:
            return True
        if f"page={page + 1}" not in html:
            return False
    return False


def test_approval_is_mailed_to_the_listings_people_not_to_every_colleague(app, make_user, make_listing):
    contact, bystander = make_user("hcmut"), make_user("hcmut")
    listing_id = make_listing("hcmut", status="submitted", contact={"name": "Chủ tin", "email": contact})
    with app.app_context():
        workflow.approve_listing(db.session.get(Listing, listing_id))
    assert any("is published" in message.subject for message in mail_to(app, contact))
    assert mail_to(app, bystander) == []
