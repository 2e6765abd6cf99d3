"""Who hears about an inquiry: the people in it, the listing's contact person and the admins of each side,
not every colleague of a large organisation."""

import sqlalchemy as sa

from techport.accounts.models import User
from techport.extensions import db
from techport.inquiries import services
from techport.listings.models import Listing
from techport.notifications.models import Notification
from tests.inquiries.conftest import FIRM_ORG, OWNER_ORG

OWNER_ADMIN = "hcmut@techport.example"  # the demo's HCMUT organisation admin


def _user(email: str) -> User:
    return db.session.scalar(sa.select(User).where(User.email == email))


def _told(user_email: str, link_part: str) -> int:
    user = _user(user_email)
    query = sa.select(sa.func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.category == "inquiry", Notification.link.contains(link_part)
    )
    return db.session.scalar(query)


def test_each_side_hears_through_its_people_and_a_bystander_does_not(app, parties, make_user):
    bystander, firm_colleague, firm_writer = make_user(OWNER_ORG), make_user(FIRM_ORG), make_user(FIRM_ORG)
    with app.app_context():
        listing = db.session.get(Listing, parties["listing_id"])
        inquiry = services.start_inquiry(_user(parties["firm"]), listing, message="Xin báo giá.")
        link = f"/inquiries/{inquiry.id}"
        assert _told(parties["owner"], link) == 1, "the listing's contact person"
        assert _told(OWNER_ADMIN, link) == 1, "the owner's organisation admin"
        assert _told(bystander, link) == 0

        services.post_message(inquiry, _user(firm_writer), "Chúng tôi cũng quan tâm.")
        services.post_message(inquiry, _user(parties["owner"]), "Cảm ơn, chúng tôi gửi báo giá.")
        assert _told(parties["firm"], link) == 1, "who started the inquiry"
        assert _told(firm_writer, link) == 1, "who wrote in it"
        assert _told(firm_colleague, link) == 0
        assert _told(bystander, link) == 0
