"""Listing moderation, lifecycle steps, exhibits, tokens and organisation edits by staff reach the audit log
with who acted, when, and the state before and after."""

from datetime import date, timedelta

import sqlalchemy as sa

from techport.accounts.models import Role
from techport.audit.models import AuditEntry
from techport.exhibits import services as exhibits
from techport.extensions import db
from techport.listings import workflow
from techport.listings.models import Listing
from techport.organisations.services import find_by_slug
from tests.api.conftest import bearer
from tests.helpers import make_organisation_admin, sign_in, submit, unique_title, user_by_email
from tests.listings.test_revisions import _decide, _edit

QUEUE = "/curation/queue"


def _entries(app, target_type: str, target_id: int) -> list[AuditEntry]:
    with app.app_context():
        entries = list(
            db.session.scalars(
                sa.select(AuditEntry)
                .where(AuditEntry.target_type == target_type, AuditEntry.target_id == target_id)
                .order_by(AuditEntry.id)
            )
        )
        for entry in entries:
            entry.actor  # noqa: B018 (loaded before the session closes)
        db.session.expunge_all()
        return entries


def _actions(app, target_type: str, target_id: int) -> list[str]:
    return [entry.action for entry in _entries(app, target_type, target_id)]


def _signed_in(app, email: str):
    client = app.test_client()
    sign_in(client, email)
    return client


def test_curator_approval_and_rejection_are_audited_with_before_and_after(app, make_user, make_listing):
    curator_email = make_user("dost-hcmc", role=Role.CURATOR)
    curator = _signed_in(app, curator_email)
    approved_id = make_listing("hcmut", "offer", "submitted")
    rejected_id = make_listing("hcmut", "offer", "submitted")

    submit(curator, f"/curation/listings/{approved_id}/approve", {}, form_url=QUEUE)
    submit(
        curator,
        f"/curation/listings/{rejected_id}/reject",
        {"reason": "Thiếu thông số kỹ thuật."},
        form_url=f"/curation/listings/{rejected_id}/reject",
    )

    approval = _entries(app, "listing", approved_id)[-1]
    assert approval.action == "listing.approved" and approval.actor.email == curator_email
    assert approval.before == {"status": "submitted"}
    assert approval.after["status"] == "published" and approval.after["expires_on"]
    rejection = _entries(app, "listing", rejected_id)[-1]
    assert rejection.action == "listing.rejected" and rejection.actor.email == curator_email
    assert rejection.after == {
        "status": "draft",
        "published_on": None,
        "expires_on": None,
        "reason": "Thiếu thông số kỹ thuật.",
    }
    assert rejection.created_at is not None


def test_accepting_and_rolling_back_a_change_are_audited(app, client, make_user, make_listing):
    curator_email = make_user("dost-hcmc", role=Role.CURATOR)
    curator = _signed_in(app, curator_email)
    sign_in(client, make_user("hcmut"))
    accepted_id = make_listing("hcmut", "offer", "published")
    rolled_back_id = make_listing("hcmut", "offer", "published")
    _edit(client, app, accepted_id, title="Máy sấy đã sửa tên")
    _edit(client, app, rolled_back_id, title="Tên mới chưa duyệt")

    _decide(curator, app, accepted_id, "accept-change")
    _decide(curator, app, rolled_back_id, "roll-back")

    accepted = _entries(app, "listing", accepted_id)[-1]
    assert accepted.action == "listing.change_accepted" and accepted.actor.email == curator_email
    assert accepted.after["title"] == "Máy sấy đã sửa tên" and accepted.before["title"] != accepted.after["title"]
    rolled_back = _entries(app, "listing", rolled_back_id)[-1]
    assert rolled_back.action == "listing.change_rolled_back"
    assert rolled_back.before["title"] == "Tên mới chưa duyệt" and rolled_back.after["title"] != "Tên mới chưa duyệt"


def test_owner_steps_on_the_web_are_audited_with_the_owner(app, client, make_user, make_listing):
    owner = make_user("hcmut")
    sign_in(client, owner)
    listing_id = make_listing("hcmut", "offer", "draft")
    for step in ("submit", "withdraw"):
        submit(client, f"/listings/{listing_id}/{step}", {}, form_url="/account/password")
    renewed_id = make_listing("hcmut", "offer", "published")
    submit(client, f"/listings/{renewed_id}/renew", {}, form_url="/account/password")

    entries = _entries(app, "listing", listing_id)
    assert [entry.action for entry in entries] == ["listing.submitted", "listing.withdrawn"]
    assert all(entry.actor.email == owner for entry in entries)
    assert entries[1].before == {"status": "submitted"} and entries[1].after["status"] == "draft"
    assert _actions(app, "listing", renewed_id)[-1] == "listing.renewed"


def test_expiry_is_audited_as_the_system(app, make_listing):
    listing_id = make_listing("hcmut", "offer", "published")
    with app.app_context():
        listing = db.session.get(Listing, listing_id)
        listing.expires_on = date.today() - timedelta(days=1)
        db.session.commit()
        workflow.expire_lazily()
    expiry = _entries(app, "listing", listing_id)[-1]
    assert expiry.action == "listing.expired" and expiry.actor is None
    assert expiry.before == {"status": "published"} and expiry.after["status"] == "expired"


def test_api_steps_name_the_token_and_a_revoked_token_gets_401(app, client, make_user, make_token):
    headers = bearer(make_token())
    created = client.post(
        "/api/v1/listings",
        json={
            "kind": "need",
            "language": "vi",
            "title": unique_title("Cần máy sấy"),
            "summary": "Cần máy sấy.",
            "description": "Cần máy sấy cho hợp tác xã.",
            "trl": 6,
            "sectors": ["smart_agriculture"],
            "transfer_modes": ["licence"],
        },
        headers=headers,
    )
    assert created.status_code == 201, created.get_json()
    listing_id = created.get_json()["id"]
    assert client.post(f"/api/v1/listings/{listing_id}/submit", headers=headers).status_code == 200
    submitted = _entries(app, "listing", listing_id)[-1]
    assert submitted.action == "listing.submitted" and submitted.after["api_token_id"]

    admin = _signed_in(app, make_organisation_admin(app, make_user("hcmut")))
    page = admin.get("/organisations/hcmut/api-tokens").get_data(as_text=True)
    token_id = submitted.after["api_token_id"]
    assert f"/api-tokens/{token_id}/revoke" in page
    submit(admin, f"/organisations/hcmut/api-tokens/{token_id}/revoke", {}, form_url="/organisations/hcmut/api-tokens")
    assert client.post(f"/api/v1/listings/{listing_id}/withdraw", headers=headers).status_code == 401
    assert _actions(app, "api_token", token_id) == ["api_token.created", "api_token.revoked"]


def test_curator_exhibit_actions_are_audited(app, make_user, make_listing):
    curator_email = make_user("dost-hcmc", role=Role.CURATOR)
    curator = _signed_in(app, curator_email)
    listing_id = make_listing("hcmut", "offer", "published")
    starts_on = date.today() - timedelta(days=1)
    with app.app_context():
        exhibit = exhibits.create_exhibit(
            {
                "title_vi": unique_title("Triển lãm"),
                "title_en": unique_title("Exhibit"),
                "description_vi": "",
                "description_en": "",
                "theme": "Nông nghiệp",
                "starts_on": starts_on,
                "ends_on": starts_on + timedelta(days=10),
                "venue": "Techmart Daily",
                "booth": "A",
            },
            user_by_email(app, curator_email),
        )
        slug, exhibit_id = exhibit.slug, exhibit.id
    editor = f"/exhibits/{slug}/editor"
    submit(curator, f"/exhibits/{slug}/items", {"listing_id": str(listing_id)}, form_url=editor)
    submit(curator, f"/exhibits/{slug}/publish", {}, form_url=editor)

    assert _actions(app, "exhibit", exhibit_id) == ["exhibit.created", "exhibit.published"]
    published = _entries(app, "exhibit", exhibit_id)[-1]
    assert published.actor.email == curator_email and published.after == {"published": True}
    with app.app_context():
        added = db.session.scalar(
            sa.select(AuditEntry).where(AuditEntry.action == "exhibit.item_added").order_by(AuditEntry.id.desc())
        )
        assert added.after["listing_id"] == listing_id and added.actor.email == curator_email


def test_staff_edits_and_new_organisations_are_audited(app, demo_data):
    admin = app.test_client()
    sign_in(admin, "admin@techport.example", demo_data["admin@techport.example"]["password"])
    name = unique_title("Viện")
    created = submit(
        admin,
        "/organisations/new",
        {"name_vi": name, "name_en": f"Institute {name}", "kind": "institute", "short_name": "", "province": ""},
    )
    assert created.status_code == 302
    slug = created.headers["Location"].rsplit("/", 1)[1]
    with app.app_context():
        organisation_id = find_by_slug(slug).id
    entries = _entries(app, "organisation", organisation_id)
    assert entries[0].action == "organisation.created" and entries[0].actor.email == "admin@techport.example"
