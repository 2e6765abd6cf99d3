"""Attachments: recognised by content, limited in size, stored outside the web root, served by permission."""

import io
from pathlib import Path

import pytest

from techport.extensions import db
from techport.listings import workflow
from techport.listings.models import Listing, ListingAttachment
from tests.helpers import csrf_token, sign_in

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def _upload(client, listing_id: int, content: bytes, filename: str, *, token: bool = True):
    url = f"/listings/{listing_id}/attachments"
    data = {"file": (io.BytesIO(content), filename)}
    if token:
        data["csrf_token"] = csrf_token(client, url)
    return client.post(url, data=data, content_type="multipart/form-data")


def _attachments(app, listing_id: int) -> list[ListingAttachment]:
    with app.app_context():
        rows = list(db.session.get(Listing, listing_id).attachments)
        db.session.expunge_all()
        return rows


def _stored_files(app) -> set[str]:
    return {path.name for path in Path(app.config["ATTACHMENT_DIR"]).glob("*")}


@pytest.fixture
def owner(client, make_user):
    sign_in(client, make_user("hcmut"))
    return client


@pytest.mark.parametrize(
    ("content", "filename", "media_type"),
    [(PNG, "sơ đồ.png", "image/png"), (JPEG, "anh.JPG", "image/jpeg"), (PDF, "brochure.pdf", "application/pdf")],
)
def test_images_and_pdfs_are_accepted_and_stored_outside_the_web_root(
    app, owner, make_listing, content, filename, media_type
):
    listing_id = make_listing("hcmut")
    response = _upload(owner, listing_id, content, filename)
    assert response.status_code == 302
    [attachment] = _attachments(app, listing_id)
    assert (attachment.media_type.value, attachment.filename, attachment.size_bytes) == (
        media_type,
        filename,
        len(content),
    )
    stored = Path(app.config["ATTACHMENT_DIR"]) / attachment.stored_name
    assert stored.read_bytes() == content
    assert filename not in attachment.stored_name
    served = owner.get(f"/listings/{listing_id}/files/{attachment.id}")
    assert served.status_code == 200
    assert served.mimetype == media_type
    assert served.data == content
    assert "sandbox" in served.headers["Content-Security-Policy"]
    assert ("attachment" in served.headers["Content-Disposition"]) == (media_type == "application/pdf")


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"MZ\x90\x00 not an image", "virus.png", "Chỉ có thể đính kèm ảnh PNG, JPEG và tài liệu PDF."),
        (
            b"<svg xmlns='http://www.w3.org/2000/svg'/>",
            "logo.svg",
            "Chỉ có thể đính kèm ảnh PNG, JPEG và tài liệu PDF.",
        ),
        (PDF, "photo.png", "Phần mở rộng của tên tệp không khớp với nội dung tệp"),
        (b"", "empty.pdf", "Tệp trống."),
    ],
)
def test_wrong_types_are_refused_and_nothing_is_stored(app, owner, make_listing, content, filename, message):
    listing_id = make_listing("hcmut")
    files_before = _stored_files(app)
    response = _upload(owner, listing_id, content, filename)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _attachments(app, listing_id) == []
    assert _stored_files(app) == files_before


def test_files_over_the_limit_are_refused(app, owner, make_listing, monkeypatch):
    monkeypatch.setitem(app.config, "ATTACHMENT_MAX_BYTES", 1024)
    listing_id = make_listing("hcmut")
    response = _upload(owner, listing_id, PNG + b"\x00" * 1024, "big.png")
    assert response.status_code == 400
    assert "Tệp lớn hơn 0.000976562 MB." in response.get_data(as_text=True)
    assert _attachments(app, listing_id) == []
    far_too_big = _upload(owner, listing_id, PNG + b"\x00" * 200_000, "huge.png")
    assert far_too_big.status_code == 413


def test_uploads_larger_than_the_general_request_limit_but_within_the_attachment_limit_work(app, owner, make_listing):
    listing_id = make_listing("hcmut")
    content = PDF + b"%" * (app.config["MAX_CONTENT_LENGTH"] + 10)
    assert len(content) < app.config["ATTACHMENT_MAX_BYTES"]
    assert _upload(owner, listing_id, content, "large.pdf").status_code == 302


def test_a_form_without_a_file_asks_for_one(app, owner, make_listing):
    listing_id = make_listing("hcmut")
    url = f"/listings/{listing_id}/attachments"
    response = owner.post(url, data={"csrf_token": csrf_token(owner, url)}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Hãy chọn một tệp để tải lên." in response.get_data(as_text=True)


def test_an_upload_without_its_csrf_token_is_refused(app, owner, make_listing):
    listing_id = make_listing("hcmut")
    response = _upload(owner, listing_id, PNG, "a.png", token=False)
    assert response.status_code == 400
    assert _attachments(app, listing_id) == []


def test_draft_attachments_reach_only_editors_and_published_ones_everyone(app, owner, make_listing, make_user):
    draft = make_listing("hcmut")
    published = make_listing("hcmut", status="published")
    _upload(owner, draft, PNG, "draft.png")
    _upload(owner, published, PNG, "public.png")
    [draft_file] = _attachments(app, draft)
    [public_file] = _attachments(app, published)

    visitor = app.test_client()
    assert visitor.get(f"/listings/{draft}/files/{draft_file.id}").status_code == 404
    assert visitor.get(f"/listings/{published}/files/{public_file.id}").status_code == 200
    assert visitor.get(f"/listings/{published}/files/{draft_file.id}").status_code == 404
    other = app.test_client()
    sign_in(other, make_user("hcmus"))
    assert other.get(f"/listings/{draft}/files/{draft_file.id}").status_code == 404
    assert owner.get(f"/listings/{draft}/files/{draft_file.id}").headers["Cache-Control"] == "private, no-store"


def test_removing_an_attachment_deletes_the_file(app, owner, make_listing):
    listing_id = make_listing("hcmut")
    _upload(owner, listing_id, JPEG, "x.jpg")
    [attachment] = _attachments(app, listing_id)
    url = f"/listings/{listing_id}/attachments/{attachment.id}/delete"
    token = csrf_token(owner, f"/listings/{listing_id}/attachments")
    assert owner.post(url, data={"csrf_token": token}).status_code == 302
    assert _attachments(app, listing_id) == []
    assert not (Path(app.config["ATTACHMENT_DIR"]) / attachment.stored_name).exists()


def test_an_archived_listing_takes_no_new_files_and_keeps_its_old_ones(app, owner, make_listing):
    listing_id = make_listing("hcmut", status="published")
    _upload(owner, listing_id, PNG, "kept.png")
    [kept] = _attachments(app, listing_id)
    with app.app_context():
        workflow.take_step(db.session.get(Listing, listing_id), "archive")
    token = csrf_token(owner, "/my/listings")

    for response in (
        owner.post(
            f"/listings/{listing_id}/attachments",
            data={"file": (io.BytesIO(PDF), "late.pdf"), "csrf_token": token},
            content_type="multipart/form-data",
        ),
        owner.post(f"/listings/{listing_id}/attachments/{kept.id}/delete", data={"csrf_token": token}),
        owner.get(f"/listings/{listing_id}/attachments"),
    ):
        assert response.status_code == 302 and f"/listings/{listing_id}-" in response.headers["Location"]
    assert [attachment.id for attachment in _attachments(app, listing_id)] == [kept.id]
    page = owner.get(f"/listings/{listing_id}", follow_redirects=True).get_data(as_text=True)
    assert "Tin đã lưu trữ thì không thể sửa nữa." in page


def test_an_expired_listing_can_still_take_files_as_it_can_be_edited_and_renewed(app, owner, make_listing):
    listing_id = make_listing("hcmut", status="expired")
    assert _upload(owner, listing_id, PDF, "renewal.pdf").status_code == 302
    assert len(_attachments(app, listing_id)) == 1
