"""The inquiry pages: who may start, read and steer one, and what each form refuses."""

import io

import sqlalchemy as sa

from techport.extensions import db
from techport.inquiries.models import Inquiry, InquiryStage
from tests.helpers import mail_to, sign_in, submit, user_by_email
from tests.inquiries.conftest import FIRM_ORG, send_inquiry, signed_in_client, start_as

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _inquiry(app, inquiry_id: int) -> Inquiry:
    with app.app_context():
        inquiry = db.session.get(Inquiry, inquiry_id)
        db.session.expunge(inquiry)
        return inquiry


def test_a_visitor_is_sent_to_sign_in_and_comes_back(client, parties):
    response = client.get(f"/listings/{parties['listing_id']}/inquire?src=search")
    assert response.status_code == 302
    assert "/account/sign-in" in response.headers["Location"]
    assert "next=" in response.headers["Location"] and "inquire" in response.headers["Location"]


def test_the_listing_page_offers_the_contact_button_with_its_source(app, client, parties):
    canonical = client.get(f"/listings/{parties['listing_id']}").headers["Location"]
    page = client.get(f"{canonical}?src=qr&exhibit=5")
    html = page.get_data(as_text=True)
    assert "Liên hệ chủ sở hữu" in html
    assert f"/listings/{parties['listing_id']}/inquire?src=qr&amp;exhibit=5" in html


def test_the_owner_sees_no_contact_button_on_its_own_listing(app, parties):
    client = signed_in_client(app, parties["owner"])
    html = client.get(f"/listings/{parties['listing_id']}", follow_redirects=True).get_data(as_text=True)
    assert "/inquire" not in html


def test_a_need_asks_for_a_proposal_among_the_proposers_own_listings(app, make_listing, make_user):
    need_id = make_listing(FIRM_ORG, "need", "published")
    offer_id = make_listing("hcmut", "offer", "published")
    client = signed_in_client(app, make_user("hcmut"))
    html = client.get(f"/listings/{need_id}/inquire").get_data(as_text=True)
    assert "Đề xuất giải pháp" in html and f'value="{offer_id}"' in html
    response = send_inquiry(client, need_id, proposed_listing=str(offer_id))
    assert response.status_code == 302
    inquiry_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert _inquiry(app, inquiry_id).proposed_listing_id == offer_id


def test_bad_input_is_refused_with_messages_and_nothing_typed_is_lost(app, parties):
    client = signed_in_client(app, parties["firm"])
    response = send_inquiry(client, parties["listing_id"], message="", intended_use="Sấy cà phê", budget_vnd="ba tỷ")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Trường này là bắt buộc." in html
    assert "Sấy cà phê" in html and 'value="ba tỷ"' in html
    long = send_inquiry(client, parties["listing_id"], message="x" * 5001)
    assert long.status_code == 400 and "5001" in long.get_data(as_text=True)


def test_an_unpublished_listing_cannot_receive_inquiries(app, make_listing, parties):
    draft_id = make_listing("hcmut", "offer", "draft")
    client = signed_in_client(app, parties["firm"])
    response = client.get(f"/listings/{draft_id}/inquire")
    assert response.status_code == 404
    assert "chưa được công bố" in response.get_data(as_text=True)


def test_members_cannot_ask_their_own_organisation(app, parties):
    client = signed_in_client(app, parties["owner"])
    assert client.get(f"/listings/{parties['listing_id']}/inquire").status_code == 403


def test_the_source_travels_through_the_form(app, parties):
    client = signed_in_client(app, parties["firm"])
    html = client.get(f"/listings/{parties['listing_id']}/inquire?src=match&rank=3").get_data(as_text=True)
    assert 'name="src" type="hidden" value="match"' in html
    inquiry_id = start_as(app, parties["firm"], parties["listing_id"], src="match", rank="3")
    inquiry = _inquiry(app, inquiry_id)
    assert (inquiry.source.value, inquiry.source_rank) == ("match", 3)
    unknown = start_as(app, parties["firm"], parties["listing_id"], src="spam", rank="9")
    assert _inquiry(app, unknown).source.value == "direct"


def test_the_owner_sees_it_unread_and_reading_is_a_post(app, parties):
    inquiry_id = start_as(app, parties["firm"], parties["listing_id"])
    owner = signed_in_client(app, parties["owner"])
    assert mail_to(app, parties["owner"])
    assert "unread-count" in _row(owner, inquiry_id)
    owner.get(f"/inquiries/{inquiry_id}")
    assert "unread-count" in _row(owner, inquiry_id)  # a GET wrote nothing
    submit(owner, f"/inquiries/{inquiry_id}/read", {}, form_url=f"/inquiries/{inquiry_id}")
    assert "unread-count" not in _row(owner, inquiry_id)
    assert "unread-count" not in _row(signed_in_client(app, parties["firm"]), inquiry_id)  # one's own message


def _row(client, inquiry_id: int) -> str:
    html = client.get("/my/inquiries").get_data(as_text=True)
    start = html.index(f'data-inquiry-id="{inquiry_id}"')
    return html[start : html.index("</tr>", start)]


def test_the_owners_reply_moves_a_new_inquiry_to_discussion(app, parties):
    inquiry_id = start_as(app, parties["firm"], parties["listing_id"])
    owner = signed_in_client(app, parties["owner"])
    response = submit(
        owner, f"/inquiries/{inquiry_id}/messages", {"message": "Xin chào"}, form_url=f"/inquiries/{inquiry_id}"
    )
    assert response.status_code == 302
    inquiry = _inquiry(app, inquiry_id)
    assert inquiry.stage == InquiryStage.IN_DISCUSSION and inquiry.first_response_at is not None
    firm = signed_in_client(app, parties["firm"])
    assert "Xin chào" in firm.get(f"/inquiries/{inquiry_id}").get_data(as_text=True)


def test_contact_details_appear_only_once_shared(app, parties):
    inquiry_id = start_as(app, parties["firm"], parties["listing_id"])
    firm = signed_in_client(app, parties["firm"])
    assert parties["owner"] not in firm.get(f"/inquiries/{inquiry_id}").get_data(as_text=True)
    owner = signed_in_client(app, parties["owner"])
    submit(owner, f"/inquiries/{inquiry_id}/share-contact", {}, form_url=f"/inquiries/{inquiry_id}")
    assert parties["owner"] in firm.get(f"/inquiries/{inquiry_id}").get_data(as_text=True)


def _attach_png(client, inquiry_id):
    token_page = client.get(f"/inquiries/{inquiry_id}").get_data(as_text=True)
    from tests.helpers import CSRF_INPUT

    token = CSRF_INPUT.search(token_page).group(1)
    return client.post(
        f"/inquiries/{inquiry_id}/messages",
        data={"message": "Ảnh sơ đồ", "csrf_token": token, "file": (io.BytesIO(PNG), "so-do.png")},
        content_type="multipart/form-data",
    )


def test_a_third_organisation_gets_404_on_every_url(app, parties):
    inquiry_id = start_as(app, parties["firm"], parties["listing_id"])
    firm = signed_in_client(app, parties["firm"])
    assert _attach_png(firm, inquiry_id).status_code == 302
    with app.app_context():
        attachment_id = db.session.scalar(sa.text("SELECT max(id) FROM inquiry_attachments"))
    file_url = f"/inquiries/{inquiry_id}/files/{attachment_id}"
    served = firm.get(file_url)
    assert served.status_code == 200 and served.headers["Cache-Control"].startswith("private")
    third = signed_in_client(app, parties["third"])
    for url in (f"/inquiries/{inquiry_id}", file_url, f"/api/v1/inquiries/{inquiry_id}"):
        assert third.get(url).status_code == 404, url
    token = submit.__globals__["csrf_token"](third, "/my/inquiries")
    for action in ("messages", "read", "share-contact", "stage", "agreement"):
        response = third.post(f"/inquiries/{inquiry_id}/{action}", data={"csrf_token": token, "message": "x"})
        assert response.status_code == 404, action
    assert f'data-inquiry-id="{inquiry_id}"' not in third.get("/my/inquiries").get_data(as_text=True)


def test_curators_see_metadata_but_never_the_conversation(app, parties, make_user):
    inquiry_id = start_as(app, parties["firm"], parties["listing_id"], message="Bí mật kinh doanh 42")
    curator = signed_in_client(app, make_user("dost-hcmc", role="curator"))
    assert curator.get(f"/inquiries/{inquiry_id}").status_code == 404
    page = curator.get("/curation/inquiries").get_data(as_text=True)
    assert f'data-inquiry-id="{inquiry_id}"' in page and "Bí mật kinh doanh 42" not in page
    filtered = curator.get("/curation/inquiries?stage=closed").get_data(as_text=True)
    assert f'data-inquiry-id="{inquiry_id}"' not in filtered
    members = signed_in_client(app, parties["firm"])
    assert members.get("/curation/inquiries").status_code == 403


def test_the_daily_limit_gives_a_clear_message(app, parties):
    app.config["INQUIRIES_PER_USER_PER_DAY"] = 1
    try:
        start_as(app, parties["firm"], parties["listing_id"])
        client = signed_in_client(app, parties["firm"])
        response = send_inquiry(client, parties["listing_id"], message="Lần thứ hai")
        assert response.status_code == 429
        html = response.get_data(as_text=True)
        assert "24 giờ" in html and "Lần thứ hai" in html
    finally:
        app.config["INQUIRIES_PER_USER_PER_DAY"] = 20


def test_the_owner_records_the_agreement_and_the_pipeline_shows_it(app, parties):
    inquiry_id = start_as(app, parties["firm"], parties["listing_id"])
    owner = signed_in_client(app, parties["owner"])
    url = f"/inquiries/{inquiry_id}/agreement"
    bad = submit(
        owner,
        url,
        {"transfer_mode": "licence", "signed_on": "2026-12-01", "value_vnd": ""},
        form_url=f"/inquiries/{inquiry_id}",
    )
    assert bad.status_code == 400
    data = {
        "transfer_mode": "licence",
        "signed_on": "2026-12-01",
        "value_vnd": "750.000.000",
        "listing_ids": [str(parties["listing_id"])],
    }
    assert submit(owner, url, data, form_url=f"/inquiries/{inquiry_id}").status_code == 302
    inquiry = _inquiry(app, inquiry_id)
    assert inquiry.stage == InquiryStage.AGREEMENT_SIGNED and inquiry.agreement_value_vnd == 750_000_000
    assert "750.000.000" in owner.get("/my/inquiries/pipeline").get_data(as_text=True)
    firm = signed_in_client(app, parties["firm"])
    assert submit(firm, url, data, form_url=f"/inquiries/{inquiry_id}").status_code == 302  # refused, flashed
    assert len(_inquiry_changes(app, inquiry_id)) == 2


def _inquiry_changes(app, inquiry_id):
    with app.app_context():
        return [change.to_stage for change in db.session.get(Inquiry, inquiry_id).stage_changes]


def test_an_ending_needs_a_reason(app, parties):
    inquiry_id = start_as(app, parties["firm"], parties["listing_id"])
    firm = signed_in_client(app, parties["firm"])
    url = f"/inquiries/{inquiry_id}/stage"
    refused = submit(firm, url, {"stage": "withdrawn", "reason": ""}, form_url=f"/inquiries/{inquiry_id}")
    assert refused.status_code == 400
    assert submit(firm, url, {"stage": "negotiating"}, form_url=f"/inquiries/{inquiry_id}").status_code == 400
    done = submit(firm, url, {"stage": "withdrawn", "reason": "timing"}, form_url=f"/inquiries/{inquiry_id}")
    assert done.status_code == 302
    assert _inquiry(app, inquiry_id).stage == InquiryStage.WITHDRAWN


def test_the_api_answers_the_callers_organisation_only(app, client, parties):
    assert client.get("/api/v1/inquiries").status_code == 401
    assert client.get("/api/v1/inquiries").get_json()["error"]["status"] == 401
    inquiry_id = start_as(app, parties["firm"], parties["listing_id"], message="Qua API")
    firm = signed_in_client(app, parties["firm"])
    listed = firm.get("/api/v1/inquiries?page_size=5").get_json()
    assert listed["items"][0]["id"] == inquiry_id and listed["items"][0]["direction"] == "outgoing"
    detail = firm.get(f"/api/v1/inquiries/{inquiry_id}").get_json()
    assert detail["messages"][0]["body"] == "Qua API" and detail["stage_history"][0]["to"] == "new"
    third = signed_in_client(app, parties["third"])
    assert third.get(f"/api/v1/inquiries/{inquiry_id}").get_json()["error"]["status"] == 404
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "/inquiries" in paths and "/inquiries/{id}" in paths


def test_the_portfolio_page_shows_the_median_first_response(app, client, parties):
    inquiry_id = start_as(app, parties["firm"], parties["listing_id"])
    owner = signed_in_client(app, parties["owner"])
    submit(owner, f"/inquiries/{inquiry_id}/messages", {"message": "Đã nhận"}, form_url=f"/inquiries/{inquiry_id}")
    page = client.get("/organisations/hcmut").get_data(as_text=True)
    assert "median-response" in page
    assert user_by_email(app, parties["owner"]) is not None
    assert "median-response" not in client.get("/organisations/thu-thiem-data-demo").get_data(as_text=True)


def test_a_signed_in_visitor_comes_back_to_the_form(app, parties):
    client = app.test_client()
    first = client.get(f"/listings/{parties['listing_id']}/inquire?src=search")
    next_url = first.headers["Location"].split("next=", 1)[1]
    from urllib.parse import unquote

    response = submit(
        client, f"/account/sign-in?next={next_url}", {"email": parties["firm"], "password": "correct-horse-battery"}
    )
    assert unquote(next_url) in response.headers["Location"]
    assert sign_in is not None
