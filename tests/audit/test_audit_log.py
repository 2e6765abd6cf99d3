"""The audit log: recorded by services, browsable and filterable by admins only, never editable."""

import pytest
import sqlalchemy as sa

from techport.accounts.services import find_user_by_email
from techport.audit import services
from techport.audit.models import AuditEntry, AuditLogIsAppendOnly
from techport.extensions import db
from tests.helpers import sign_in


def _admin(app, demo_data):
    admin = app.test_client()
    sign_in(admin, "admin@techport.example", demo_data["admin@techport.example"]["password"])
    return admin


def test_record_stores_who_what_and_before_after_as_json(app, demo_data):
    with app.app_context():
        actor = find_user_by_email("curator@techport.example")
        entry = services.record(
            actor, "listing.approved", "listing", 42, {"status": "submitted"}, {"status": "published"}
        )
        db.session.commit()
        stored = db.session.get(AuditEntry, entry.id)
        assert (stored.actor_id, stored.action, stored.target_type, stored.target_id) == (
            actor.id,
            "listing.approved",
            "listing",
            42,
        )
        assert stored.before == {"status": "submitted"} and stored.after == {"status": "published"}
        assert stored.created_at is not None


def test_entries_cannot_be_changed_or_deleted(app, demo_data):
    with app.app_context():
        entry = services.record(None, "test.append_only", "thing", 1, None, {"a": 1})
        db.session.commit()
        entry.action = "forged"
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.commit()
        db.session.rollback()
        db.session.delete(db.session.get(AuditEntry, entry.id))
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.commit()
        db.session.rollback()
        assert db.session.get(AuditEntry, entry.id).action == "test.append_only"


def test_admins_browse_and_filter_the_log(app, demo_data):
    with app.app_context():
        services.record(None, "test.browse_alpha", "widget", 7, None, {"colour": "xanh-lá"})
        services.record(None, "test.browse_beta", "widget", 8, None, {"colour": "đỏ-thẫm"})
        db.session.commit()
    admin = _admin(app, demo_data)
    everything = admin.get("/admin/audit/").get_data(as_text=True)
    assert "<code>test.browse_alpha</code>" in everything and "<code>test.browse_beta</code>" in everything
    alpha = admin.get("/admin/audit/", query_string={"action": "test.browse_alpha"}).get_data(as_text=True)
    assert "<code>test.browse_alpha</code>" in alpha and "<code>test.browse_beta</code>" not in alpha
    eight = admin.get("/admin/audit/", query_string={"target_type": "widget", "target_id": "8"}).get_data(as_text=True)
    assert "<code>test.browse_beta</code>" in eight and "<code>test.browse_alpha</code>" not in eight


def test_the_log_is_paginated(app, demo_data):
    with app.app_context():
        for number in range(3):
            services.record(None, "test.paginated", "widget", number + 100, None, None)
        db.session.commit()
    app.config["AUDIT_PER_PAGE"] = 2
    try:
        admin = _admin(app, demo_data)
        first = admin.get("/admin/audit/", query_string={"action": "test.paginated"}).get_data(as_text=True)
        assert first.count("<code>test.paginated</code>") == 2 and 'rel="next"' in first
        second = admin.get("/admin/audit/", query_string={"action": "test.paginated", "page": 2})
        assert second.get_data(as_text=True).count("<code>test.paginated</code>") == 1
    finally:
        app.config.pop("AUDIT_PER_PAGE")


def test_no_route_edits_or_deletes_entries(app, demo_data):
    with app.app_context():
        entry_id = services.record(None, "test.no_routes", "widget", 1, None, None).id
        db.session.commit()
        count = db.session.scalar(sa.select(sa.func.count(AuditEntry.id)))
    admin = _admin(app, demo_data)
    assert admin.post("/admin/audit/").status_code in (400, 405)
    assert admin.post(f"/admin/audit/{entry_id}").status_code in (400, 404, 405)
    rules = [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/admin/audit")]
    assert all(rule.methods <= {"GET", "HEAD", "OPTIONS"} for rule in rules)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id))) == count


def test_only_admins_browse_the_log(app, demo_data, client):
    sign_in(client, "curator@techport.example", demo_data["curator@techport.example"]["password"])
    assert client.get("/admin/audit/").status_code == 403
    assert app.test_client().get("/admin/audit/").status_code == 302
