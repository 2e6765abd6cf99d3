"""Expiry reminders, the review digest, mail preferences and the one-click unsubscribe."""

from datetime import date, timedelta

import sqlalchemy as sa

from techport.accounts.models import OutgoingEmail, User
from techport.alerts.models import MailPreferences
from techport.alerts.preferences import MailKind, unsubscribe_url
from techport.alerts.reminders import send_expiry_reminders, send_review_digest
from techport.extensions import db
from techport.listings.models import Listing
from techport.models_common import utcnow
from tests.helpers import sign_in, submit


def _set_expiry(app, listing_id: int, expires_on: date) -> None:
    with app.app_context():
        db.session.get(Listing, listing_id).expires_on = expires_on
        db.session.commit()


def _mail_count(app, email: str, text: str = "") -> int:
    with app.app_context():
        return db.session.scalar(
            sa.select(sa.func.count(OutgoingEmail.id)).where(
                OutgoingEmail.recipient == email, OutgoingEmail.body.contains(text)
            )
        )


def test_owners_are_reminded_30_and_7_days_before_expiry_once_each(app, make_user, make_listing):
    owner = make_user("hcmussh")
    listing_id = make_listing("hcmussh", status="published")
    _set_expiry(app, listing_id, date.today() + timedelta(days=30))
    with app.app_context():
        assert send_expiry_reminders(utcnow()) >= 1
        assert send_expiry_reminders(utcnow()) == 0
    assert _mail_count(app, owner, f"/listings/{listing_id}-") == 1
    _set_expiry(app, listing_id, date.today() + timedelta(days=7))
    with app.app_context():
        send_expiry_reminders(utcnow())
        send_expiry_reminders(utcnow())
    assert _mail_count(app, owner, f"/listings/{listing_id}-") == 2


def test_reminders_respect_the_owners_preferences(client, app, make_user, make_listing):
    quiet, keen = make_user("uel"), make_user("uel")
    sign_in(client, quiet)
    page = client.get("/alerts/preferences")
    assert page.status_code == 200
    submit(client, "/alerts/preferences", {"alerts": "y", "digests": "y"})
    listing_id = make_listing("uel", status="published")
    _set_expiry(app, listing_id, date.today() + timedelta(days=5))
    with app.app_context():
        send_expiry_reminders(utcnow())
    assert _mail_count(app, keen, f"/listings/{listing_id}-") == 1
    assert _mail_count(app, quiet, f"/listings/{listing_id}-") == 0


def test_the_curators_get_one_review_digest_a_day(app, make_listing):
    make_listing("ueh", status="submitted")
    curator = "curator@techport.example"
    before = _mail_count(app, curator, "/curation")
    day = utcnow() + timedelta(days=1000)  # a day on which no other test (nor the worker's job) sent the digest
    with app.app_context():
        first = send_review_digest(day)
        second = send_review_digest(day)
    assert first >= 1 and second == 0
    assert _mail_count(app, curator, "/curation") == before + 1


def test_unsubscribe_asks_on_get_and_unsubscribes_on_a_one_click_post(client, app, make_user):
    email = make_user("iuh")
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        url = unsubscribe_url(user, MailKind.REMINDERS)
        user_id = user.id
    path = url.split("://", 1)[1].split("/", 1)[1]
    page = client.get(f"/{path}")
    assert page.status_code == 200 and email in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(MailPreferences, user_id) is None, "a GET writes nothing"
    assert client.post(f"/{path}", data={"List-Unsubscribe": "One-Click"}).status_code == 204
    with app.app_context():
        preferences = db.session.get(MailPreferences, user_id)
        assert (preferences.reminders, preferences.alerts) == (False, True)
    assert client.get("/alerts/unsubscribe/not-a-token").status_code == 404
