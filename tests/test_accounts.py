"""Sign-up, sign-in, throttling, approval and password reset, through the HTTP interface."""

import time

import itsdangerous.timed
import sqlalchemy as sa

from techport.accounts.models import AccountStatus, LoginFailure, OutgoingEmail, Role, User
from techport.accounts.services import make_reset_token
from techport.extensions import db
from techport.organisations.services import find_by_slug
from tests.helpers import TEST_PASSWORD, mail_to, sign_in, submit, user_by_email


def _count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def _sign_up(client, app, **overrides):
    with app.app_context():
        organisation_id = find_by_slug("hcmut").id
    data = {
        "full_name": "Phạm Thị Lan",
        "email": "lan.pham@hcmut.test",
        "organisation_id": str(organisation_id),
        "password": TEST_PASSWORD,
        "confirm": TEST_PASSWORD,
        **overrides,
    }
    return submit(client, "/account/sign-up", data)


def test_wrong_password_is_refused_with_a_clear_message(client, app, make_user):
    email = make_user()
    response = sign_in(client, email, "not-the-password")
    assert response.status_code == 400
    assert "E-mail hoặc mật khẩu không đúng." in response.get_data(as_text=True)
    assert client.get("/account/").status_code == 302  # still signed out


def test_unknown_user_gets_the_same_message_as_a_wrong_password(client, demo_data):
    response = sign_in(client, "nobody@nowhere.test", "whatever-password")
    assert response.status_code == 400
    assert "E-mail hoặc mật khẩu không đúng." in response.get_data(as_text=True)


def test_right_password_signs_in_and_clears_failures(client, app, make_user):
    email = make_user()
    sign_in(client, email, "wrong-once-password")
    response = sign_in(client, email)
    assert response.status_code == 302
    assert client.get("/account/").status_code == 200
    assert _count(app, LoginFailure, LoginFailure.email == email) == 0


def test_five_failures_lock_the_account_even_for_the_right_password(client, app, make_user):
    email = make_user()
    for _ in range(5):
        assert sign_in(client, email, "guessing-password").status_code == 400
    response = sign_in(client, email)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Đăng nhập sai quá nhiều lần" in page
    assert "15 phút" in page
    assert client.get("/account/").status_code == 302


def test_sign_up_is_pending_until_a_curator_approves(client, app, demo_data):
    response = _sign_up(client, app, email="pending.flow@hcmut.test")
    assert response.status_code == 302
    user = user_by_email(app, "pending.flow@hcmut.test")
    assert user.status == AccountStatus.PENDING and user.role == Role.MEMBER

    refused = sign_in(client, "pending.flow@hcmut.test")
    assert refused.status_code == 400
    assert "đang chờ biên tập viên Techport phê duyệt" in refused.get_data(as_text=True)

    curator = app.test_client()
    sign_in(curator, "curator@techport.example", demo_data["curator@techport.example"]["password"])
    queue = curator.get("/account/approvals").get_data(as_text=True)
    assert "pending.flow@hcmut.test" in queue
    approved = submit(curator, f"/account/approvals/{user.id}/approve", {}, form_url="/account/approvals")
    assert approved.status_code == 302
    assert user_by_email(app, "pending.flow@hcmut.test").status == AccountStatus.ACTIVE

    assert sign_in(client, "pending.flow@hcmut.test").status_code == 302
    assert client.get("/account/").status_code == 200


def test_members_cannot_open_the_approval_queue(client, make_user):
    sign_in(client, make_user())
    assert client.get("/account/approvals").status_code == 403


def test_members_cannot_approve_by_posting_directly(client, app, make_user):
    pending = make_user(status=AccountStatus.PENDING)
    sign_in(client, make_user())
    target = user_by_email(app, pending)
    response = submit(client, f"/account/approvals/{target.id}/approve", {}, form_url="/account/")
    assert response.status_code == 403
    assert user_by_email(app, pending).status == AccountStatus.PENDING


def test_over_long_name_is_rejected_and_nothing_is_saved(client, app, demo_data):
    response = _sign_up(client, app, email="too.long@hcmut.test", full_name="N" * 121)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Chỉ được nhập tối đa 120 ký tự (bạn đã nhập 121)." in page
    assert user_by_email(app, "too.long@hcmut.test") is None


def test_sign_up_with_a_taken_email_answers_as_for_a_new_one_and_mails_the_owner(client, app, make_user):
    email = make_user()
    with app.app_context():
        users_before = db.session.scalar(sa.select(sa.func.count()).select_from(User))
    fresh = _sign_up(app.test_client(), app, email="brand.new.owner@hcmut.test")
    taken = _sign_up(client, app, email=email, full_name="Someone Else")

    assert (taken.status_code, taken.headers["Location"]) == (fresh.status_code, fresh.headers["Location"])
    page = client.get(taken.headers["Location"]).get_data(as_text=True)
    assert "Cảm ơn bạn. Tài khoản của bạn đang chờ" in page
    assert "Đã có tài khoản" not in page
    [notice] = mail_to(app, email)
    assert "Someone tried to sign up to Techport with your address" in notice.subject
    assert "reset your password" in notice.body and "đặt lại mật khẩu" in notice.body
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == users_before + 1
    assert user_by_email(app, email).full_name != "Someone Else"


def test_missing_csrf_token_is_refused_and_nothing_is_saved(client, app, demo_data):
    with app.app_context():
        organisation_id = find_by_slug("hcmut").id
    response = client.post(
        "/account/sign-up",
        data={
            "full_name": "No Token",
            "email": "no.token@hcmut.test",
            "organisation_id": str(organisation_id),
            "password": TEST_PASSWORD,
            "confirm": TEST_PASSWORD,
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Biểu mẫu đã hết hạn hoặc thiếu mã bảo mật" in page
    assert "The form has expired or is missing its security token" in page
    assert user_by_email(app, "no.token@hcmut.test") is None


def test_sign_in_without_csrf_token_does_not_sign_in(client, make_user):
    email = make_user()
    response = client.post("/account/sign-in", data={"email": email, "password": TEST_PASSWORD})
    assert response.status_code == 400
    assert client.get("/account/").status_code == 302


def test_sign_out_needs_a_post(client, make_user):
    sign_in(client, make_user())
    assert client.get("/account/sign-out").status_code == 405
    assert submit(client, "/account/sign-out", {}, form_url="/account/").status_code == 302
    assert client.get("/account/").status_code == 302


def test_password_reset_through_the_outbox(client, app, make_user):
    email = make_user()
    submit(client, "/account/forgot-password", {"email": email})
    with app.app_context():
        message = db.session.scalars(
            sa.select(OutgoingEmail).where(OutgoingEmail.recipient == email).order_by(OutgoingEmail.id.desc())
        ).first()
    assert message is not None
    link = next(line for line in message.body.splitlines() if "/account/reset-password/" in line)
    path = link[link.index("/account/") :]

    new_password = "a-brand-new-password"
    response = submit(client, path, {"password": new_password, "confirm": new_password})
    assert response.status_code == 302
    assert sign_in(client, email, new_password).status_code == 302

    reused = client.get(path)
    assert reused.status_code == 400
    assert "không hợp lệ hoặc đã được sử dụng" in reused.get_data(as_text=True)


def test_forgot_password_says_the_same_for_unknown_addresses(client, app, demo_data):
    before = _count(app, OutgoingEmail)
    response = submit(client, "/account/forgot-password", {"email": "ghost@nowhere.test"}, follow_redirects=True)
    assert "Nếu có tài khoản dùng địa chỉ này" in response.get_data(as_text=True)
    assert _count(app, OutgoingEmail) == before


def test_expired_reset_token_is_refused_and_the_password_is_unchanged(client, app, make_user, monkeypatch):
    email = make_user()
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        original_hash = user.password_hash
        two_hours_ago = time.time() - 2 * 3600
        monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: two_hours_ago)
        token = make_reset_token(user)
        monkeypatch.undo()

    path = f"/account/reset-password/{token}"
    page = client.get(path)
    assert page.status_code == 400
    assert "Liên kết đặt lại mật khẩu đã hết hạn" in page.get_data(as_text=True)

    response = submit(
        client, path, {"password": "another-password", "confirm": "another-password"}, form_url="/account/sign-in"
    )
    assert response.status_code == 400
    assert user_by_email(app, email).password_hash == original_hash


def test_tampered_reset_token_is_refused(client, demo_data):
    response = client.get("/account/reset-password/not-a-real-token")
    assert response.status_code == 400


def test_passwords_are_hashed_with_scrypt(app, make_user):
    user = user_by_email(app, make_user())
    assert user.password_hash.startswith("scrypt:")
    assert TEST_PASSWORD not in user.password_hash
