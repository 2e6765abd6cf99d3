"""The verification queue: renamed verified organisations come back, curators reject and merge."""

import sqlalchemy as sa

from techport.accounts.models import AccountStatus, OrganisationRole
from techport.audit.models import AuditEntry
from techport.extensions import db
from techport.listings.models import Listing
from techport.notifications.models import Notification
from techport.organisations.models import Organisation, OrganisationKind, QueueReason
from techport.organisations.services import create_organisation, find_by_slug
from tests.accounts.test_joining import _curator, _organisation_named, founder_form
from tests.helpers import mail_to, sign_in, submit, unique_title, user_by_email

QUEUE = "/organisations/verification-queue"


def _verified_organisation(app, kind=OrganisationKind.FIRM) -> str:
    title = unique_title("Verified").replace(" ", "-").lower()
    with app.app_context():
        organisation = create_organisation(
            {
                "name_vi": f"Công ty {title}",
                "name_en": f"Company {title}",
                "kind": kind,
                "verified": True,
                "slug": title,
            }
        )
        return organisation.slug


def _profile(app, slug: str, **changes) -> dict:
    with app.app_context():
        organisation = find_by_slug(slug)
        values = {
            "name_vi": organisation.name_vi,
            "name_en": organisation.name_en,
            "short_name": "",
            "province": "",
            "website": "",
            "description_vi": "",
            "description_en": "",
        }
    values.update(changes)
    return values


def _organisation(app, slug: str) -> Organisation:
    with app.app_context():
        organisation = find_by_slug(slug)
        db.session.expunge(organisation)
        return organisation


def test_renaming_a_verified_organisation_sends_it_back_to_the_queue(client, app, demo_data, make_user):
    slug = _verified_organisation(app)
    sign_in(client, make_user(slug))
    response = submit(client, f"/organisations/{slug}/manage", _profile(app, slug, name_en="HCMC Department of S&T"))
    assert response.status_code == 302

    organisation = _organisation(app, slug)
    assert organisation.verified is False and organisation.queue_reason == QueueReason.PROFILE_CHANGED
    assert organisation.name_en == "HCMC Department of S&T"
    assert organisation.verified_identity["name_en"].startswith("Company ")
    assert client.get(f"/organisations/{slug}").status_code == 200  # still visible, marked unverified
    with app.app_context():
        organisation_id = db.session.scalar(sa.select(Organisation.id).where(Organisation.slug == slug))
        told = db.session.scalar(
            sa.select(sa.func.count(Notification.id)).where(Notification.subject_en.contains("HCMC Department of S&T"))
        )
        logged = db.session.scalar(
            sa.select(sa.func.count(AuditEntry.id)).where(
                AuditEntry.action == "organisation.sent_back_to_queue", AuditEntry.target_id == organisation_id
            )
        )
    assert told >= 1 and logged == 1
    curator = _curator(app, demo_data)
    assert "HCMC Department of S&amp;T" in curator.get(QUEUE).get_data(as_text=True)


def test_changing_other_profile_fields_keeps_the_verified_mark(client, app, make_user):
    slug = _verified_organisation(app)
    sign_in(client, make_user(slug))
    submit(client, f"/organisations/{slug}/manage", _profile(app, slug, province="Đồng Nai"))
    organisation = _organisation(app, slug)
    assert organisation.verified is True and organisation.queue_reason is None


def test_an_organisation_admin_changing_the_kind_sends_it_back(client, app, make_user):
    slug = _verified_organisation(app)
    email = make_user(slug)
    with app.app_context():
        from techport.accounts.services import find_user_by_email

        find_user_by_email(email).organisation_role = OrganisationRole.ADMIN
        db.session.commit()
    sign_in(client, email)
    submit(client, f"/organisations/{slug}/manage", _profile(app, slug, kind="agency"))
    organisation = _organisation(app, slug)
    assert organisation.kind == OrganisationKind.AGENCY and organisation.queue_reason == QueueReason.PROFILE_CHANGED


def test_rejecting_a_rename_restores_the_verified_names(client, app, demo_data, make_user):
    slug = _verified_organisation(app)
    original = _organisation(app, slug).name_en
    sign_in(client, make_user(slug))
    submit(client, f"/organisations/{slug}/manage", _profile(app, slug, name_en="Somebody Else Entirely"))
    organisation = _organisation(app, slug)

    curator = _curator(app, demo_data)
    empty = submit(
        curator, f"/organisations/{slug}/verification/reject", {f"reject-{organisation.id}-reason": ""}, form_url=QUEUE
    )
    assert empty.status_code == 400
    assert _organisation(app, slug).queue_reason == QueueReason.PROFILE_CHANGED
    submit(
        curator,
        f"/organisations/{slug}/verification/reject",
        {f"reject-{organisation.id}-reason": "That is not your name."},
        form_url=QUEUE,
    )
    restored = _organisation(app, slug)
    assert restored.name_en == original and restored.verified is True and restored.queue_reason is None


def test_rejecting_a_new_organisation_rejects_its_founder_and_mails_the_reason(client, app, demo_data):
    form = founder_form()
    submit(client, "/account/sign-up", form)
    organisation = _organisation_named(app, form["new_name_en"])
    curator = _curator(app, demo_data)
    submit(
        curator,
        f"/organisations/{organisation.slug}/verification/reject",
        {f"reject-{organisation.id}-reason": "Không tìm thấy doanh nghiệp với mã số thuế này."},
        form_url=QUEUE,
    )
    assert user_by_email(app, form["email"]).status == AccountStatus.REJECTED
    [message] = [m for m in mail_to(app, form["email"]) if "did not verify" in m.subject]
    assert "Không tìm thấy doanh nghiệp với mã số thuế này." in message.body
    assert client.get(f"/organisations/{organisation.slug}").status_code == 404
    assert form["new_name_vi"] not in client.get("/account/sign-up").get_data(as_text=True)


def test_merging_moves_members_and_listings_to_the_existing_organisation(client, app, demo_data, make_listing):
    form = founder_form()
    submit(client, "/account/sign-up", form)
    source = _organisation_named(app, form["new_name_en"])
    listing_id = make_listing(source.slug, kind="need")
    target = _organisation(app, "sao-mai-agritech-demo")

    curator = _curator(app, demo_data)
    response = submit(
        curator,
        f"/organisations/{source.slug}/verification/merge",
        {f"merge-{source.id}-target_id": str(target.id)},
        form_url=QUEUE,
    )
    assert response.status_code == 302

    founder = user_by_email(app, form["email"])
    assert founder.organisation_id == target.id and founder.organisation_role == OrganisationRole.MEMBER
    with app.app_context():
        assert db.session.get(Listing, listing_id).organisation_id == target.id
        merged = db.session.get(Organisation, source.id)
        assert merged.merged_into_id == target.id and merged.queue_reason is None
        assert db.session.get(Organisation, target.id).tax_code == form["new_tax_code"]
        assert merged.tax_code is None
    moved = client.get(f"/organisations/{source.slug}")
    assert moved.status_code == 301 and moved.headers["Location"].endswith("/organisations/sao-mai-agritech-demo")
    assert any("is now" in message.subject for message in mail_to(app, form["email"]))


def test_members_cannot_decide_in_the_queue(client, app, demo_data, make_user):
    form = founder_form()
    submit(app.test_client(), "/account/sign-up", form)
    organisation = _organisation_named(app, form["new_name_en"])
    sign_in(client, make_user())
    response = submit(client, f"/organisations/{organisation.slug}/verification/approve", {}, form_url="/account/")
    assert response.status_code == 403
    assert _organisation_named(app, form["new_name_en"]).verified is False
