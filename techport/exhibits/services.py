"""What curators and visitors do with exhibits. Views call these (and ``visits``) and nothing else that writes.

Items are filtered by their listing's status when shown, never deleted, so a listing that comes
back (renewed, republished) returns to its exhibit by itself and its statistics are kept.
"""

import csv
import io
from dataclasses import astuple, dataclass, fields
from datetime import date

import segno
import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import FileStorage

from techport.accounts.models import AccountStatus, User
from techport.accounts.services import active_curator_emails
from techport.audit import services as audit
from techport.exhibits.models import Exhibit, ExhibitInterest, ExhibitItem, ExhibitStatus
from techport.extensions import db
from techport.i18n import current_locale
from techport.listings import attachments
from techport.listings.models import Listing
from techport.listings.services import slugify
from techport.listings.vocabulary import KIND_LABELS, STATUS_LABELS, ListingKind, ListingStatus
from techport.mail import send_bilingual_mail

EXHIBIT_FIELDS = (
    "title_vi",
    "title_en",
    "description_vi",
    "description_en",
    "theme",
    "starts_on",
    "ends_on",
    "venue",
    "booth",
)
EXHIBITABLE_KINDS = frozenset({ListingKind.OFFER, ListingKind.IP_ASSET})
# Exhibits whose public life is not over yet: a listing leaving one of them concerns its curators.
RUNNING_STATUSES = frozenset({ExhibitStatus.SCHEDULED, ExhibitStatus.LIVE})


class NotExhibitable(ValueError):
    """Only published offers (technology or equipment) and IP assets go on show."""


def get_by_slug(slug: str) -> Exhibit | None:
    return db.session.scalar(sa.select(Exhibit).where(Exhibit.slug == slug))


def _unique_slug(title: str) -> str:
    base = slugify(title)[:100].strip("-") or "exhibit"
    slug, number = base, 1
    while db.session.scalar(sa.select(Exhibit.id).where(Exhibit.slug == slug)) is not None:
        number += 1
        slug = f"{base}-{number}"
    return slug


def create_exhibit(data: dict, curator: User | None) -> Exhibit:
    """A new draft; its slug comes from the Vietnamese title and never changes, so printed links keep working."""
    exhibit = Exhibit(slug=_unique_slug(data["title_vi"]), created_by=curator, published=False)
    update_exhibit(exhibit, data, commit=False)
    db.session.add(exhibit)
    db.session.flush()
    audit.record(curator, "exhibit.created", "exhibit", exhibit.id, None, _exhibit_state(exhibit))
    db.session.commit()
    return exhibit


def _exhibit_state(exhibit: Exhibit) -> dict:
    return {name: getattr(exhibit, name) for name in EXHIBIT_FIELDS} | {"published": exhibit.published}


def _item_state(item: ExhibitItem) -> dict:
    return {
        "exhibit_id": item.exhibit_id,
        "listing_id": item.listing_id,
        "position": item.position,
        "note": item.note,
        "booth": item.booth,
        "featured": item.featured,
    }


def update_exhibit(exhibit: Exhibit, data: dict, *, commit: bool = True, actor: User | None = None) -> None:
    before = _exhibit_state(exhibit) if commit else None
    for name in EXHIBIT_FIELDS:
        value = data[name]
        setattr(exhibit, name, value.strip() if isinstance(value, str) else value)
    if commit:
        if _exhibit_state(exhibit) != before:
            audit.record(actor, "exhibit.updated", "exhibit", exhibit.id, before, _exhibit_state(exhibit))
        db.session.commit()


def set_published(exhibit: Exhibit, published: bool, *, actor: User | None = None) -> None:
    if exhibit.published != published:
        audit.record(
            actor,
            "exhibit.published" if published else "exhibit.unpublished",
            "exhibit",
            exhibit.id,
            {"published": exhibit.published},
            {"published": published},
        )
    exhibit.published = published
    db.session.commit()


def set_cover(exhibit: Exhibit, upload: FileStorage, *, actor: User | None = None) -> None:
    """Replace the cover with a checked PNG or JPEG (raises ``AttachmentRejected``); the old file goes after the commit."""
    checked = attachments.check_upload(upload, attachments.IMAGE_TYPES)
    path = attachments.write_file(checked)
    old = cover_path(exhibit)
    before = {"cover": exhibit.cover_stored_name}
    exhibit.cover_stored_name, exhibit.cover_media_type = path.name, checked.media_type
    audit.record(actor, "exhibit.cover_set", "exhibit", exhibit.id, before, {"cover": exhibit.cover_stored_name})
    attachments.commit_or_discard(path)
    if old is not None:
        old.unlink(missing_ok=True)


def remove_cover(exhibit: Exhibit, *, actor: User | None = None) -> None:
    old = cover_path(exhibit)
    audit.record(actor, "exhibit.cover_removed", "exhibit", exhibit.id, {"cover": exhibit.cover_stored_name}, None)
    exhibit.cover_stored_name, exhibit.cover_media_type = None, None
    db.session.commit()
    if old is not None:
        old.unlink(missing_ok=True)


def cover_problem(problem: attachments.Problem) -> str:
    """What to tell a curator whose cover upload was refused."""
    if problem == attachments.Problem.EMPTY:
        return _("The file is empty.")
    if problem == attachments.Problem.TOO_LARGE:
        return _("The file is larger than %(size)s MB.", size=f"{attachments.max_bytes() / 1024 / 1024:g}")
    if problem == attachments.Problem.EXTENSION_MISMATCH:
        return _("The file name's extension does not match its content (a PNG or JPEG image).")
    return _("Only PNG and JPEG images can be used as a cover.")


def cover_path(exhibit: Exhibit):
    return attachments.storage_dir() / exhibit.cover_stored_name if exhibit.cover_stored_name else None


def is_exhibitable(listing: Listing) -> bool:
    return listing.is_public and listing.kind in EXHIBITABLE_KINDS


def add_item(exhibit: Exhibit, listing: Listing, *, actor: User | None = None) -> ExhibitItem:
    """Put a published offer or IP asset on show, last in the order; adding it twice changes nothing."""
    if not is_exhibitable(listing):
        raise NotExhibitable(listing.id)
    for item in exhibit.items:
        if item.listing_id == listing.id:
            return item
    item = ExhibitItem(listing=listing, position=max((item.position for item in exhibit.items), default=0) + 1)
    exhibit.items.append(item)
    db.session.flush()
    audit.record(actor, "exhibit.item_added", "exhibit_item", item.id, None, _item_state(item))
    db.session.commit()
    return item


def update_item(item: ExhibitItem, *, note: str, booth: str, featured: bool, actor: User | None = None) -> None:
    before = _item_state(item)
    item.note, item.booth, item.featured = note.strip(), booth.strip(), featured
    if _item_state(item) != before:
        audit.record(actor, "exhibit.item_updated", "exhibit_item", item.id, before, _item_state(item))
    db.session.commit()


def remove_item(item: ExhibitItem, *, actor: User | None = None) -> None:
    audit.record(actor, "exhibit.item_removed", "exhibit_item", item.id, _item_state(item), None)
    db.session.delete(item)
    db.session.commit()


def move_item(item: ExhibitItem, step: int, *, actor: User | None = None) -> None:
    """Swap the item with its neighbour above (-1) or below (+1); at either end nothing moves."""
    items = list(item.exhibit.items)
    index = items.index(item)
    other = index + step
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
        before = item.position
        for position, each in enumerate(items, start=1):
            each.position = position
        audit.record(
            actor, "exhibit.item_moved", "exhibit_item", item.id, {"position": before}, {"position": item.position}
        )
        db.session.commit()


def public_items(exhibit: Exhibit) -> list[ExhibitItem]:
    return [item for item in exhibit.items if item.is_public]


def find_item(exhibit: Exhibit, item_id: int) -> ExhibitItem | None:
    return next((item for item in exhibit.items if item.id == item_id), None)


@dataclass
class Showcase:
    live: list[Exhibit]
    upcoming: list[Exhibit]


def showcase(today: date | None = None) -> Showcase:
    """Published exhibits that are on now or still to come, for the home page and the index."""
    today = today or date.today()
    exhibits = db.session.scalars(
        sa.select(Exhibit)
        .where(Exhibit.published.is_(True), Exhibit.ends_on >= today)
        .order_by(Exhibit.starts_on, Exhibit.id)
    ).all()
    return Showcase(
        live=[exhibit for exhibit in exhibits if exhibit.status_on(today) == ExhibitStatus.LIVE],
        upcoming=[exhibit for exhibit in exhibits if exhibit.status_on(today) == ExhibitStatus.SCHEDULED],
    )


def all_exhibits() -> list[Exhibit]:
    """Every exhibit, drafts included, the latest first: the curators' list."""
    return list(db.session.scalars(sa.select(Exhibit).order_by(Exhibit.starts_on.desc(), Exhibit.id.desc())))


def register_interest(item: ExhibitItem, user: User) -> bool:
    """Record the user's interest once; returns whether it is new. A double click is harmless."""
    exists = sa.select(ExhibitInterest.id).where(ExhibitInterest.item_id == item.id, ExhibitInterest.user_id == user.id)
    if db.session.scalar(exists) is not None:
        return False
    db.session.add(ExhibitInterest(item_id=item.id, user_id=user.id))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def has_registered_interest(item: ExhibitItem, user: User) -> bool:
    return any(interest.user_id == user.id for interest in item.interests)


def interested_people(item: ExhibitItem) -> list[ExhibitInterest]:
    return list(
        db.session.scalars(
            sa.select(ExhibitInterest)
            .where(ExhibitInterest.item_id == item.id)
            .options(selectinload(ExhibitInterest.user).selectinload(User.organisation))
            .order_by(ExhibitInterest.created_at, ExhibitInterest.id)
        )
    )


@dataclass
class ItemStats:
    """One CSV row, in the order of ``ITEM_STATS_HEADERS``."""

    position: int
    listing_id: int
    title: str
    organisation: str
    kind: str
    listing_status: str
    shown: str
    featured: str
    booth: str
    page_views: int
    sheet_views: int
    interest: int


ITEM_STATS_HEADERS = {
    "position": _l("Position"),
    "listing_id": _l("Listing number"),
    "title": _l("Title"),
    "organisation": _l("Organisation"),
    "kind": _l("Listing kind"),
    "listing_status": _l("Listing status"),
    "shown": _l("Shown in the exhibit"),
    "featured": _l("Featured"),
    "booth": _l("Booth"),
    "page_views": _l("Exhibit page views"),
    "sheet_views": _l("Sheet views"),
    "interest": _l("Interest"),
}


def yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def spreadsheet_cell(value) -> str:
    """Text a spreadsheet could run as a formula is quoted (CSV injection)."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def stats_rows(exhibit: Exhibit) -> list[ItemStats]:
    return [
        ItemStats(
            position=position,
            listing_id=item.listing_id,
            title=item.listing.title,
            organisation=item.listing.organisation.slug,
            kind=str(KIND_LABELS[item.listing.kind]),
            listing_status=str(STATUS_LABELS[item.listing.status]),
            shown=yes_no(item.is_public),
            featured=yes_no(item.featured),
            booth=item.booth,
            page_views=item.page_views,
            sheet_views=item.sheet_views,
            interest=len(item.interests),
        )
        for position, item in enumerate(exhibit.items, start=1)
    ]


def stats_csv(exhibit: Exhibit) -> str:
    """Headers and words in the reader's language (a curator's report, never read back by the site)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(ITEM_STATS_HEADERS[field.name]) for field in fields(ItemStats)])
    writer.writerows([spreadsheet_cell(value) for value in astuple(row)] for row in stats_rows(exhibit))
    return buffer.getvalue()


STATUS_WORDS = {
    ListingStatus.DRAFT: lambda: _("withdrawn"),
    ListingStatus.SUBMITTED: lambda: _("awaiting review"),
    ListingStatus.EXPIRED: lambda: _("expired"),
    ListingStatus.ARCHIVED: lambda: _("archived"),
    ListingStatus.PUBLISHED: lambda: _("published"),
}


def tell_curators_listing_left(listing: Listing, today: date | None = None) -> None:
    """A listing stopped being published: it has left every exhibit that shows it, so tell those curators.

    Called by the listing workflow inside its transaction; the caller commits.
    """
    today = today or date.today()
    items = db.session.scalars(
        sa.select(ExhibitItem).where(ExhibitItem.listing_id == listing.id).options(selectinload(ExhibitItem.exhibit))
    ).all()
    exhibits = [item.exhibit for item in items if item.exhibit.status_on(today) in RUNNING_STATUSES]
    if not exhibits:
        return
    recipients = set(active_curator_emails())
    recipients.update(
        exhibit.created_by.email
        for exhibit in exhibits
        if exhibit.created_by is not None and exhibit.created_by.status == AccountStatus.ACTIVE
    )
    status = listing.status
    send_bilingual_mail(
        sorted(recipients),
        lambda: _("A listing left a Techmart Daily exhibit"),
        lambda: _(
            "The listing “%(title)s” (no. %(id)d) is no longer published (%(status)s), so it is no longer shown in: "
            "%(exhibits)s. Its place in the exhibit is kept and it returns if the listing is published again.",
            title=listing.title,
            id=listing.id,
            status=str(STATUS_WORDS[status]()),
            exhibits=", ".join(exhibit.title_for(current_locale()) for exhibit in exhibits),
        ),
    )


def qr_data_uri(url: str) -> str:
    """A PNG QR code of ``url`` as a data: URI, made on the server (the CSP allows data: images, no scripts)."""
    return segno.make(url, error="m").png_data_uri(scale=6, border=4)
