"""One notification service: the site shows what a person was told, and the same event is mailed."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from techport.accounts.models import User
from techport.extensions import db
from techport.notifications.services import notify
from tests.helpers import mail_to, sign_in, submit


def _notify(app, email: str, link: str = "/listings/") -> None:
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        notify([user, user], lambda: _l("Your listing was approved"), lambda: _l("Approved."), link=link)
        db.session.commit()


def test_a_notification_is_shown_counted_and_mailed_once(app, client, make_user):
    email = make_user()
    _notify(app, email)
    assert len(mail_to(app, email)) == 1
    sign_in(client, email)
    header = client.get("/account/").get_data(as_text=True)
    assert 'aria-label="1 chưa đọc"' in header
    page = client.get("/notifications/").get_data(as_text=True)
    assert page.count('data-state="unread"') == 1
    assert 'href="/listings/"' in page

    assert submit(client, "/notifications/read", {}, form_url="/notifications/").status_code == 302
    page = client.get("/notifications/").get_data(as_text=True)
    assert 'data-state="unread"' not in page and "chưa đọc" not in page


def test_nobody_else_sees_it(app, client, make_user):
    owner, other = make_user(), make_user()
    _notify(app, owner, link="/private-thing")
    sign_in(client, other)
    assert "/private-thing" not in client.get("/notifications/").get_data(as_text=True)


def test_the_list_asks_visitors_to_sign_in(client):
    response = client.get("/notifications/")
    assert response.status_code == 302 and "/account/sign-in" in response.headers["Location"]
