"""Who may see and change which listing, tried by typing URLs; contact details never go public."""

import pytest

from techport.accounts.models import Role
from techport.extensions import db
from techport.listings.models import Listing
from techport.listings.vocabulary import ListingStatus
from tests.helpers import listing_form, sign_in, submit

CONTACT = ("Trần Minh Khoa", "khoa.private@hcmut.example", "+84 28 3864 7256")


def _urls(app, listing_id: int) -> tuple[str, str]:
    with app.app_context():
        listing = db.session.get(Listing, listing_id)
        return f"/listings/{listing.id}-{listing.slug}", f"/listings/{listing.id}/edit"


def _status(app, listing_id: int) -> ListingStatus:
    with app.app_context():
        return db.session.get(Listing, listing_id).status


@pytest.mark.parametrize("status", ["draft", "submitted", "expired", "archived"])
def test_another_organisations_unpublished_listing_is_out_of_reach(client, app, make_user, make_listing, status):
    listing_id = make_listing("hcmut", status=status)
    show, edit = _urls(app, listing_id)
    assert client.get(show).status_code == 404
    assert client.get(f"/listings/{listing_id}").status_code == 404

    sign_in(client, make_user("hcmus"))
    assert client.get(show).status_code == 404
    assert client.get(edit).status_code == 404
    posted = submit(client, edit, listing_form("offer"), form_url="/my/listings")
    assert posted.status_code == 404
    for step in ("submit", "withdraw", "renew", "archive"):
        assert submit(client, f"/listings/{listing_id}/{step}", {}, form_url="/my/listings").status_code == 404
    assert _status(app, listing_id) == ListingStatus(status)
    assert client.get(f"/listings/{listing_id}/attachments").status_code == 404


def test_another_organisations_published_listing_can_be_read_but_not_changed(client, app, make_user, make_listing):
    listing_id = make_listing("hcmut", status="published")
    show, edit = _urls(app, listing_id)
    sign_in(client, make_user("hcmus"))
    assert client.get(show).status_code == 200
    assert client.get(edit).status_code == 403
    assert submit(client, edit, listing_form("offer"), form_url="/my/listings").status_code == 403
    assert submit(client, f"/listings/{listing_id}/archive", {}, form_url="/my/listings").status_code == 403
    assert client.get(f"/listings/{listing_id}/attachments").status_code == 403
    assert _status(app, listing_id) == ListingStatus.PUBLISHED


def test_visitors_are_sent_to_sign_in_for_edit_pages(client, app, make_listing):
    _, edit = _urls(app, make_listing("hcmut", status="published"))
    response = client.get(edit)
    assert response.status_code == 302 and "/account/sign-in" in response.headers["Location"]
    assert client.get("/my/listings").status_code == 302
    assert client.get("/listings/new/offer").status_code == 302


def test_curators_read_submitted_listings_but_do_not_edit_them(client, app, make_user, make_listing):
    listing_id = make_listing("hcmut", status="submitted")
    show, edit = _urls(app, listing_id)
    sign_in(client, make_user("dost-hcmc", role=Role.CURATOR))
    page = client.get(show)
    assert page.status_code == 200 and "Duyệt và công bố" in page.get_data(as_text=True)
    assert client.get(edit).status_code == 403


def test_admins_edit_any_organisations_listing(client, app, make_user, make_listing):
    listing_id = make_listing("hcmus")
    _, edit = _urls(app, listing_id)
    sign_in(client, make_user("dost-hcmc", role=Role.ADMIN))
    assert client.get(edit).status_code == 200
    assert submit(client, f"/listings/{listing_id}/archive", {}, form_url=edit).status_code == 302
    assert _status(app, listing_id) == ListingStatus.ARCHIVED


def test_members_create_only_for_their_own_organisation(client, app, make_user):
    sign_in(client, make_user("hcmus"))
    form = listing_form("offer", organisation="hcmut", organisation_id="1")
    submit(client, "/listings/new/offer", form)
    with app.app_context():
        listing = db.session.scalar(db.select(Listing).where(Listing.title == form["title"]))
        assert listing.organisation.slug == "hcmus"


def test_contact_details_never_reach_public_pages(client, app, make_user, make_listing):
    listing_id = make_listing("hcmut", kind="ip_asset", status="published")
    show, _ = _urls(app, listing_id)
    public_pages = [show, "/organisations/hcmut", "/organisations/hcmut?kind=ip_asset"]

    def contact_shown(page: str) -> list[str]:
        return [detail for detail in CONTACT if detail in page]

    for url in public_pages:
        assert contact_shown(client.get(url).get_data(as_text=True)) == [], url
    sign_in(client, make_user("hcmus"))
    for url in public_pages:
        assert contact_shown(client.get(url).get_data(as_text=True)) == [], url

    owner = app.test_client()
    sign_in(owner, make_user("hcmut"))
    assert contact_shown(owner.get(show).get_data(as_text=True)) == list(CONTACT)
    curator = app.test_client()
    sign_in(curator, make_user("dost-hcmc", role=Role.CURATOR))
    assert contact_shown(curator.get(show).get_data(as_text=True)) == list(CONTACT)
