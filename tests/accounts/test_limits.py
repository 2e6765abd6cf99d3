"""Rate limits per address and for everyone, the bounded failures table, and the lock a reset lifts."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from techport.accounts import services
from techport.accounts.models import LoginFailure, User
from techport.config import settings_from_env
from techport.extensions import db, limiter
from techport.models_common import utcnow
from tests.helpers import mail_to, sign_in, submit

THROTTLED = "Có quá nhiều lượt thử từ mạng của bạn"


@pytest.fixture
def limits(app, monkeypatch):
    """Set low limits for one test, on a clean limiter; the suite's own limits are high."""
    limiter.reset()

    def set_limits(**settings):
        for name, value in settings.items():
            monkeypatch.setitem(app.config, name, value)

    yield set_limits
    limiter.reset()


def _client_at(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


@pytest.fixture
def password_checks(monkeypatch) -> list:
    """Counts the (expensive) password hashes that sign-in computes."""
    calls = []
    real = services.check_password_hash

    def counting(*args):
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(services, "check_password_hash", counting)
    return calls


def test_one_address_trying_many_accounts_is_stopped_without_hashing(app, make_user, limits, password_checks):
    limits(SIGN_IN_LIMIT_PER_ADDRESS="3 per 10 minutes")
    client = _client_at(app, "198.51.100.7")
    for _ in range(3):
        assert sign_in(client, make_user(), "one-guessed-password").status_code == 400
    assert len(password_checks) == 3

    response = sign_in(client, make_user())

    assert response.status_code == 429
    assert THROTTLED in response.get_data(as_text=True)
    assert 'name="email"' in response.get_data(as_text=True)  # the form again
    assert len(password_checks) == 3
    assert sign_in(_client_at(app, "198.51.100.8"), make_user()).status_code == 302


def test_the_global_limit_counts_every_address(app, make_user, limits):
    limits(SIGN_IN_LIMIT_GLOBAL="2 per minute")
    for number in (1, 2):
        assert sign_in(_client_at(app, f"203.0.113.{number}"), make_user(), "wrong-password-x").status_code == 400
    response = sign_in(_client_at(app, "203.0.113.3"), make_user())
    assert response.status_code == 429
    assert THROTTLED in response.get_data(as_text=True)


def test_forgot_password_is_limited_per_address(app, make_user, limits):
    limits(ACCOUNT_MAIL_LIMIT_PER_ADDRESS="2 per hour")
    email = make_user()
    client = _client_at(app, "198.51.100.20")
    for _ in range(2):
        assert submit(client, "/account/forgot-password", {"email": email}).status_code == 302
    response = submit(client, "/account/forgot-password", {"email": email})
    assert response.status_code == 429
    assert THROTTLED in response.get_data(as_text=True)
    assert len(mail_to(app, email)) == 2


def test_sign_up_is_limited_per_address(app, demo_data, limits):
    from tests.test_accounts import _sign_up

    limits(ACCOUNT_MAIL_LIMIT_PER_ADDRESS="1 per hour")
    client = _client_at(app, "198.51.100.30")
    assert _sign_up(client, app, email="first.limited@hcmut.test").status_code == 302
    response = _sign_up(client, app, email="second.limited@hcmut.test")
    assert response.status_code == 429
    assert THROTTLED in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(User).where(User.email == "second.limited@hcmut.test")) is None


def test_recording_a_failure_prunes_stale_rows_of_every_email(app, make_user):
    with app.app_context():
        db.session.add(
            LoginFailure(email="old@nowhere.test", ip_address="192.0.2.1", failed_at=utcnow() - timedelta(hours=1))
        )
        db.session.commit()
    sign_in(app.test_client(), make_user(), "wrong-password-y")
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).where(LoginFailure.email == "old@nowhere.test")) == 0


def test_a_password_reset_lifts_the_lock(app, client, make_user):
    email = make_user()
    for _ in range(5):
        sign_in(client, email, "guessing-password")
    assert "Đăng nhập sai quá nhiều lần" in sign_in(client, email).get_data(as_text=True)

    submit(client, "/account/forgot-password", {"email": email})
    link = next(line for line in mail_to(app, email)[-1].body.splitlines() if "/account/reset-password/" in line)
    new_password = "amber-orchard-window-tide"
    submit(client, link[link.index("/account/") :], {"password": new_password, "confirm": new_password})

    assert sign_in(client, email, new_password).status_code == 302


def test_limit_settings_come_from_the_environment():
    defaults = settings_from_env({})
    assert defaults["RATELIMIT_STORAGE_URI"] == "memory://"
    assert defaults["SIGN_IN_LIMIT_PER_ADDRESS"] == "20 per 10 minutes"
    configured = settings_from_env(
        {"TECHPORT_RATELIMIT_STORAGE_URI": "redis://cache:6379", "TECHPORT_SIGN_IN_LIMIT_GLOBAL": "50 per minute"}
    )
    assert configured["RATELIMIT_STORAGE_URI"] == "redis://cache:6379"
    assert configured["SIGN_IN_LIMIT_GLOBAL"] == "50 per minute"
