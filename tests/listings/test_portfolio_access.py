"""Portfolio spreadsheets and API tokens are for organisation admins; curators get one digest per import;
refusal reasons follow the page's language."""

import io

import pytest
import sqlalchemy as sa

from techport.accounts.models import Role
from techport.extensions import db
from techport.listings import spreadsheets
from techport.listings.portfolio_reasons import localise
from techport.listings.profile import ProfileError, parse_profile
from techport.notifications.models import Notification
from tests.helpers import mail_to, make_organisation_admin, sign_in, submit, user_by_email
from tests.listings.test_portfolio_import import PORTFOLIO, draft


@pytest.fixture(autouse=True)
def upload_dir(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "PORTFOLIO_UPLOAD_DIR", str(tmp_path / "uploads"))


def test_a_member_gets_a_403_that_explains_and_names_the_admins(app, client, make_user):
    admin = make_organisation_admin(app, make_user("hcmut"))
    sign_in(client, make_user("hcmut"))
    for path in (PORTFOLIO, PORTFOLIO + "export.xlsx", "/organisations/hcmut/api-tokens"):
        page = client.get(path)
        text = page.get_data(as_text=True)
        assert page.status_code == 403, path
        assert "chỉ dành cho quản trị viên" in text and admin in text, path


def test_the_account_hub_links_the_portfolio_only_for_those_who_may_use_it(app, client, make_user):
    sign_in(client, make_user("hcmut"))
    assert PORTFOLIO not in client.get("/account/").get_data(as_text=True)
    admin = app.test_client()
    sign_in(admin, make_organisation_admin(app, make_user("hcmut")))
    hub = admin.get("/account/").get_data(as_text=True)
    assert PORTFOLIO in hub and "/organisations/hcmut/api-tokens" in hub
    assert admin.get(PORTFOLIO).status_code == 200


def test_curators_get_one_digest_for_the_rows_an_import_submits(app, client, make_user):
    curator = make_user("dost-hcmc", role=Role.CURATOR)
    sign_in(client, make_organisation_admin(app, make_user("hcmut")))
    rows = [draft(f"digest-{number}", status="submitted", title=f"Máy gặt số {number}") for number in range(3)]
    rows.append(draft("digest-draft"))
    data = spreadsheets.write_csv(rows)
    preview = submit(client, PORTFOLIO + "preview", {"file": (io.BytesIO(data), "p.csv")}, form_url=PORTFOLIO)
    with app.app_context():
        before = db.session.scalar(sa.select(sa.func.count(Notification.id)).where(Notification.category == "curation"))
    submit(client, preview.headers["Location"] + "/import", {}, form_url=preview.headers["Location"])
    with app.app_context():
        told = list(
            db.session.scalars(
                sa.select(Notification).where(Notification.category == "curation").order_by(Notification.id)
            )
        )[before:]
    curator_id = user_by_email(app, curator).id
    mine = [notification for notification in told if notification.user_id == curator_id]
    assert len(mine) == 1 and "3" in mine[0].subject_vi
    digests = [message for message in mail_to(app, curator) if "3" in message.subject]
    assert len(digests) == 1 and "Máy gặt số 2" in digests[0].body and "Máy gặt số 0" in digests[0].body


def _reasons(record: dict) -> list[str]:
    with pytest.raises(ProfileError) as error:
        parse_profile(record)
    return error.value.problems


BAD_RECORD = {
    "external_id": "bad id!",
    "organisation": "hcmut",
    "kind": "gadget",
    "language": "vi",
    "title": "x" * 300,
    "summary": "Tóm tắt\x00",
    "trl": 12,
    "price_vnd": 10**30,
    "price_negotiable": "maybe",
    "sectors": ["astrology"],
    "keywords": ["a"] * 9,
    "transfer_modes": [],
    "published_at": "yesterday",
    "colour": "blue",
    "contact": {"email": "nobody"},
}


def test_every_refusal_reason_of_a_bad_row_is_translated(app):
    reasons = _reasons(BAD_RECORD)
    with app.test_request_context():
        translated = [localise(reason) for reason in reasons]
    untranslated = [reason for reason, shown in zip(reasons, translated, strict=True) if shown == reason]
    assert not untranslated
    assert "Mức sẵn sàng (TRL): phải là số nguyên từ 1 đến 9" in translated
    assert "E-mail liên hệ: không phải địa chỉ email" in translated


def test_an_unknown_reason_is_shown_as_written(app):
    with app.test_request_context():
        assert localise("something new: went wrong") == "something new: went wrong"
