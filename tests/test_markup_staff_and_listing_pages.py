"""Staff pages, the home page, listing and organisation pages and reports use the Bootstrap design system, not
the first, plain markup (issue 13): nothing in their <main> relies on the old compatibility styles."""

import io

import pytest
from flask import url_for

from techport.accounts.models import AccountStatus, Role
from techport.extensions import db
from techport.listings.models import Listing
from tests.helpers import csrf_token, sign_in
from tests.markup import plain_markup

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def _client(app, email):
    client = app.test_client()
    sign_in(client, email)
    return client


def _check(client, path, status=200):
    response = client.get(path, follow_redirects=True)
    assert response.status_code == status, path
    assert plain_markup(response.get_data(as_text=True)) == [], path


@pytest.fixture
def sent_back_listing(app, make_user, make_listing):
    """A draft sent back by a curator, with an image and a PDF: the listing page's notices and files."""
    owner = make_user("hcmut")
    listing_id = make_listing("hcmut", "ip_asset", "draft")
    client = _client(app, owner)
    for content, name in ((PNG, "so-do.png"), (PDF, "brochure.pdf")):
        url = f"/listings/{listing_id}/attachments"
        data = {"csrf_token": csrf_token(client, url), "file": (io.BytesIO(content), name)}
        assert client.post(url, data=data, content_type="multipart/form-data").status_code == 302
    with app.app_context():
        db.session.get(Listing, listing_id).rejection_reason = "Thiếu số đơn.\nBổ sung chủ sở hữu."
        db.session.commit()
    return client, listing_id


def test_public_pages(app, client, demo_data, make_listing):
    listing_id = make_listing("hcmut", "need", "published")
    for path in (
        "/",
        "/organisations/hcmut",
        "/organisations/ben-nghe-meditech-demo",
        "/stats",
        f"/listings/{listing_id}",
    ):
        _check(client, path)
    _check(client, "/no-such-page", 404)


def test_member_pages(app, make_user, sent_back_listing):
    member, listing_id = sent_back_listing
    page = member.get(f"/listings/{listing_id}", follow_redirects=True).get_data(as_text=True)
    assert 'class="alert alert-warning"' in page and 'class="img-fluid border rounded"' in page
    for path in ("/account/", "/my/listings", f"/listings/{listing_id}", f"/listings/{listing_id}/attachments"):
        _check(member, path)
    with app.test_request_context():
        new, tokens = url_for("listings.choose_kind"), url_for("api_tokens.manage_tokens", slug="hcmut")
    _check(member, new)
    _check(member, tokens, 403)


def test_curator_and_admin_pages(app, make_user, make_listing):
    submitted = make_listing("hcmut", "offer", "submitted")
    make_user("hcmut", status=AccountStatus.PENDING)
    curator = _client(app, make_user("hcmut", role=Role.CURATOR))
    admin = _client(app, make_user("hcmut", role=Role.ADMIN))
    with app.test_request_context():
        paths = [
            url_for("accounts.approvals"),
            url_for("curation.queue"),
            url_for("curation.reject", listing_id=submitted),
        ]
        paths.append(url_for("reports.index"))
        admin_paths = [url_for("admin_users.index"), url_for("audit.index")]
    for path in paths:
        _check(curator, path)
    for path in admin_paths:
        _check(admin, path)
    users = admin.get(admin_paths[0]).get_data(as_text=True)
    detail = users.split('<a href="/admin/users/', 1)[1].split('"', 1)[0]
    _check(admin, f"/admin/users/{detail}")
