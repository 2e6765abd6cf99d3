"""Admins' user pages: search, filters, pages, role changes and deactivation, all in the audit log."""

import sqlalchemy as sa

from techport.accounts.models import AccountStatus, OrganisationRole, Role
from techport.audit.models import AuditEntry
from techport.extensions import db
from tests.helpers import sign_in, submit, user_by_email

MEMBER_PAGE = "/account/"


def _admin(app, demo_data):
    admin = app.test_client()
    sign_in(admin, "admin@techport.example", demo_data["admin@techport.example"]["password"])
    return admin


def _entries(app, user_id: int, action: str) -> list[AuditEntry]:
    with app.app_context():
        entries = db.session.scalars(
            sa.select(AuditEntry).where(
                AuditEntry.target_type == "user", AuditEntry.target_id == user_id, AuditEntry.action == action
            )
        ).all()
        db.session.expunge_all()
        return list(entries)


def test_users_are_searched_by_name_or_email_and_filtered(app, demo_data, make_user):
    pending = make_user("hcmut", status=AccountStatus.PENDING)
    active = make_user("sao-mai-agritech-demo")
    admin = _admin(app, demo_data)

    by_email = admin.get("/admin/users/", query_string={"q": pending.upper()}).get_data(as_text=True)
    assert pending in by_email and active not in by_email
    by_name = admin.get("/admin/users/", query_string={"q": f"test user {active}"}).get_data(as_text=True)
    assert active in by_name and pending not in by_name
    pending_only = admin.get("/admin/users/", query_string={"status": "pending", "q": "@test.example"})
    assert pending in pending_only.get_data(as_text=True) and active not in pending_only.get_data(as_text=True)
    curators = admin.get("/admin/users/", query_string={"role": "curator"}).get_data(as_text=True)
    assert "curator@techport.example" in curators and "hcmut@techport.example" not in curators
    organisation_id = user_by_email(app, active).organisation_id
    of_firm = admin.get("/admin/users/", query_string={"organisation": organisation_id}).get_data(as_text=True)
    assert active in of_firm and pending not in of_firm


def test_the_user_list_is_paginated(app, demo_data, make_user):
    make_user()
    app.config["USERS_PER_PAGE"] = 2
    try:
        admin = _admin(app, demo_data)
        first = admin.get("/admin/users/").get_data(as_text=True)
        assert first.count("/admin/users/") and 'rel="next"' in first
        second = admin.get("/admin/users/", query_string={"page": 2}).get_data(as_text=True)
        assert 'rel="prev"' in second
    finally:
        app.config.pop("USERS_PER_PAGE")


def test_last_sign_in_is_recorded_and_shown(client, app, demo_data, make_user):
    email = make_user()
    assert user_by_email(app, email).last_sign_in_at is None
    sign_in(client, email)
    user = user_by_email(app, email)
    assert user.last_sign_in_at is not None
    page = _admin(app, demo_data).get(f"/admin/users/{user.id}").get_data(as_text=True)
    shown = page.split('class="last-sign-in">')[1].split("</dd>")[0]
    assert any(character.isdigit() for character in shown)


def test_a_role_change_is_recorded_in_the_audit_log(app, demo_data, make_user):
    email = make_user("hcmut")
    user = user_by_email(app, email)
    admin = _admin(app, demo_data)
    response = submit(
        admin,
        f"/admin/users/{user.id}/roles",
        {"role": "curator", "organisation_role": "admin"},
        form_url=f"/admin/users/{user.id}",
    )
    assert response.status_code == 302
    changed = user_by_email(app, email)
    assert changed.role == Role.CURATOR and changed.organisation_role == OrganisationRole.ADMIN
    [entry] = _entries(app, user.id, "user.role_changed")
    assert entry.before == {"role": "member", "organisation_role": "member"}
    assert entry.after == {"role": "curator", "organisation_role": "admin"}
    assert entry.actor_id == user_by_email(app, "admin@techport.example").id


def test_deactivation_ends_the_users_sessions_and_is_recorded(app, demo_data, make_user):
    email = make_user()
    victim = app.test_client()
    sign_in(victim, email)
    assert victim.get(MEMBER_PAGE).status_code == 200
    user = user_by_email(app, email)

    admin = _admin(app, demo_data)
    submit(admin, f"/admin/users/{user.id}/deactivate", {}, form_url=f"/admin/users/{user.id}")

    assert user_by_email(app, email).status == AccountStatus.DISABLED
    assert victim.get(MEMBER_PAGE).status_code == 302
    assert sign_in(app.test_client(), email).status_code == 400
    [entry] = _entries(app, user.id, "user.deactivated")
    assert (entry.before, entry.after) == ({"status": "active"}, {"status": "disabled"})

    submit(admin, f"/admin/users/{user.id}/reactivate", {}, form_url=f"/admin/users/{user.id}")
    assert user_by_email(app, email).status == AccountStatus.ACTIVE
    assert sign_in(app.test_client(), email).status_code == 302
    assert len(_entries(app, user.id, "user.reactivated")) == 1


def test_an_admin_cannot_deactivate_or_demote_themselves(app, demo_data):
    admin = _admin(app, demo_data)
    me = user_by_email(app, "admin@techport.example")
    submit(admin, f"/admin/users/{me.id}/deactivate", {}, form_url=f"/admin/users/{me.id}")
    submit(admin, f"/admin/users/{me.id}/roles", {"role": "member"}, form_url=f"/admin/users/{me.id}")
    me = user_by_email(app, "admin@techport.example")
    assert me.status == AccountStatus.ACTIVE and me.role == Role.ADMIN


def test_curators_cannot_use_the_admin_user_pages(app, demo_data, make_user):
    target = user_by_email(app, make_user())
    curator = app.test_client()
    sign_in(curator, "curator@techport.example", demo_data["curator@techport.example"]["password"])
    assert curator.get("/admin/users/").status_code == 403
    response = submit(curator, f"/admin/users/{target.id}/deactivate", {}, form_url="/account/")
    assert response.status_code == 403
    assert user_by_email(app, target.email).status == AccountStatus.ACTIVE
