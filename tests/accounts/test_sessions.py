"""Sessions end on the server: sign-out, password changes and admins revoke copied cookies."""

import sqlalchemy as sa
from flask_login.utils import encode_cookie

from techport.accounts.models import Role, User
from techport.extensions import db
from tests.helpers import TEST_PASSWORD, csrf_token, mail_to, sign_in, submit, user_by_email

SESSION_COOKIE = "session"
MEMBER_PAGE = "/account/"


def _copy_session(app, source):
    """A second browser holding a copy of ``source``'s session cookie, as a thief would."""
    thief = app.test_client()
    thief.set_cookie(SESSION_COOKIE, source.get_cookie(SESSION_COOKIE).value)
    return thief


def _is_signed_out(client) -> bool:
    response = client.get(MEMBER_PAGE)
    return response.status_code == 302 and "/account/sign-in" in response.headers["Location"]


def test_a_copied_session_cookie_stops_working_after_sign_out(app, client, make_user):
    sign_in(client, make_user())
    thief = _copy_session(app, client)
    assert thief.get(MEMBER_PAGE).status_code == 200

    submit(client, "/account/sign-out", {}, form_url=MEMBER_PAGE)

    assert _is_signed_out(client)
    assert _is_signed_out(thief)


def test_a_remember_cookie_issued_before_sign_out_is_refused(app, client, make_user):
    email = make_user()
    sign_in(client, email)
    with app.test_request_context():
        remember_token = encode_cookie(db.session.scalar(sa.select(User).where(User.email == email)).get_id())
    holder = app.test_client()
    holder.set_cookie("remember_token", remember_token)
    assert holder.get(MEMBER_PAGE).status_code == 200

    submit(client, "/account/sign-out", {}, form_url=MEMBER_PAGE)

    later = app.test_client()
    later.set_cookie("remember_token", remember_token)
    assert _is_signed_out(later)


def test_a_password_reset_ends_every_session(app, client, make_user):
    email = make_user()
    sign_in(client, email)
    stranger = app.test_client()
    submit(stranger, "/account/forgot-password", {"email": email})
    body = mail_to(app, email)[-1].body
    link = next(line for line in body.splitlines() if "/account/reset-password/" in line)

    new_password = "quiet-river-lamp-harbour"
    response = submit(stranger, link[link.index("/account/") :], {"password": new_password, "confirm": new_password})

    assert response.status_code == 302
    assert _is_signed_out(client)


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(app, client, make_user):
    email = make_user()
    sign_in(client, email)
    other_device = _copy_session(app, client)
    new_password = "velvet-canyon-ticket-moss"

    response = submit(
        client,
        "/account/password",
        {"current_password": TEST_PASSWORD, "password": new_password, "confirm": new_password},
    )

    assert response.status_code == 302
    assert client.get(MEMBER_PAGE).status_code == 200
    assert _is_signed_out(other_device)
    assert sign_in(app.test_client(), email, new_password).status_code == 302


def test_a_password_change_needs_the_current_password(app, client, make_user):
    email = make_user()
    sign_in(client, email)
    new_password = "velvet-canyon-ticket-moss"
    response = submit(
        client,
        "/account/password",
        {"current_password": "not-the-password", "password": new_password, "confirm": new_password},
    )
    assert response.status_code == 400
    assert "Mật khẩu hiện tại không đúng." in response.get_data(as_text=True)
    assert sign_in(app.test_client(), email).status_code == 302


def test_an_admin_ends_every_session_of_an_account(app, client, make_user):
    member = make_user()
    sign_in(client, member)
    admin = app.test_client()
    sign_in(admin, make_user(organisation_slug="dost-hcmc", role=Role.ADMIN))
    assert "Kết thúc các phiên" in admin.get("/account/approvals").get_data(as_text=True)

    response = submit(admin, "/account/end-sessions", {"email": member}, form_url="/account/approvals")

    assert response.status_code == 302
    assert _is_signed_out(client)
    assert admin.get(MEMBER_PAGE).status_code == 200


def test_curators_and_members_cannot_end_sessions(app, client, make_user):
    member = make_user()
    sign_in(client, member)
    for role in (Role.CURATOR, Role.MEMBER):
        other = app.test_client()
        sign_in(other, make_user(organisation_slug="dost-hcmc", role=role))
        token = csrf_token(other, MEMBER_PAGE)
        assert other.post("/account/end-sessions", data={"email": member, "csrf_token": token}).status_code == 403
    assert client.get(MEMBER_PAGE).status_code == 200


def test_a_rejected_sign_up_has_its_session_version_raised(app, make_user, demo_data):
    from techport.accounts.models import AccountStatus
    from techport.accounts.services import review_account

    pending = make_user(status=AccountStatus.PENDING)
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == pending))
        reviewer = db.session.scalar(sa.select(User).where(User.email == "curator@techport.example"))
        review_account(user, reviewer, approve=False)
    assert user_by_email(app, pending).session_version == 2


def test_sign_in_renews_the_csrf_token(client, make_user):
    email = make_user()
    client.get("/account/sign-in")
    with client.session_transaction() as session:
        before = session["csrf_token"]
    sign_in(client, email)
    client.get(MEMBER_PAGE)
    with client.session_transaction() as session:
        assert session.get("csrf_token") not in (None, before)


def test_sign_in_starts_a_fresh_session_keeping_only_the_language(client, make_user):
    email = make_user()
    client.get("/lang/en")
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    sign_in(client, email)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["lang"] == "en"
    assert "Your account" in client.get(MEMBER_PAGE).get_data(as_text=True)
