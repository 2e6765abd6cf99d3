"""The password policy on sign-up, reset and change: length, common passwords, the account's own e-mail."""

import pytest

from techport.accounts.passwords import password_problem
from techport.demo.seed import load_records
from tests.helpers import TEST_PASSWORD, mail_to, sign_in, submit, user_by_email
from tests.test_accounts import _sign_up

TOO_SHORT = "Hãy nhập từ 12 đến 128 ký tự"
TOO_COMMON = "Mật khẩu này quá phổ biến hoặc quá dễ đoán."
REPEATED = "Mật khẩu không được chỉ gồm một ký tự lặp lại."
HAS_EMAIL = "Mật khẩu không được chứa địa chỉ e-mail của bạn."


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("aaaaaaaaaaaa", REPEATED),
        ("password1234", TOO_COMMON),
        ("qwertyuiop12", TOO_COMMON),
        ("iloveyou2024", TOO_COMMON),
        ("techport2025", TOO_COMMON),
        ("lan.pham-mountain-tea", HAS_EMAIL),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(app, password, expected):
    with app.test_request_context():
        assert expected in password_problem(password, "lan.pham@hcmut.test", "Phạm Thị Lan")


def test_the_test_and_demo_passwords_meet_the_policy(app):
    with app.test_request_context():
        assert password_problem(TEST_PASSWORD, "user1-1@test.example") is None
        for record in load_records("accounts.json"):
            assert password_problem(record["password"], record["email"], record["full_name"]) is None, record["email"]


@pytest.mark.parametrize(
    ("password", "message"),
    [("aaaaaaaaaa", TOO_SHORT), ("password12", TOO_SHORT), ("aaaaaaaaaaaaaa", REPEATED), ("password1234", TOO_COMMON)],
)
def test_sign_up_refuses_weak_passwords(app, client, demo_data, password, message):
    email = f"weak.{len(password)}.{password[:4]}@hcmut.test"
    response = _sign_up(client, app, email=email, password=password, confirm=password)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert user_by_email(app, email) is None


def test_sign_up_refuses_a_password_holding_the_email(app, client, demo_data):
    response = _sign_up(
        client, app, email="khoa.tran@hcmut.test", password="khoa.tran-2025!", confirm="khoa.tran-2025!"
    )
    assert response.status_code == 400
    assert HAS_EMAIL in response.get_data(as_text=True)


def test_reset_refuses_a_weak_password(app, client, make_user):
    email = make_user()
    submit(client, "/account/forgot-password", {"email": email})
    link = next(line for line in mail_to(app, email)[-1].body.splitlines() if "/account/reset-password/" in line)
    path = link[link.index("/account/") :]
    local_part = email.split("@")[0]

    for password, message in (("password1234", TOO_COMMON), (f"{local_part}-secret", HAS_EMAIL)):
        response = submit(client, path, {"password": password, "confirm": password})
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)
    assert sign_in(client, email).status_code == 302


def test_change_refuses_a_weak_password(client, make_user):
    sign_in(client, make_user())
    response = submit(
        client,
        "/account/password",
        {"current_password": TEST_PASSWORD, "password": "1234567890ab", "confirm": "1234567890ab"},
    )
    assert response.status_code == 400
    assert TOO_COMMON in response.get_data(as_text=True)


def test_the_form_explains_the_policy(client, demo_data):
    page = client.get("/account/sign-up").get_data(as_text=True)
    assert "Ít nhất 12 ký tự. Không dùng mật khẩu phổ biến" in page
