"""Fixtures of the NDA tests: an HCMUT offer with confidential details, an inquiry from a firm, a third firm."""

import uuid

import pytest

from techport.extensions import db
from techport.listings.models import Listing
from tests.inquiries.conftest import FIRM_ORG, OWNER_ORG, THIRD_ORG, signed_in_client, start_as

__all__ = ["FIRM_ORG", "OWNER_ORG", "THIRD_ORG", "signed_in_client"]


@pytest.fixture
def deal(app, make_user, make_listing):
    """A published offer holding a unique marker in its confidential details, and a firm's inquiry on it."""
    marker = f"SECRET-{uuid.uuid4().hex}"
    listing_id = make_listing(OWNER_ORG, "offer", "published")
    with app.app_context():
        listing = db.session.get(Listing, listing_id)
        listing.confidential_details = f"Nhiệt độ sấy tối ưu {marker}."
        listing.nda_required = True
        db.session.commit()
    firm = make_user(FIRM_ORG)
    return {
        "marker": marker,
        "listing_id": listing_id,
        "owner": make_user(OWNER_ORG),
        "firm": firm,
        "firm_colleague": make_user(FIRM_ORG),
        "third": make_user(THIRD_ORG),
        "inquiry_id": start_as(app, firm, listing_id),
    }
