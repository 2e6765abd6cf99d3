"""Organisation admins approve their own colleagues' sign-ups, and nobody else's."""

from techport.accounts.models import AccountStatus, OrganisationRole
from techport.extensions import db
from techport.organisations.services import find_by_slug
from tests.helpers import TEST_PASSWORD, sign_in, submit, user_by_email


def _make_organisation_admin(app, email: str) -> None:
    with app.app_context():
        from techport.accounts.services import find_user_by_email

        find_user_by_email(email).organisation_role = OrganisationRole.ADMIN
        db.session.commit()


def _sign_up(app, email: str, slug: str):
    with app.app_context():
        organisation_id = find_by_slug(slug).id
    data = {
        "full_name": "Đặng Quốc Bảo",
        "email": email,
        "organisation_id": str(organisation_id),
        "password": TEST_PASSWORD,
        "confirm": TEST_PASSWORD,
    }
    return submit(app.test_client(), "/account/sign-up", data)


def test_an_organisation_admin_approves_a_colleague(client, app, make_user):
    admin_email = make_user("hcmut")
    _make_organisation_admin(app, admin_email)
    _sign_up(app, "bao.colleague@hcmut.test", "hcmut")
    colleague = user_by_email(app, "bao.colleague@hcmut.test")

    sign_in(client, admin_email)
    queue = client.get("/account/approvals")
    assert queue.status_code == 200 and "bao.colleague@hcmut.test" in queue.get_data(as_text=True)
    response = submit(client, f"/account/approvals/{colleague.id}/approve", {}, form_url="/account/approvals")
    assert response.status_code == 302
    assert user_by_email(app, "bao.colleague@hcmut.test").status == AccountStatus.ACTIVE


def test_an_organisation_admin_cannot_see_or_approve_another_organisations_sign_ups(client, app, make_user):
    admin_email = make_user("hcmut")
    _make_organisation_admin(app, admin_email)
    _sign_up(app, "outsider@saomai.test", "sao-mai-agritech-demo")
    outsider = user_by_email(app, "outsider@saomai.test")

    sign_in(client, admin_email)
    assert "outsider@saomai.test" not in client.get("/account/approvals").get_data(as_text=True)
    response = submit(client, f"/account/approvals/{outsider.id}/approve", {}, form_url="/account/approvals")
    assert response.status_code == 403
    assert user_by_email(app, "outsider@saomai.test").status == AccountStatus.PENDING


def test_plain_members_cannot_reach_approvals_or_admin_pages(client, make_user):
    sign_in(client, make_user("hcmut"))
    for path in ("/account/approvals", "/admin/users/", "/admin/audit/", "/organisations/verification-queue"):
        assert client.get(path).status_code == 403, path


def test_organisation_admins_cannot_reach_exchange_admin_pages(client, app, make_user):
    email = make_user("hcmut")
    _make_organisation_admin(app, email)
    sign_in(client, email)
    for path in ("/admin/users/", "/admin/audit/", "/organisations/verification-queue"):
        assert client.get(path).status_code == 403, path


def test_an_organisation_admin_manages_only_their_own_organisation(client, app, make_user):
    email = make_user("hcmut")
    _make_organisation_admin(app, email)
    sign_in(client, email)
    assert client.get("/organisations/hcmut/manage").status_code == 200
    assert client.get("/organisations/sao-mai-agritech-demo/manage").status_code == 403
