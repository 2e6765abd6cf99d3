"""Changes to published listings: they stay public, their wording waits in the curators' queue against the
approved version, and a curator accepts the change or restores the approved text."""

import re

import pytest
import sqlalchemy as sa

from techport.accounts.models import Role
from techport.extensions import db
from techport.listings.forms import form_data
from techport.listings.models import Listing, ListingRevision
from techport.listings.vocabulary import ListingStatus
from techport.search.outbox import OutboxEntity, OutboxEntry, OutboxStatus
from tests.helpers import mail_to, sign_in, submit

QUEUE = "/curation/queue"


@pytest.fixture
def curator(app, make_user):
    return make_user("dost-hcmc", role=Role.CURATOR)


@pytest.fixture
def curator_client(app, curator):
    client = app.test_client()
    sign_in(client, curator)
    return client


def _listing(app, listing_id: int) -> Listing:
    with app.app_context():
        listing = db.session.get(Listing, listing_id)
        listing.ip_details  # noqa: B018 (loaded before the session closes)
        db.session.expunge_all()
        return listing


def _edit(client, app, listing_id: int, **changes):
    """Post the edit form as the owner would, with the stored values except ``changes``."""
    with app.app_context():
        data = form_data(db.session.get(Listing, listing_id))
    data.update(changes, action="save")
    # A browser sends a ticked box as "y" and leaves an unticked one out.
    fields = {name: "y" if value is True else value for name, value in data.items() if value is not False}
    return submit(client, f"/listings/{listing_id}/edit", fields)


def _text(response) -> str:
    """The page's text without tags, so words marked as added or removed read as plain text."""
    return re.sub(r"<[^>]+>", "", response.get_data(as_text=True))


def _changed_section(client) -> str:
    return _text(client.get(QUEUE)).split("Thay đổi sau khi được duyệt", 1)[1]


def _decide(curator_client, app, listing_id: int, decision: str):
    version = _listing(app, listing_id).version
    return submit(
        curator_client, f"/curation/listings/{listing_id}/{decision}", {"version": str(version)}, form_url=QUEUE
    )


def test_a_title_edit_stays_public_and_waits_in_the_queue_with_old_and_new_title(
    client, app, make_user, make_listing, curator, curator_client
):
    listing_id = make_listing("hcmut", status="published")
    approved_title = _listing(app, listing_id).title
    sign_in(client, make_user("hcmut"))
    new_title = "Mua bán tài khoản giá rẻ"
    assert _edit(client, app, listing_id, title=new_title).status_code == 302

    edited = _listing(app, listing_id)
    assert (edited.status, edited.title) == (ListingStatus.PUBLISHED, new_title)
    assert app.test_client().get(f"/listings/{listing_id}-{edited.slug}").status_code == 200
    changed = _changed_section(curator_client)
    assert approved_title in changed and new_title in changed
    assert any(
        str(listing_id) in message.body and "changed since approval" in message.body
        for message in mail_to(app, curator)
    )


def test_rolling_back_restores_the_approved_text_keeps_it_public_and_tells_the_owner(
    client, app, make_user, make_listing, curator_client
):
    owner = make_user("hcmut")
    listing_id = make_listing("hcmut", status="published")
    approved = _listing(app, listing_id)
    sign_in(client, owner)
    _edit(client, app, listing_id, title="Tiêu đề quảng cáo rác", summary="Liên hệ ngay để nhận quà.")
    assert _changed_section(curator_client).count("Tiêu đề quảng cáo rác") >= 1

    assert _decide(curator_client, app, listing_id, "roll-back").status_code == 302
    restored = _listing(app, listing_id)
    assert (restored.title, restored.summary, restored.slug) == (approved.title, approved.summary, approved.slug)
    assert (restored.status, restored.published_on) == (ListingStatus.PUBLISHED, approved.published_on)
    assert any("rolled back" in message.subject and approved.title in message.body for message in mail_to(app, owner))
    assert "Tiêu đề quảng cáo rác" not in _changed_section(curator_client)
    with app.app_context():
        reindexed = db.session.scalar(
            sa.select(OutboxEntry).where(
                OutboxEntry.entity == OutboxEntity.LISTING,
                OutboxEntry.entity_id == listing_id,
                OutboxEntry.version == restored.version,
            )
        )
        assert reindexed is not None and reindexed.status == OutboxStatus.PENDING


def test_accepting_keeps_the_change_and_clears_it_from_the_queue(client, app, make_user, make_listing, curator_client):
    listing_id = make_listing("hcmut", status="published")
    sign_in(client, make_user("hcmut"))
    _edit(client, app, listing_id, description="Buồng sấy 800 kg mỗi mẻ, tiết kiệm 45% điện năng.")
    assert "800 kg" in _changed_section(curator_client)

    assert _decide(curator_client, app, listing_id, "accept-change").status_code == 302
    assert "800 kg" not in _changed_section(curator_client)
    assert "800 kg" in _listing(app, listing_id).description
    with app.app_context():
        assert db.session.scalar(sa.select(ListingRevision).where(ListingRevision.listing_id == listing_id)) is None


def test_a_price_edit_does_not_enter_the_queue(client, app, make_user, make_listing, curator_client):
    listing_id = make_listing("hcmut", status="published")
    title = _listing(app, listing_id).title
    sign_in(client, make_user("hcmut"))
    assert _edit(client, app, listing_id, price_vnd="420000000").status_code == 302
    assert _listing(app, listing_id).price_vnd == 420_000_000
    assert title not in _changed_section(curator_client)


def test_later_edits_are_compared_with_the_approved_version_and_undoing_them_leaves_the_queue(
    client, app, make_user, make_listing, curator_client
):
    listing_id = make_listing("hcmut", status="published")
    approved_title = _listing(app, listing_id).title
    sign_in(client, make_user("hcmut"))
    _edit(client, app, listing_id, title="Bản sửa thứ nhất")
    _edit(client, app, listing_id, title="Bản sửa thứ hai")
    changed = _changed_section(curator_client)
    assert approved_title in changed and "Bản sửa thứ hai" in changed and "Bản sửa thứ nhất" not in changed

    _edit(client, app, listing_id, title=approved_title)
    assert approved_title not in _changed_section(curator_client)


def test_a_decision_on_a_change_that_was_changed_again_is_refused(client, app, make_user, make_listing, curator_client):
    listing_id = make_listing("hcmut", status="published")
    sign_in(client, make_user("hcmut"))
    _edit(client, app, listing_id, title="Bản sửa mà người duyệt đã xem")
    seen_version = _listing(app, listing_id).version
    _edit(client, app, listing_id, title="Bản sửa mới hơn")
    refused = submit(
        curator_client, f"/curation/listings/{listing_id}/roll-back", {"version": str(seen_version)}, form_url=QUEUE
    )
    assert refused.status_code == 302
    assert _listing(app, listing_id).title == "Bản sửa mới hơn"
    assert "Bản sửa mới hơn" in _changed_section(curator_client)


def test_members_cannot_decide_on_changes(client, app, make_user, make_listing):
    listing_id = make_listing("hcmut", status="published")
    sign_in(client, make_user("hcmut"))
    _edit(client, app, listing_id, title="Bản sửa của thành viên")
    response = submit(client, f"/curation/listings/{listing_id}/roll-back", {"version": "1"}, form_url="/my/listings")
    assert response.status_code == 403
    assert _listing(app, listing_id).title == "Bản sửa của thành viên"


def test_editing_a_published_ip_asset_tells_the_curators_like_an_offer(
    client, app, make_user, make_listing, curator, curator_client
):
    """Loading the IP record used to flush the listing first, so the edit looked like no change."""
    listing_id = make_listing("hcmut", kind="ip_asset", status="published")
    sign_in(client, make_user("hcmut"))
    assert _edit(client, app, listing_id, title="Giải pháp sấy đã đổi tên").status_code == 302
    assert "Giải pháp sấy đã đổi tên" in _changed_section(curator_client)
    assert any(str(listing_id) in message.body for message in mail_to(app, curator))

    mails_before = len(mail_to(app, curator))
    assert _edit(client, app, listing_id, price_vnd="90000000").status_code == 302
    assert _listing(app, listing_id).price_vnd == 90_000_000
    assert len(mail_to(app, curator)) == mails_before + 1
