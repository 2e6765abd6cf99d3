import io
import re

import sqlalchemy as sa

from techport.extensions import db
from techport.ndas.models import Nda, NdaStatus
from techport.ndas.texts import default_text
from tests.helpers import csrf_token, sign_in, submit
from tests.ndas.conftest import signed_in_client

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _require(app, deal) -> int:
    owner = signed_in_client(app, deal["owner"])
    inquiry_page = f"/inquiries/{deal['inquiry_id']}"
    response = submit(owner, f"/inquiries/{deal['inquiry_id']}/nda", {}, form_url=inquiry_page)
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"/ndas/(\d+)", response.headers["Location"]).group(1))


def _sign(client, nda_id: int, step: str, **data):
    url = f"/ndas/{nda_id}"
    return submit(
        client,
        f"{url}/{step}",
        {"template_sha256": default_text().sha256, "agree": "y", **data},
        form_url=url,
    )


def _status(app, nda_id: int) -> NdaStatus:
    with app.app_context():
        return db.session.get(Nda, nda_id).status


def test_the_inquiry_page_offers_each_side_its_step(app, deal):
    owner = signed_in_client(app, deal["owner"])
    firm = signed_in_client(app, deal["firm"])
    inquiry_page = f"/inquiries/{deal['inquiry_id']}"
    assert "Yêu cầu ký NDA" in owner.get(inquiry_page).get_data(as_text=True)
    assert "Yêu cầu ký NDA" not in firm.get(inquiry_page).get_data(as_text=True)
    nda_id = _require(app, deal)
    assert "Đọc và chấp nhận NDA" in firm.get(inquiry_page).get_data(as_text=True)
    _sign(firm, nda_id, "accept")
    assert "Ký xác nhận NDA" in owner.get(inquiry_page).get_data(as_text=True)
    _sign(owner, nda_id, "countersign")
    assert f"/ndas/{nda_id}/record" in firm.get(inquiry_page).get_data(as_text=True)


def test_the_whole_flow_reveals_the_details_to_that_firm_only(app, deal, demo_data):
    listing_page = f"/listings/{deal['listing_id']}"
    firm = signed_in_client(app, deal["firm"])
    owner = signed_in_client(app, deal["owner"])
    assert deal["marker"] in owner.get(listing_page, follow_redirects=True).get_data(as_text=True)
    locked = firm.get(listing_page, follow_redirects=True).get_data(as_text=True)
    assert deal["marker"] not in locked and "sau khi ký NDA" in locked

    nda_id = _require(app, deal)
    page = firm.get(f"/ndas/{nda_id}").get_data(as_text=True)
    assert "NON-DISCLOSURE AGREEMENT" in page and default_text().sha256 in page

    refused = _sign(firm, nda_id, "accept", agree="")
    assert refused.status_code == 400 and "Đánh dấu vào ô" in refused.get_data(as_text=True)
    stale = _sign(firm, nda_id, "accept", template_sha256="f" * 64)
    assert stale.status_code == 409 and "Tải lại trang" in stale.get_data(as_text=True)
    assert _sign(firm, nda_id, "accept").status_code == 302
    assert _status(app, nda_id) == NdaStatus.ACCEPTED
    assert deal["marker"] not in firm.get(listing_page, follow_redirects=True).get_data(as_text=True)

    assert _sign(firm, nda_id, "countersign").status_code == 403
    assert _sign(owner, nda_id, "countersign").status_code == 302
    assert _status(app, nda_id) == NdaStatus.SIGNED

    assert deal["marker"] in firm.get(listing_page, follow_redirects=True).get_data(as_text=True)
    colleague = signed_in_client(app, deal["firm_colleague"])
    assert deal["marker"] in colleague.get(listing_page, follow_redirects=True).get_data(as_text=True)
    for other in (signed_in_client(app, deal["third"]), _curator(app, demo_data)):
        assert deal["marker"] not in other.get(listing_page, follow_redirects=True).get_data(as_text=True)
    assert deal["marker"] not in app.test_client().get(listing_page, follow_redirects=True).get_data(as_text=True)

    record = firm.get(f"/ndas/{nda_id}/record").get_data(as_text=True)
    with app.app_context():
        nda = db.session.get(Nda, nda_id)
        expected = [nda.accepted_by_name, nda.countersigned_by_name, nda.template_version, nda.template_sha256]
    assert all(value in record for value in expected) and record.count("127.0.0.1") == 2


def test_a_third_organisation_gets_404_on_every_nda_url(app, deal):
    nda_id = _require(app, deal)
    third = signed_in_client(app, deal["third"])
    for url in (f"/ndas/{nda_id}", f"/ndas/{nda_id}/record", f"/ndas/{nda_id}/template.pdf"):
        assert third.get(url).status_code == 404, url
    token = csrf_token(third, "/notifications/")
    for url in (f"/ndas/{nda_id}/accept", f"/ndas/{nda_id}/countersign", f"/inquiries/{deal['inquiry_id']}/nda"):
        assert third.post(url, data={"csrf_token": token, "agree": "y"}).status_code == 404, url
    assert _status(app, nda_id) == NdaStatus.REQUESTED


def _curator(app, demo_data):
    client = app.test_client()
    sign_in(client, "curator@techport.example", demo_data["curator@techport.example"]["password"])
    return client


def test_the_curator_reads_the_record_but_cannot_sign(app, deal, demo_data):
    nda_id = _require(app, deal)
    curator = _curator(app, demo_data)
    assert curator.get(f"/ndas/{nda_id}/record").status_code == 200
    assert _sign(curator, nda_id, "accept").status_code == 403


def test_a_visitor_is_sent_to_sign_in(app, deal):
    nda_id = _require(app, deal)
    response = app.test_client().get(f"/ndas/{nda_id}")
    assert response.status_code == 302 and "/account/sign-in" in response.headers["Location"]


def test_reading_the_nda_page_changes_nothing(app, deal):
    nda_id = _require(app, deal)
    firm = signed_in_client(app, deal["firm"])
    firm.get(f"/ndas/{nda_id}")
    firm.get(f"/ndas/{nda_id}/accept")
    assert _status(app, nda_id) == NdaStatus.REQUESTED


def test_requiring_twice_says_so(app, deal):
    nda_id = _require(app, deal)
    owner = signed_in_client(app, deal["owner"])
    response = submit(owner, f"/inquiries/{deal['inquiry_id']}/nda", {}, form_url=f"/inquiries/{deal['inquiry_id']}")
    assert response.headers["Location"].endswith(f"/ndas/{nda_id}")
    assert "đã được yêu cầu" in owner.get(f"/ndas/{nda_id}").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Nda.id)).where(Nda.listing_id == deal["listing_id"])) == 1


def test_the_asking_firm_cannot_require(app, deal):
    firm = signed_in_client(app, deal["firm"])
    url = f"/inquiries/{deal['inquiry_id']}"
    assert submit(firm, f"{url}/nda", {}, form_url=url).status_code == 403


def test_the_owner_edits_the_confidential_details_with_clear_limits(app, deal):
    owner = signed_in_client(app, deal["owner"])
    url = f"/listings/{deal['listing_id']}/confidential"
    form = owner.get(url).get_data(as_text=True)
    assert deal["marker"] in form
    too_long = submit(owner, url, {"confidential_details": "x" * 20_001, "nda_required": "y"})
    assert too_long.status_code == 400 and "tối đa 20000 ký tự" in too_long.get_data(as_text=True)
    assert (
        submit(owner, url, {"confidential_details": "Bản vẽ chi tiết NEW-DETAILS", "nda_required": ""}).status_code
        == 302
    )
    page = owner.get(f"/listings/{deal['listing_id']}", follow_redirects=True).get_data(as_text=True)
    assert "NEW-DETAILS" in page
    firm = signed_in_client(app, deal["firm"])
    assert firm.get(url).status_code == 403


def test_an_organisation_uploads_its_own_nda_and_the_parties_download_it(app, deal):
    owner = signed_in_client(app, deal["owner"])
    token = csrf_token(owner, "/my/nda-template")
    wrong = owner.post("/my/nda-template", data={"csrf_token": token, "file": (io.BytesIO(b"plain text"), "nda.pdf")})
    assert wrong.status_code == 400 and "PDF" in wrong.get_data(as_text=True)
    uploaded = owner.post("/my/nda-template", data={"csrf_token": token, "file": (io.BytesIO(PDF), "our-nda.pdf")})
    assert uploaded.status_code == 302
    try:
        nda_id = _require(app, deal)
        firm = signed_in_client(app, deal["firm"])
        assert "our-nda.pdf" in firm.get(f"/ndas/{nda_id}").get_data(as_text=True)
        download = firm.get(f"/ndas/{nda_id}/template.pdf")
        assert download.status_code == 200 and download.data == PDF
        assert "no-store" in download.headers["Cache-Control"]
    finally:
        submit(owner, "/my/nda-template/default", {}, form_url="/my/nda-template")
    assert "our-nda.pdf" not in owner.get("/my/nda-template").get_data(as_text=True)


def test_the_edit_form_links_to_the_confidential_details(app, deal):
    owner = signed_in_client(app, deal["owner"])
    page = owner.get(f"/listings/{deal['listing_id']}/edit").get_data(as_text=True)
    assert f"/listings/{deal['listing_id']}/confidential" in page


def test_the_owners_listing_page_links_to_editing_its_confidential_details_by_name(app, deal):
    owner = signed_in_client(app, deal["owner"])
    page = owner.get(f"/listings/{deal['listing_id']}", follow_redirects=True).get_data(as_text=True)
    link = re.search(rf'<a [^>]*href="/listings/{deal["listing_id"]}/confidential">([^<]+)</a>', page)
    assert link and link.group(1) == "Sửa thông tin bảo mật"
