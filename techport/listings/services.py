"""Creating, changing and moving listings through their lifecycle.

Every change goes through here, so the version counter, the expiry date and the rules of the
lifecycle (draft → submitted → published → expired or archived) hold whatever the entry point.
"""

import unicodedata
from dataclasses import asdict, fields
from datetime import date

from dateutil.relativedelta import relativedelta

from techport.extensions import db
from techport.ip_assets.models import IpAssetDetails
from techport.listings.models import SLUG_MAX, Listing, ListingRenewal
from techport.listings.profile import IpProfile, Profile
from techport.listings.vocabulary import PUBLICATION_MONTHS, ListingKind, ListingStatus
from techport.models_common import utcnow
from techport.organisations.models import Organisation, OrganisationKind

IP_HOLDER_KINDS = frozenset({OrganisationKind.UNIVERSITY, OrganisationKind.INSTITUTE})
# Profile fields stored as they are on the listing; the organisation, dates and IP record need their own handling.
LISTING_COLUMNS_OF_PROFILE = tuple(
    field.name for field in fields(Profile) if field.name not in {"organisation", "published_on", "ip"}
)
# How ``apply_profile`` names the IP record's fields among the changes it reports; "ip" is its presence.
IP_RECORD_FIELDS = frozenset(f"ip.{field.name}" for field in fields(IpProfile)) | {"ip"}


class LifecycleError(ValueError):
    """The requested lifecycle step is not allowed from the listing's current status."""


def slugify(text: str) -> str:
    """A readable URL part: "Máy sấy cà phê" becomes "may-say-ca-phe"."""
    folded = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = folded.encode("ascii", "ignore").decode().lower()
    words = "".join(character if character.isalnum() else " " for character in ascii_text).split()
    return "-".join(words)[:SLUG_MAX].strip("-") or "listing"


def expiry_for(published_on: date) -> date:
    return published_on + relativedelta(months=PUBLICATION_MONTHS)


def can_hold_ip_assets(organisation: Organisation) -> bool:
    return organisation.kind in IP_HOLDER_KINDS


def apply_profile(listing: Listing, profile: Profile, organisation: Organisation) -> frozenset[str]:
    """Copy a validated profile onto ``listing`` (new or existing), keeping the IP record in step.

    Returns the names of the fields that changed (empty, hence false, when nothing did). Values are
    compared before and after assigning, with autoflush off: loading the IP record must not flush the
    listing first, or its change would look like no change. A change to the IP record alone still raises
    the listing's version, because the search document carries both.
    """
    if profile.kind == ListingKind.IP_ASSET and not can_hold_ip_assets(organisation):
        raise ValueError("only universities and institutes hold IP assets")
    with db.session.no_autoflush:
        before = _stored_values(listing)
        _assign_profile(listing, profile, organisation)
        after = _stored_values(listing)
    changed = frozenset(name for name, value in after.items() if before.get(name) != value)
    if changed and changed <= IP_RECORD_FIELDS:
        listing.updated_at = utcnow()
    return changed


def _stored_values(listing: Listing) -> dict:
    """What ``apply_profile`` may change, read from the object (not the database) so pending edits count."""
    values = {name: getattr(listing, name) for name in (*LISTING_COLUMNS_OF_PROFILE, "slug", "published_on")}
    values["expires_on"] = listing.expires_on
    values["organisation_id"] = listing.organisation.id if listing.organisation else listing.organisation_id
    details = listing.ip_details
    values["ip"] = details is not None
    if details is not None:
        values.update({f"ip.{field.name}": getattr(details, field.name) for field in fields(IpProfile)})
    return values


def _assign_profile(listing: Listing, profile: Profile, organisation: Organisation) -> None:
    listing.organisation = organisation
    for name in LISTING_COLUMNS_OF_PROFILE:
        setattr(listing, name, getattr(profile, name))
    listing.slug = slugify(profile.title)
    if profile.status == ListingStatus.PUBLISHED:
        listing.published_on = profile.published_on or listing.published_on or date.today()
        listing.expires_on = expiry_for(listing.published_on)
    else:
        listing.published_on = profile.published_on
        listing.expires_on = expiry_for(profile.published_on) if profile.published_on else None
    if profile.ip is None:
        listing.ip_details = None
    else:
        if listing.ip_details is None:
            listing.ip_details = IpAssetDetails()
        for name, value in asdict(profile.ip).items():
            setattr(listing.ip_details, name, value)


def profile_record(listing: Listing) -> dict:
    """The listing in the JSON Lines format of docs/listings-jsonl.md (the inverse of ``parse_profile``)."""
    record = {
        "external_id": listing.external_id,
        "organisation": listing.organisation.slug,
        "kind": listing.kind.value,
        "status": listing.status.value,
        "language": listing.language.value,
        "title": listing.title,
        "summary": listing.summary,
        "description": listing.description,
        "trl": listing.trl,
        "sectors": list(listing.sectors),
        "keywords": list(listing.keywords),
        "transfer_modes": list(listing.transfer_modes),
        "price_vnd": listing.price_vnd,
        "price_negotiable": listing.price_negotiable,
    }
    optional = {
        "advantages": listing.advantages,
        "specification_sought": listing.specification_sought,
        "partner_sought": listing.partner_sought,
        "published_at": listing.published_on.isoformat() if listing.published_on else None,
    }
    record.update({name: value for name, value in optional.items() if value})
    if listing.kind == ListingKind.OFFER:
        record["offer_type"] = listing.offer_type.value
    contact = {"name": listing.contact_name, "email": listing.contact_email, "phone": listing.contact_phone}
    if any(contact.values()):
        record["contact"] = {name: value for name, value in contact.items() if value}
    details = listing.ip_details
    if details is not None:
        ip = {
            "ip_type": details.ip_type.value,
            "legal_status": details.legal_status.value,
            "application_number": details.application_number,
            "application_date": details.application_date.isoformat() if details.application_date else None,
            "grant_number": details.grant_number,
            "grant_date": details.grant_date.isoformat() if details.grant_date else None,
            "inventors": list(details.inventors),
            "owners": [dict(owner) for owner in details.owners],
        }
        record["ip"] = {name: value for name, value in ip.items() if value not in (None, "")}
    return record


def find_listing(organisation: Organisation, external_id: str) -> Listing | None:
    return db.session.scalar(
        db.select(Listing).where(Listing.organisation_id == organisation.id, Listing.external_id == external_id)
    )


# The lifecycle. Each step names the statuses it may start from, in one table that the
# user interface also reads to offer only the steps that can succeed.
STEP_ORIGINS = {
    "submit": frozenset({ListingStatus.DRAFT}),
    "approve": frozenset({ListingStatus.SUBMITTED}),
    "reject": frozenset({ListingStatus.SUBMITTED}),
    "withdraw": frozenset({ListingStatus.SUBMITTED, ListingStatus.PUBLISHED}),
    "renew": frozenset({ListingStatus.PUBLISHED, ListingStatus.EXPIRED}),
    "archive": frozenset(set(ListingStatus) - {ListingStatus.ARCHIVED}),
}


def _move(listing: Listing, step: str, to: ListingStatus) -> None:
    if listing.status not in STEP_ORIGINS[step]:
        raise LifecycleError(f"cannot move a {listing.status.value} listing to {to.value}")
    listing.status = to


def submit(listing: Listing) -> None:
    """The owner asks a curator to review the listing."""
    _move(listing, "submit", ListingStatus.SUBMITTED)
    listing.rejection_reason = ""


def approve(listing: Listing, today: date | None = None) -> None:
    """A curator publishes the listing for 12 months."""
    _move(listing, "approve", ListingStatus.PUBLISHED)
    listing.published_on = today or date.today()
    listing.expires_on = expiry_for(listing.published_on)


def reject(listing: Listing, reason: str) -> None:
    """A curator sends the listing back to draft with the reason the owner will read."""
    if not reason.strip():
        raise LifecycleError("a rejection needs a reason")
    _move(listing, "reject", ListingStatus.DRAFT)
    listing.rejection_reason = reason.strip()


def withdraw(listing: Listing) -> None:
    """The owner takes a submitted or published listing back to draft."""
    _move(listing, "withdraw", ListingStatus.DRAFT)


def renew(listing: Listing, today: date | None = None) -> None:
    """The owner keeps a published or expired listing public for another 12 months."""
    _move(listing, "renew", ListingStatus.PUBLISHED)
    db.session.add(
        ListingRenewal(
            listing_id=listing.id, renewed_on=today or date.today(), previous_published_on=listing.published_on
        )
    )
    listing.published_on = today or date.today()
    listing.expires_on = expiry_for(listing.published_on)


def archive(listing: Listing) -> None:
    """The listing leaves the marketplace for good but stays in the owner's records."""
    _move(listing, "archive", ListingStatus.ARCHIVED)


def expire_due(today: date | None = None) -> list[Listing]:
    """Mark published listings past their expiry date as expired; returns them."""
    due = db.session.scalars(
        db.select(Listing).where(
            Listing.status == ListingStatus.PUBLISHED, Listing.expires_on < (today or date.today())
        )
    ).all()
    for listing in due:
        listing.status = ListingStatus.EXPIRED
    return list(due)
