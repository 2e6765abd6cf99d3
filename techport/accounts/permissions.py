"""The one place that decides who may do what.

Views call these helpers instead of testing roles themselves, so a rule changes in
one place. Refusals abort with 403; anonymous visitors are sent to sign in.
"""

from collections.abc import Callable
from functools import wraps

from flask import abort, make_response, render_template
from flask_login import current_user

from techport.accounts.models import Role
from techport.extensions import login_manager
from techport.listings.models import Listing
from techport.listings.services import can_hold_ip_assets
from techport.listings.vocabulary import ListingKind
from techport.organisations.models import Organisation, OrganisationKind, QueueReason
from techport.organisations.services import active_admins_of

STAFF_ROLES = frozenset({Role.ADMIN, Role.CURATOR})


def is_signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_staff(user) -> bool:
    """Admins and curators run the exchange and may act on any organisation."""
    return is_signed_in(user) and user.role in STAFF_ROLES


def can_approve_accounts(user) -> bool:
    """Staff review every sign-up; organisation admins their own colleagues'."""
    return is_staff(user) or (is_signed_in(user) and user.is_organisation_admin)


def can_review_account(reviewer, applicant) -> bool:
    """The founder of an organisation nobody has verified yet is reviewed with it, in the verification queue."""
    organisation = applicant.organisation
    if organisation is not None and organisation.queue_reason == QueueReason.NEW:
        return False
    if is_staff(reviewer):
        return True
    return (
        can_approve_accounts(reviewer)
        and organisation is not None
        and applicant.organisation_id == reviewer.organisation_id
    )


def can_administer_users(user) -> bool:
    """Exchange admins list users, change roles and deactivate accounts."""
    return is_signed_in(user) and user.role == Role.ADMIN


def can_administer_organisation(user, organisation: Organisation) -> bool:
    """Staff and the organisation's own admins: they import its portfolio, hold its API tokens, name its admins."""
    return is_staff(user) or (
        is_signed_in(user) and user.is_organisation_admin and user.organisation_id == organisation.id
    )


def can_change_organisation_kind(user, organisation: Organisation) -> bool:
    """A change of kind sends a verified organisation back to the queue."""
    return can_administer_organisation(user, organisation)


def can_create_organisation(user) -> bool:
    return is_signed_in(user) and user.role == Role.ADMIN


def can_verify_organisation(user) -> bool:
    return is_staff(user)


def can_manage_organisation(user, organisation: Organisation) -> bool:
    """Members manage their own organisation; staff manage all of them."""
    if not is_signed_in(user):
        return False
    return is_staff(user) or user.organisation_id == organisation.id


def require_organisation_manager(organisation: Organisation) -> None:
    """Abort with 403 unless the current user may manage ``organisation``."""
    _require_signed_in()
    if not can_manage_organisation(current_user, organisation):
        abort(403)


def require_organisation_admin(organisation: Organisation, task: str) -> None:
    """Abort with 403 unless the current user administers ``organisation``. Its own members get a page that
    says ``task`` is for the organisation's admins and names them, so they know whom to ask."""
    _require_signed_in()
    if can_administer_organisation(current_user, organisation):
        return
    if current_user.organisation_id != organisation.id:
        abort(403)
    page = render_template(
        "accounts/organisation_admins_only.html",
        organisation=organisation,
        task=task,
        admins=active_admins_of(organisation),
    )
    abort(make_response(page, 403))


def can_create_listing(user, organisation: Organisation | None, kind: ListingKind) -> bool:
    """Members post for their own organisation only; IP assets belong to universities and institutes."""
    if not is_signed_in(user) or organisation is None or user.organisation_id != organisation.id:
        return False
    return kind != ListingKind.IP_ASSET or can_hold_ip_assets(organisation)


def can_edit_listing(user, listing: Listing) -> bool:
    """The owning organisation's members edit its listings; admins edit all. Curators moderate, not edit."""
    if not is_signed_in(user):
        return False
    return user.role == Role.ADMIN or user.organisation_id == listing.organisation_id


def can_moderate(user) -> bool:
    """Curators and admins review submitted listings."""
    return is_staff(user)


def can_view_listing(user, listing: Listing) -> bool:
    """Published listings are public; the others only reach their editors and the moderators."""
    return listing.is_public or can_edit_listing(user, listing) or can_moderate(user)


def can_see_contact(user, listing: Listing) -> bool:
    """An owner's contact details never reach the public: firms ask through an inquiry instead."""
    return can_edit_listing(user, listing) or can_moderate(user)


def require_listing_viewer(listing: Listing) -> None:
    """Abort with 404, so that a listing that is not public does not even reveal that it exists."""
    if not can_view_listing(current_user, listing):
        abort(404)


def require_listing_editor(listing: Listing) -> None:
    """Sign in first; then 404 for what the user may not see and 403 for what they may see but not edit."""
    _require_signed_in()
    require_listing_viewer(listing)
    if not can_edit_listing(current_user, listing):
        abort(403)


def require_moderator() -> None:
    _require_signed_in()
    if not can_moderate(current_user):
        abort(403)


def can_curate_exhibits(user) -> bool:
    """Curators and admins build Techmart Daily exhibits."""
    return is_staff(user)


def require_exhibit_curator() -> None:
    _require_signed_in()
    if not can_curate_exhibits(current_user):
        abort(403)


def can_register_interest(user, listing: Listing) -> bool:
    """Firm members tell the owners of an exhibited listing they are interested; owners cannot."""
    if not is_signed_in(user) or user.organisation is None:
        return False
    return user.organisation.kind == OrganisationKind.FIRM and user.organisation_id != listing.organisation_id


def can_see_interest(user, listing: Listing) -> bool:
    """Who registered interest (names, e-mails) reaches only the curators and the listing's organisation."""
    return is_staff(user) or (is_signed_in(user) and user.organisation_id == listing.organisation_id)


def require_role(*roles: Role) -> Callable:
    """Decorator: the view needs a signed-in, approved user holding one of ``roles``."""
    allowed = frozenset(roles)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            _require_signed_in()
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def require_signed_in(view: Callable) -> Callable:
    """Decorator: the view needs a signed-in, approved user of any role."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        _require_signed_in()
        return view(*args, **kwargs)

    return wrapped


def _require_signed_in() -> None:
    if not is_signed_in(current_user):
        abort(login_manager.unauthorized())
