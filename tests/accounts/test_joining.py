"""Joining with an organisation not yet on Techport: verified by a curator, then the founder posts a need."""

import sqlalchemy as sa

from techport.accounts.models import AccountStatus, OrganisationRole
from techport.audit.models import AuditEntry
from techport.extensions import db
from techport.notifications.models import Notification
from techport.organisations.models import Organisation, QueueReason
from techport.organisations.services import find_by_slug
from tests.helpers import TEST_PASSWORD, listing_form, mail_to, sign_in, submit, unique_title, user_by_email

NOT_LISTED = "-1"


def founder_form(**overrides) -> dict:
    suffix = unique_title("").strip().replace(" ", "")
    return {
        "full_name": "Võ Thị Hạnh",
        "email": f"hanh.{suffix}@mekong-dryers.test",
        "organisation_id": NOT_LISTED,
        "new_name_vi": f"Công ty TNHH Máy sấy Mê Kông {suffix}",
        "new_name_en": f"Mekong Dryers Co {suffix}",
        "new_kind": "firm",
        "new_tax_code": f"03{abs(hash(suffix)) % 10**8:08d}",
        "new_province": "Cần Thơ",
        "new_website": "https://mekong-dryers.test",
        "password": TEST_PASSWORD,
        "confirm": TEST_PASSWORD,
        **overrides,
    }


def _organisation_named(app, name_en: str) -> Organisation | None:
    with app.app_context():
        organisation = db.session.scalar(sa.select(Organisation).where(Organisation.name_en == name_en))
        if organisation is not None:
            db.session.expunge(organisation)
        return organisation


def _curator(app, demo_data):
    curator = app.test_client()
    sign_in(curator, "curator@techport.example", demo_data["curator@techport.example"]["password"])
    return curator


def test_a_new_firm_joins_is_verified_and_posts_a_need(client, app, demo_data):
    form = founder_form()
    response = submit(client, "/account/sign-up", form)
    assert response.status_code == 302

    organisation = _organisation_named(app, form["new_name_en"])
    assert organisation.verified is False and organisation.queue_reason == QueueReason.NEW
    assert organisation.tax_code == form["new_tax_code"] and organisation.province == "Cần Thơ"
    founder = user_by_email(app, form["email"])
    assert founder.status == AccountStatus.PENDING
    assert founder.organisation_role == OrganisationRole.ADMIN and founder.organisation_id == organisation.id
    assert sign_in(client, form["email"]).status_code == 400
    assert client.get(f"/organisations/{organisation.slug}").status_code == 200  # visible, marked unverified

    curator = _curator(app, demo_data)
    with app.app_context():
        told = db.session.scalar(
            sa.select(sa.func.count(Notification.id)).where(Notification.subject_en.contains(form["new_name_en"]))
        )
    assert told >= 1
    queue = curator.get("/organisations/verification-queue").get_data(as_text=True)
    assert form["new_name_vi"] in queue and form["new_tax_code"] in queue
    # The founder is reviewed with the organisation, not in the ordinary sign-up queue.
    assert form["email"] not in curator.get("/account/approvals").get_data(as_text=True)
    approved = submit(
        curator,
        f"/organisations/{organisation.slug}/verification/approve",
        {},
        form_url="/organisations/verification-queue",
    )
    assert approved.status_code == 302
    assert _organisation_named(app, form["new_name_en"]).verified is True
    assert user_by_email(app, form["email"]).status == AccountStatus.ACTIVE
    assert any("is verified on Techport" in message.subject for message in mail_to(app, form["email"]))
    with app.app_context():
        actions = set(
            db.session.scalars(
                sa.select(AuditEntry.action).where(
                    sa.or_(
                        sa.and_(AuditEntry.target_type == "organisation", AuditEntry.target_id == organisation.id),
                        sa.and_(AuditEntry.target_type == "user", AuditEntry.target_id == founder.id),
                    )
                )
            )
        )
    assert {"organisation.verified", "account.approved"} <= actions

    assert sign_in(client, form["email"]).status_code == 302
    need = listing_form("need")
    created = submit(client, "/listings/new/need", need)
    assert created.status_code == 302
    with app.app_context():
        from techport.listings.models import Listing

        listing = db.session.scalar(sa.select(Listing).where(Listing.title == need["title"]))
        assert listing.organisation_id == organisation.id


def test_bad_organisation_input_re_renders_with_messages_and_keeps_what_was_typed(client, app, demo_data):
    form = founder_form(new_tax_code="12-34", new_name_en="", new_website="mekong.test")
    response = submit(client, "/account/sign-up", form)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "mã số đơn vị 7 chữ số" in page
    assert "Bắt buộc" in page or "bắt buộc" in page
    assert "http://" in page
    assert form["new_name_vi"] in page and 'value="12-34"' in page and form["email"] in page
    assert user_by_email(app, form["email"]) is None
    assert _organisation_named(app, form["new_name_en"]) is None


def test_a_taken_tax_code_is_refused_and_nothing_is_stored(client, app, demo_data):
    first = founder_form()
    assert submit(client, "/account/sign-up", first).status_code == 302
    second = founder_form(new_tax_code=first["new_tax_code"])
    response = submit(app.test_client(), "/account/sign-up", second)
    assert response.status_code == 400
    assert "đã có trên Techport" in response.get_data(as_text=True)
    assert user_by_email(app, second["email"]) is None
    assert _organisation_named(app, second["new_name_en"]) is None


def test_choosing_an_existing_organisation_ignores_the_new_organisation_fields(client, app, demo_data):
    with app.app_context():
        hcmut = find_by_slug("hcmut").id
    form = founder_form(organisation_id=str(hcmut), new_tax_code="", new_name_vi="", new_name_en="")
    assert submit(client, "/account/sign-up", form).status_code == 302
    user = user_by_email(app, form["email"])
    assert user.organisation_id == hcmut and user.organisation_role == OrganisationRole.MEMBER
