"""Changes to approved listings. A published listing stays public when its owners edit it, so that they
can keep it current; but a change to what people read (its texts) waits in the curators' queue as
"changed since approval", compared field by field with the approved version, until a curator accepts
it or restores the approved text.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from techport.extensions import db
from techport.listings.models import Listing, ListingRevision
from techport.listings.services import slugify
from techport.listings.vocabulary import ListingStatus
from techport.models_common import utcnow

# What a curator approves the wording of; prices, codes and contacts are the owners' business.
MATERIAL_FIELDS = {
    "title": _l("Title"),
    "summary": _l("Short summary"),
    "description": _l("Description"),
    "advantages": _l("Advantages and innovations"),
    "specification_sought": _l("Technical specification sought"),
    "partner_sought": _l("Partner sought"),
    "keywords": _l("Keywords"),
}
# Approved listings that can be public without another review (renewing an expired one needs none).
REVIEWED_STATUSES = frozenset({ListingStatus.PUBLISHED, ListingStatus.EXPIRED})
WORDS_AND_SPACES = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass
class FieldChange:
    """One changed field, as segments of (kind, text): "same" in both, "removed" from the approved
    version, "added" to the current one."""

    name: str
    label: str
    approved: list[tuple[str, str]]
    current: list[tuple[str, str]]


def material_values(listing: Listing) -> dict:
    return {name: _copy(getattr(listing, name)) for name in MATERIAL_FIELDS}


def pending_revision(listing: Listing) -> ListingRevision | None:
    if listing.id is None:
        return None
    return db.session.scalar(sa.select(ListingRevision).where(ListingRevision.listing_id == listing.id))


def record_edit(listing: Listing, values_before: dict) -> bool:
    """After an owner's edit of ``listing`` (``values_before`` being its material values before it), keep
    the approved snapshot. Returns whether the edit changed the wording of an approved listing away from
    what was approved, which the curators must review."""
    if listing.status not in REVIEWED_STATUSES:
        return False
    current = material_values(listing)
    if current == values_before:
        return False
    revision = pending_revision(listing)
    if revision is None:
        revision = ListingRevision(listing_id=listing.id, approved=values_before)
        db.session.add(revision)
    if current == {**current, **revision.approved}:
        db.session.delete(revision)
        return False
    revision.changed_at = utcnow()
    return True


def discard(listing: Listing) -> None:
    """A curator approved the listing as it is now; nothing is left to compare."""
    revision = pending_revision(listing)
    if revision is not None:
        db.session.delete(revision)


def accept(revision: ListingRevision) -> None:
    db.session.delete(revision)


def roll_back(revision: ListingRevision) -> None:
    """Put the approved wording back; the listing keeps its status and dates."""
    listing = revision.listing
    for name, value in revision.approved.items():
        if name in MATERIAL_FIELDS:
            setattr(listing, name, _copy(value))
    listing.slug = slugify(listing.title)
    db.session.delete(revision)


def changed_since_approval() -> list[ListingRevision]:
    """The queue's second part: approved listings changed since, the longest-waiting first."""
    query = (
        sa.select(ListingRevision)
        .join(Listing, Listing.id == ListingRevision.listing_id)
        .where(Listing.status.in_(REVIEWED_STATUSES))
        .order_by(ListingRevision.changed_at, ListingRevision.id)
    )
    return list(db.session.scalars(query))


def field_changes(revision: ListingRevision) -> list[FieldChange]:
    """Each field whose current value differs from the approved one, marked word by word."""
    changes = []
    for name, label in MATERIAL_FIELDS.items():
        if name not in revision.approved:
            continue
        approved, current = _as_text(revision.approved[name]), _as_text(getattr(revision.listing, name))
        if approved != current:
            changes.append(FieldChange(name, str(label), *_word_diff(approved, current)))
    return changes


def _word_diff(approved: str, current: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    old, new = WORDS_AND_SPACES.findall(approved), WORDS_AND_SPACES.findall(current)
    old_segments, new_segments = [], []
    for operation, old_start, old_end, new_start, new_end in SequenceMatcher(None, old, new).get_opcodes():
        if operation == "equal":
            old_segments.append(("same", "".join(old[old_start:old_end])))
            new_segments.append(("same", "".join(new[new_start:new_end])))
            continue
        if old_end > old_start:
            old_segments.append(("removed", "".join(old[old_start:old_end])))
        if new_end > new_start:
            new_segments.append(("added", "".join(new[new_start:new_end])))
    return old_segments, new_segments


def _as_text(value) -> str:
    return ", ".join(value) if isinstance(value, list) else value or ""


def _copy(value):
    return list(value) if isinstance(value, list) else value
