"""Organisation admins make colleagues admins and back: audited, told, never leaving the organisation without one."""

import sqlalchemy as sa

from techport.accounts.models import OrganisationRole
from techport.audit.models import AuditEntry
from techport.extensions import db
from techport.notifications.models import Notification
from techport.organisations.services import create_organisation
from tests.helpers import mail_to, make_organisation_admin, sign_in, submit, unique_title, user_by_email

MANAGE = "/organisations/{slug}/manage"


def _change(client, slug: str, user_id: int, change: str):
    return submit(client, f"/organisations/{slug}/members/{user_id}/{change}", {}, form_url=MANAGE.format(slug=slug))


def test_an_organisation_admin_promotes_a_colleague_who_is_told(app, client, make_user):
    admin = make_organisation_admin(app, make_user("hcmut"))
    colleague = make_user("hcmut")
    sign_in(client, admin)
    colleague_id = user_by_email(app, colleague).id
    assert f"/members/{colleague_id}/promote" in client.get(MANAGE.format(slug="hcmut")).get_data(as_text=True)

    response = _change(client, "hcmut", colleague_id, "promote")

    assert response.status_code == 302
    assert user_by_email(app, colleague).organisation_role == OrganisationRole.ADMIN
    with app.app_context():
        entry = db.session.scalar(
            sa.select(AuditEntry).where(
                AuditEntry.action == "user.organisation_role_changed", AuditEntry.target_id == colleague_id
            )
        )
        assert entry.actor.email == admin
        assert entry.before["organisation_role"] == "member" and entry.after["organisation_role"] == "admin"
        told = db.session.scalar(sa.select(Notification).where(Notification.user_id == colleague_id))
        assert "quản trị viên" in told.subject_vi
    assert any("admin" in message.subject or "quản trị" in message.subject for message in mail_to(app, colleague))

    assert _change(client, "hcmut", colleague_id, "demote").status_code == 302
    assert user_by_email(app, colleague).organisation_role == OrganisationRole.MEMBER


def test_the_last_admin_cannot_step_down(app, client, make_user):
    with app.app_context():
        slug = unique_title("Solo").replace(" ", "-").lower()
        create_organisation({"name_vi": f"Công ty {slug}", "name_en": f"Company {slug}", "kind": "firm", "slug": slug})
    admin = make_organisation_admin(app, make_user(slug))
    sign_in(client, admin)
    admin_id = user_by_email(app, admin).id
    response = _change(client, slug, admin_id, "demote")
    assert response.status_code == 302
    assert user_by_email(app, admin).organisation_role == OrganisationRole.ADMIN
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "quản trị viên cuối cùng" in page

    second = make_user(slug)
    _change(client, slug, user_by_email(app, second).id, "promote")
    assert _change(client, slug, admin_id, "demote").status_code == 302
    assert user_by_email(app, admin).organisation_role == OrganisationRole.MEMBER


def test_members_cannot_promote_and_admins_only_reach_their_own_colleagues(app, client, make_user):
    member = make_user("hcmut")
    colleague_id = user_by_email(app, make_user("hcmut")).id
    sign_in(client, member)
    assert _change(client, "hcmut", colleague_id, "promote").status_code == 403
    assert user_by_email(app, member).organisation_role == OrganisationRole.MEMBER

    outsider = app.test_client()
    sign_in(outsider, make_organisation_admin(app, make_user("sao-mai-agritech-demo")))
    assert _change(outsider, "hcmut", colleague_id, "promote").status_code == 403
    own_admin = app.test_client()
    sign_in(own_admin, make_organisation_admin(app, make_user("hcmut")))
    stranger_id = user_by_email(app, make_user("sao-mai-agritech-demo")).id
    assert _change(own_admin, "hcmut", stranger_id, "promote").status_code == 404
