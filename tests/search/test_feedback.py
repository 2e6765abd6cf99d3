"""Marking matches "not relevant" (and undoing it), and the feedback the relevance harness reads."""

import re

import pytest
import sqlalchemy as sa

from techport.extensions import db
from techport.listings.models import Listing
from techport.listings.services import find_listing
from techport.organisations.services import find_by_slug
from techport.search import feedback
from tests.helpers import csrf_token, sign_in
from tests.inquiries.conftest import start_as
from tests.search.corpus import CORPUS_TAG

FIRM = "sao-mai-agritech-demo"
PUMP_TITLE = "Máy bơm nước năng lượng mặt trời cho tưới tiêu"


@pytest.fixture
def pair(app, indexed_corpus):
    """The corpus's solar-pump need (of the firm) and its best-known match, HCMUT's solar pump offer."""
    with app.app_context():
        need = find_listing(find_by_slug(FIRM), f"n-pump-{CORPUS_TAG}")
        offer = find_listing(find_by_slug("hcmut"), f"s-pump-{CORPUS_TAG}")
        return need.id, offer.id


def shown_ids(client, listing_id: int) -> set[int]:
    page = client.get(f"/listings/{listing_id}/matches").get_data(as_text=True)
    return {int(found) for found in re.findall(r'class="match" data-listing-id="(\d+)"', page)}


def send(client, need_id: int, offer_id: int, action: str, *, form_of: int | None = None):
    token = csrf_token(client, f"/listings/{form_of or need_id}/matches")
    return client.post(
        f"/listings/{need_id}/matches/{offer_id}/feedback",
        data={"action": action, "csrf_token": token, "next": f"/listings/{need_id}/matches"},
    )


def test_a_marked_match_is_hidden_for_the_organisation_both_ways_and_can_be_undone(app, pair, make_user):
    need_id, offer_id = pair
    firm_member, other_firm_member = app.test_client(), app.test_client()
    sign_in(firm_member, make_user(FIRM))
    sign_in(other_firm_member, make_user("thu-thiem-data-demo"))
    assert offer_id in shown_ids(firm_member, need_id)
    page = firm_member.get(f"/listings/{need_id}/matches").get_data(as_text=True)
    assert f'action="/listings/{need_id}/matches/{offer_id}/feedback"' in page and "Không phù hợp" in page

    response = send(firm_member, need_id, offer_id, "not_relevant")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/listings/{need_id}/matches")
    assert offer_id not in shown_ids(firm_member, need_id)
    hidden = firm_member.get(f"/listings/{need_id}/matches").get_data(as_text=True)
    assert "Tổ chức của bạn đã đánh dấu không phù hợp (1)" in hidden and "Hiện lại" in hidden
    # The pair is hidden from the other side's matches too, for this organisation only.
    assert need_id not in shown_ids(firm_member, offer_id)
    assert offer_id in shown_ids(other_firm_member, need_id)
    assert offer_id in shown_ids(app.test_client(), need_id)

    assert send(firm_member, need_id, offer_id, "undo").status_code == 302
    assert offer_id in shown_ids(firm_member, need_id)
    with app.app_context():
        assert (need_id, offer_id) not in feedback.not_relevant_pairs()


def test_marking_twice_stores_one_mark_and_the_pairs_count_organisations(app, pair, make_user):
    need_id, offer_id = pair
    first, second = app.test_client(), app.test_client()
    sign_in(first, make_user(FIRM))
    sign_in(second, make_user("hcmut"))
    send(first, need_id, offer_id, "not_relevant")
    send(first, need_id, offer_id, "not_relevant")
    # From the offer's side: the same pair.
    send(second, offer_id, need_id, "not_relevant", form_of=offer_id)
    with app.app_context():
        assert feedback.not_relevant_pairs()[(need_id, offer_id)] == 2
        lines = feedback.relevance_feedback().lines()
    assert f"  need {need_id} / supply {offer_id}: 2 organisation(s)" in lines
    send(first, need_id, offer_id, "undo")
    send(second, offer_id, need_id, "undo", form_of=offer_id)


def test_only_owners_and_firms_may_mark(app, pair, make_user):
    need_id, offer_id = pair
    university = app.test_client()
    sign_in(university, make_user("hcmute"))
    page = university.get(f"/listings/{need_id}/matches").get_data(as_text=True)
    # Neither listing is its own (its own matched listings, made by other tests, may carry buttons).
    assert f"/matches/{offer_id}/feedback" not in page
    assert send(university, need_id, offer_id, "not_relevant").status_code == 403
    with app.app_context():
        assert (need_id, offer_id) not in feedback.not_relevant_pairs()


def test_the_offer_owner_sees_buttons_only_on_its_own_listings(app, pair, make_user):
    need_id, offer_id = pair
    owner = app.test_client()
    sign_in(owner, make_user("hcmut"))
    page = owner.get(f"/listings/{need_id}/matches").get_data(as_text=True)
    assert f"/listings/{need_id}/matches/{offer_id}/feedback" in page
    marked = {int(found) for found in re.findall(rf"/listings/{need_id}/matches/(\d+)/feedback", page)}
    assert offer_id in marked
    with app.app_context():
        owners = db.session.scalars(sa.select(Listing.organisation_id).where(Listing.id.in_(marked))).all()
        assert set(owners) == {find_by_slug("hcmut").id}


def test_refusals(app, pair, make_user, make_listing):
    need_id, offer_id = pair
    anonymous = app.test_client()
    token = csrf_token(anonymous, "/account/sign-in")
    response = anonymous.post(
        f"/listings/{need_id}/matches/{offer_id}/feedback", data={"action": "not_relevant", "csrf_token": token}
    )
    assert response.status_code == 302 and "/account/sign-in" in response.headers["Location"]
    member = app.test_client()
    sign_in(member, make_user(FIRM))
    no_token = member.post(f"/listings/{need_id}/matches/{offer_id}/feedback", data={"action": "not_relevant"})
    assert no_token.status_code == 400
    assert send(member, need_id, offer_id, "maybe").status_code == 400
    other_offer = make_listing("hcmut", "offer", "published")
    assert send(member, offer_id, other_offer, "not_relevant", form_of=need_id).status_code == 404
    draft = make_listing(FIRM, "need", "draft")
    stranger = app.test_client()
    sign_in(stranger, make_user("thu-thiem-data-demo"))
    assert send(stranger, draft, offer_id, "not_relevant", form_of=need_id).status_code == 404
    assert send(member, need_id, 2_147_483_647, "not_relevant").status_code == 404
    with app.app_context():
        assert (need_id, offer_id) not in feedback.not_relevant_pairs()


def test_next_must_be_a_path_on_this_site(app, pair, make_user):
    need_id, offer_id = pair
    member = app.test_client()
    sign_in(member, make_user(FIRM))
    token = csrf_token(member, f"/listings/{need_id}/matches")
    response = member.post(
        f"/listings/{need_id}/matches/{offer_id}/feedback",
        data={"action": "not_relevant", "csrf_token": token, "next": "https://evil.example/"},
    )
    assert response.status_code == 302 and "evil.example" not in response.headers["Location"]
    assert f"/listings/{need_id}-" in response.headers["Location"]
    send(member, need_id, offer_id, "undo")


def test_inquiries_started_from_a_match_reach_the_harness(app, pair, make_user):
    need_id, offer_id = pair
    asker = make_user(FIRM)
    inquiry_id = start_as(app, asker, offer_id, src="match", rank="2")
    direct_id = start_as(app, asker, offer_id)
    with app.app_context():
        found = {each.inquiry_id: each for each in feedback.match_inquiries()}
        lines = feedback.relevance_feedback().lines()
    assert direct_id not in found
    assert found[inquiry_id].listing_id == offer_id and found[inquiry_id].rank == 2
    assert any(line.startswith(f"  inquiry {inquiry_id}: listing {offer_id} from rank 2") for line in lines)
