"""What people do with listings through the web: save a form, move a listing through its lifecycle,
review it, and tell the people concerned.

Views call these functions and nothing else that writes; each one commits once, so a failure leaves
nothing half-saved. Validation is ``parse_profile``'s, the same as the JSON Lines import's.
"""

import secrets
from collections.abc import Callable
from datetime import date

from flask_babel import gettext as _

from techport.accounts.models import User
from techport.accounts.services import active_curator_emails, answering_members
from techport.audit import services as audit
from techport.exhibits import services as exhibits
from techport.extensions import db
from techport.i18n import current_locale
from techport.listings import revisions, services
from techport.listings.models import Listing, ListingRevision
from techport.listings.profile import parse_profile
from techport.listings.vocabulary import ListingStatus
from techport.mail import send_bilingual_mail
from techport.organisations.models import Organisation

OWNER_STEPS = {
    "submit": services.submit,
    "withdraw": services.withdraw,
    "renew": services.renew,
    "archive": services.archive,
}
EDITABLE_STATUSES = frozenset(set(ListingStatus) - {ListingStatus.ARCHIVED})
# Each lifecycle step's action in the audit log.
AUDIT_ACTIONS = {
    "submit": "listing.submitted",
    "withdraw": "listing.withdrawn",
    "renew": "listing.renewed",
    "archive": "listing.archived",
    "approve": "listing.approved",
    "reject": "listing.rejected",
    "expire": "listing.expired",
}


class StaleListing(RuntimeError):
    """Someone saved the listing after the form was opened; saving now would lose their change."""


def new_external_id() -> str:
    """Listings made on the web get their own id space, apart from the ids importers choose."""
    return f"web-{secrets.token_hex(6)}"


def available_steps(listing: Listing) -> list[str]:
    return [name for name in OWNER_STEPS if listing.status in services.STEP_ORIGINS[name]]


def is_editable(listing: Listing) -> bool:
    return listing.status in EDITABLE_STATUSES


def create_listing(
    record: dict, organisation: Organisation, *, submit: bool, actor: User | None = None, via: dict | None = None
) -> Listing:
    """Validate ``record`` (raises ``ProfileError``, writing nothing) and store a new draft,
    submitted for review straight away when asked. ``actor`` and ``via`` (e.g. the API token) go to the
    audit log with the status change."""
    listing = Listing()
    services.apply_profile(listing, parse_profile(record), organisation)
    db.session.add(listing)
    if submit:
        services.submit(listing)
    db.session.flush()
    if submit:
        _audit_status(listing, ListingStatus.DRAFT, "submit", actor, via)
        _tell_curators_about_submission(listing)
    db.session.commit()
    return listing


def update_listing(
    listing: Listing,
    record: dict,
    *,
    seen_version: int | None,
    submit: bool,
    actor: User | None = None,
    via: dict | None = None,
) -> None:
    """Save an edit. A published listing stays published: owners keep their portfolio current
    without it vanishing from the exchange. A change to its wording waits in the curators' queue
    against the approved version; any change is mailed to the curators so they can look again."""
    if seen_version is not None and seen_version != listing.version:
        raise StaleListing()
    values_before = revisions.material_values(listing)
    status_before = listing.status
    changed = services.apply_profile(listing, parse_profile(record), listing.organisation)
    if changed:
        audit.record(actor, "listing.edited", "listing", listing.id, {"fields": sorted(changed)}, via)
    if submit:
        services.submit(listing)
        _audit_status(listing, status_before, "submit", actor, via)
        _tell_curators_about_submission(listing)
    elif revisions.record_edit(listing, values_before):
        _tell_curators(
            lambda: _("A published listing was changed"),
            lambda: _(
                "%(organisation)s changed the wording of the published listing “%(title)s” (no. %(id)d). "
                "It stays public and waits in the review queue as changed since approval.",
                organisation=listing.organisation.name_for(current_locale()),
                title=listing.title,
                id=listing.id,
            ),
        )
    elif changed and listing.status == ListingStatus.PUBLISHED:
        _tell_curators(
            lambda: _("A published listing was changed"),
            lambda: _(
                "%(organisation)s changed the published listing “%(title)s” (no. %(id)d). "
                "It stays public; please check it.",
                organisation=listing.organisation.name_for(current_locale()),
                title=listing.title,
                id=listing.id,
            ),
        )
    db.session.commit()


def take_step(listing: Listing, step: str, *, actor: User | None = None, via: dict | None = None) -> None:
    """Run one of the owner's lifecycle steps; raises ``LifecycleError`` when it is not allowed."""
    was_public = listing.is_public
    status_before = listing.status
    OWNER_STEPS[step](listing)
    _audit_status(listing, status_before, step, actor, via)
    if step == "submit":
        _tell_curators_about_submission(listing)
    if was_public and not listing.is_public:
        exhibits.tell_curators_listing_left(listing)
    db.session.commit()


def approve_listing(listing: Listing, *, curator: User | None = None) -> None:
    status_before = listing.status
    services.approve(listing)
    revisions.discard(listing)
    _audit_status(listing, status_before, "approve", curator)
    _tell_owners(
        listing,
        lambda: _("Your listing is published"),
        lambda: _(
            "The listing “%(title)s” has been approved by a Techport curator and is now public until %(expires)s.",
            title=listing.title,
            expires=listing.expires_on.isoformat(),
        ),
    )
    db.session.commit()


def reject_listing(listing: Listing, reason: str, *, curator: User | None = None) -> None:
    status_before = listing.status
    services.reject(listing, reason)
    _audit_status(listing, status_before, "reject", curator, {"reason": listing.rejection_reason})
    _tell_owners(
        listing,
        lambda: _("Your listing needs changes"),
        lambda: _(
            "A Techport curator sent the listing “%(title)s” back to you. The reason:\n\n%(reason)s\n\n"
            "Edit the listing and submit it again when it is ready.",
            title=listing.title,
            reason=listing.rejection_reason,
        ),
    )
    db.session.commit()


def accept_change(revision: ListingRevision, *, curator: User | None = None) -> None:
    """A curator finds the owners' change to an approved listing acceptable."""
    listing = revision.listing
    audit.record(
        curator, "listing.change_accepted", "listing", listing.id, revision.approved, revisions.material_values(listing)
    )
    revisions.accept(revision)
    db.session.commit()


def roll_back_change(revision: ListingRevision, *, curator: User | None = None) -> None:
    """A curator restores the approved wording; the owners are told, the search index follows."""
    listing = revision.listing
    changed_wording = revisions.material_values(listing)
    revisions.roll_back(revision)
    audit.record(
        curator,
        "listing.change_rolled_back",
        "listing",
        listing.id,
        changed_wording,
        revisions.material_values(listing),
    )
    _tell_owners(
        listing,
        lambda: _("A change to your listing was rolled back"),
        lambda: _(
            "A Techport curator did not accept the latest change to the wording of your listing no. %(id)d and "
            "restored the approved version, “%(title)s”. The listing stays public. If the change was needed, "
            "edit the listing again or write to the curators.",
            id=listing.id,
            title=listing.title,
        ),
    )
    db.session.commit()


def expire_lazily(today: date | None = None) -> int:
    """Mark what is past its expiry date as expired and tell the curators (the daily job and
    ``techport listings expire``). Pages never call it: ``Listing.is_public`` already hides such a
    listing, so a GET writes nothing."""
    expired = services.expire_due(today)
    for listing in expired:
        _audit_status(listing, ListingStatus.PUBLISHED, "expire", None, {"expires_on": listing.expires_on})
        exhibits.tell_curators_listing_left(listing)
    if expired:
        db.session.commit()
    return len(expired)


def _audit_status(
    listing: Listing, status_before: ListingStatus, step: str, actor: User | None, extra: dict | None = None
) -> None:
    """A lifecycle step in the audit log: who moved the listing from which status to which, and the dates."""
    after = {"status": listing.status, "published_on": listing.published_on, "expires_on": listing.expires_on}
    audit.record(
        actor, AUDIT_ACTIONS[step], "listing", listing.id, {"status": status_before}, {**after, **(extra or {})}
    )


def _tell_owners(listing: Listing, subject: Callable[[], str], body: Callable[[], str]) -> None:
    """The listing's contact person, the members who submitted or changed it, and the organisation's admins
    (``answering_members``)."""
    people = answering_members(
        listing.organisation_id, emails=[listing.contact_email], user_ids=audit.actors_of("listing", listing.id)
    )
    send_bilingual_mail([person.email for person in people], subject, body)


def _tell_curators(subject: Callable[[], str], body: Callable[[], str]) -> None:
    send_bilingual_mail(active_curator_emails(), subject, body)


def _tell_curators_about_submission(listing: Listing) -> None:
    _tell_curators(
        lambda: _("A listing is waiting for review"),
        lambda: _(
            "%(organisation)s submitted the listing “%(title)s” (no. %(id)d) for review.",
            organisation=listing.organisation.name_for(current_locale()),
            title=listing.title,
            id=listing.id,
        ),
    )
