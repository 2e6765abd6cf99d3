"""Helpers that drive forms the way a browser does, CSRF token included."""

import re

import sqlalchemy as sa

from techport.accounts.models import User
from techport.extensions import db

CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
TEST_PASSWORD = "correct-horse-battery"


def csrf_token(client, url: str) -> str:
    page = client.get(url)
    match = CSRF_INPUT.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def submit(client, url: str, data: dict, *, follow_redirects: bool = False, form_url: str | None = None):
    """POST a form the way a browser does: fetch the page first to get its CSRF token."""
    token = csrf_token(client, form_url or url)
    return client.post(url, data={**data, "csrf_token": token}, follow_redirects=follow_redirects)


def sign_in(client, email: str, password: str = TEST_PASSWORD):
    return submit(client, "/account/sign-in", {"email": email, "password": password})


def user_by_email(app, email: str) -> User | None:
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        if user is not None:
            db.session.expunge(user)
        return user
