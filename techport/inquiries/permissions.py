"""Who may start, read and steer an inquiry.

A conversation belongs to its two organisations: anyone else, curators included, gets 404 on every one of
its URLs, so an inquiry does not even reveal that it exists. Curators see the metadata on their own page.
"""

from flask import abort
from flask_login import current_user

from techport.accounts.models import Role
from techport.accounts.permissions import _require_signed_in, is_signed_in, is_staff
from techport.inquiries.models import Inquiry
from techport.listings.models import Listing
from techport.listings.vocabulary import ListingKind


def can_send_inquiries(user) -> bool:
    """Members of an organisation speak for it; staff run the exchange and do not trade on it."""
    return is_signed_in(user) and user.role == Role.MEMBER and user.organisation_id is not None


def can_start_inquiry(user, listing: Listing) -> bool:
    return can_send_inquiries(user) and listing.is_public and user.organisation_id != listing.organisation_id


def is_party(user, inquiry: Inquiry) -> bool:
    return is_signed_in(user) and user.organisation_id in (
        inquiry.asking_organisation_id,
        inquiry.owner_organisation_id,
    )


def is_owner_side(user, inquiry: Inquiry) -> bool:
    return is_signed_in(user) and user.organisation_id == inquiry.owner_organisation_id


def require_party(inquiry: Inquiry | None) -> Inquiry:
    """Sign in first; then 404 for everyone outside the two organisations."""
    _require_signed_in()
    if inquiry is None or not is_party(current_user, inquiry):
        abort(404)
    return inquiry


def can_see_inquiry_metadata(user) -> bool:
    return is_staff(user)


def proposes_solution(listing: Listing) -> bool:
    """On a need the asking side proposes a solution instead of asking about a technology."""
    return listing.kind == ListingKind.NEED
