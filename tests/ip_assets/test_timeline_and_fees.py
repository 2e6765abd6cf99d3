"""Correcting the legal timeline (admins only, audited) and recording annual fees paid."""

import io
from datetime import UTC, date, datetime

import sqlalchemy as sa
from dateutil.relativedelta import relativedelta

from techport.accounts.models import OrganisationRole, User
from techport.audit.models import AuditEntry
from techport.extensions import db
from techport.ip_assets.models import DeadlineReminder, RegisterAsset
from techport.ip_assets.reminders import send_deadline_reminders
from tests.helpers import sign_in, submit, unique_title
from tests.ip_assets.test_register import _add, _asset_id

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _admin(app, make_user, slug: str = "hcmut") -> str:
    email = make_user(slug)
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        user.organisation_role = OrganisationRole.ADMIN
        db.session.commit()
    return email


def _title(app, asset_id: int):
    with app.app_context():
        title = db.session.get(RegisterAsset, asset_id).titles[0]
        return title.id, [(event.id, event.status, event.happened_on) for event in title.events]


def _granted_patent(client, title: str, grant: date):
    return _add(
        client,
        title,
        status="granted",
        application_date=(grant - relativedelta(years=3)).isoformat(),
        priority_date="",
        grant_number="4-0012345",
        grant_date=grant.isoformat(),
    )


def test_an_admin_corrects_a_wrong_date_and_the_title_follows(app, client, make_user):
    sign_in(client, _admin(app, make_user))
    name = unique_title()
    _add(client, name)
    asset_id = _asset_id(app, name)
    title_id, _events = _title(app, asset_id)
    prefix = f"event-{title_id}-"
    submit(
        client,
        f"/ip-register/titles/{title_id}/events",
        {prefix + "status": "granted", prefix + "happened_on": "2062-01-05", prefix + "note": "QĐ"},
        form_url=f"/ip-register/{asset_id}",
    )
    _title_id, events = _title(app, asset_id)
    granted_id = events[-1][0]
    page = client.get(f"/ip-register/{asset_id}").get_data(as_text=True)
    assert f"/ip-register/events/{granted_id}/edit" in page
    response = submit(
        client,
        f"/ip-register/events/{granted_id}/edit",
        {"status": "granted", "happened_on": "2026-01-05", "note": "QĐ 123", "document": (io.BytesIO(PDF), "qd.pdf")},
    )
    assert response.status_code == 302
    with app.app_context():
        title = db.session.get(RegisterAsset, asset_id).titles[0]
        assert title.grant_date == date(2026, 1, 5) and title.status == "granted"
        assert title.events[-1].document_filename == "qd.pdf"
        entry = db.session.scalar(
            sa.select(AuditEntry).where(AuditEntry.action == "ip_event.updated", AuditEntry.target_id == granted_id)
        )
        assert entry.before["happened_on"] == "2062-01-05" and entry.after["happened_on"] == "2026-01-05"
    assert client.get(f"/ip-register/events/{granted_id}/document").status_code == 200

    response = submit(
        client, f"/ip-register/events/{granted_id}/delete", {}, form_url=f"/ip-register/events/{granted_id}/edit"
    )
    assert response.status_code == 302
    with app.app_context():
        title = db.session.get(RegisterAsset, asset_id).titles[0]
        assert [event.status for event in title.events] == ["filed"]
        assert title.status == "filed" and title.grant_date is None
        assert db.session.scalar(
            sa.select(AuditEntry).where(AuditEntry.action == "ip_event.deleted", AuditEntry.target_id == granted_id)
        )


def test_a_replacement_document_passes_the_attachment_checks(app, client, make_user):
    sign_in(client, _admin(app, make_user))
    name = unique_title()
    _add(client, name)
    asset_id = _asset_id(app, name)
    _title_id, events = _title(app, asset_id)
    filed_id = events[0][0]
    response = submit(
        client,
        f"/ip-register/events/{filed_id}/edit",
        {"status": "filed", "happened_on": "2024-03-16", "note": "", "document": (io.BytesIO(b"MZ\x90\x00"), "x.pdf")},
    )
    assert response.status_code == 200
    assert "PDF" in response.get_data(as_text=True)
    assert _title(app, asset_id)[1][0][2] == date(2024, 3, 15)


def test_members_who_are_not_admins_cannot_correct_steps(app, client, make_user):
    sign_in(client, make_user("hcmut"))
    name = unique_title()
    _add(client, name)
    asset_id = _asset_id(app, name)
    filed_id = _title(app, asset_id)[1][0][0]
    assert f"/ip-register/events/{filed_id}/edit" not in client.get(f"/ip-register/{asset_id}").get_data(as_text=True)
    assert client.get(f"/ip-register/events/{filed_id}/edit").status_code == 403
    other = app.test_client()
    sign_in(other, _admin(app, make_user, "ueh"))
    assert other.get(f"/ip-register/events/{filed_id}/edit").status_code == 403


def test_paying_the_annual_fee_moves_the_next_fee_a_year_and_stops_its_reminders(app, client, make_user):
    sign_in(client, make_user("hcmut"))
    today = date.today()
    grant = today - relativedelta(years=2) + relativedelta(days=20)
    name = unique_title("Phí duy trì")
    _granted_patent(client, name, grant)
    asset_id = _asset_id(app, name)
    title_id = _title(app, asset_id)[0]
    due = grant + relativedelta(years=2)
    page = client.get(f"/ip-register/{asset_id}").get_data(as_text=True)
    assert due.isoformat() in page
    prefix = f"fee-{title_id}-"
    response = submit(
        client,
        f"/ip-register/titles/{title_id}/fees",
        {
            prefix + "due_on": due.isoformat(),
            prefix + "paid_on": today.isoformat(),
            prefix + "amount": "1.200.000",
            prefix + "receipt": (io.BytesIO(PDF), "bien-lai.pdf"),
        },
        form_url=f"/ip-register/{asset_id}",
    )
    assert response.status_code == 302
    page = client.get(f"/ip-register/{asset_id}").get_data(as_text=True)
    following = grant + relativedelta(years=3)
    assert following.isoformat() in page and "1.200.000 ₫" in page and "bien-lai.pdf" in page
    with app.app_context():
        send_deadline_reminders(datetime.now(UTC))
        kinds = db.session.scalars(
            sa.select(DeadlineReminder.due_on).where(
                DeadlineReminder.title_id == title_id, DeadlineReminder.deadline_kind == "annual_fee"
            )
        ).all()
        assert due not in kinds
        assert db.session.scalar(
            sa.select(AuditEntry).where(AuditEntry.action == "ip_fee.paid", AuditEntry.target_id == title_id)
        )
    again = submit(
        client,
        f"/ip-register/titles/{title_id}/fees",
        {prefix + "due_on": due.isoformat(), prefix + "paid_on": today.isoformat(), prefix + "amount": "1000"},
        form_url=f"/ip-register/{asset_id}",
        follow_redirects=True,
    )
    assert "Khoản nộp chưa được ghi nhận" in again.get_data(as_text=True)
    with app.app_context():
        assert len(db.session.get(RegisterAsset, asset_id).titles[0].fee_payments) == 1


def test_a_fee_in_its_grace_period_shows_the_surcharge(app, client, make_user):
    sign_in(client, make_user("hcmut"))
    grant = date.today() - relativedelta(years=2) - relativedelta(days=40)
    name = unique_title("Ân hạn")
    _granted_patent(client, name, grant)
    page = client.get(f"/ip-register/{_asset_id(app, name)}").get_data(as_text=True)
    assert "Đang trong thời hạn gia hạn" in page
    assert "10% lệ phí cho mỗi tháng nộp muộn" in page and "263/2016/TT-BTC" in page
