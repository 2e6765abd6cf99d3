"""The issue's journey end to end: a saved search's daily alert leaves through a real SMTP server, once."""

import uuid

import sqlalchemy as sa

from techport.accounts.models import User
from techport.alerts.models import SavedSearch
from techport.extensions import db
from techport.mail_delivery.outbox import deliver_pending
from tests.alerts.test_alerts import DRYER, _index_everything, _run
from tests.helpers import sign_in, submit
from tests.smtp_server import smtp_server  # noqa: F401  (the fixture)


def test_a_daily_alert_is_delivered_over_smtp_once_with_its_unsubscribe_header(
    client,
    app,
    es,
    search_prefix,
    make_user,
    make_listing,
    smtp_server,  # noqa: F811
):
    firm_user = make_user("sao-mai-agritech-demo")
    sign_in(client, firm_user)
    marker = uuid.uuid4().hex[:10]  # ranks this test's dryer first among the shared database's
    submit(client, f"/alerts/new?q=may+say+{marker}", {"name": "", "frequency": "daily"})
    make_listing("hcmut", kind="offer", status="published", title=f"{DRYER} {marker}")
    _index_everything(app, es, search_prefix)

    assert _run(app) == 1
    with app.app_context():
        deliver_pending()
        assert _run(app) == 0
        deliver_pending()

    _forget_searches_of(app, firm_user)
    [message] = smtp_server.recorder.to(firm_user)
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert DRYER in body
    assert f"Saved search “may say {marker}”" in body and f"Tìm kiếm đã lưu “may say {marker}”" in body
    assert "/alerts/unsubscribe/" in message["List-Unsubscribe"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def _forget_searches_of(app, email: str) -> None:
    """The test database is shared: later alert tests must not find this person's search."""
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.email == email))
        db.session.execute(sa.delete(SavedSearch).where(SavedSearch.user_id == user_id))
        db.session.commit()
