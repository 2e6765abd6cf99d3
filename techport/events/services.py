"""Curators' side of events: the event itself, its agenda, its cover, and the public lists.

Covers are stored like exhibit covers and listing attachments, through ``techport.listings.attachments``.
"""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from techport.accounts.models import User
from techport.events import notices
from techport.events.models import AgendaItem, AgendaKind, Event, EventStatus
from techport.extensions import db
from techport.listings import attachments
from techport.listings.models import Listing
from techport.listings.services import slugify
from techport.models_common import utcnow

EVENT_FIELDS = (
    "series",
    "title_vi",
    "title_en",
    "description_vi",
    "description_en",
    "theme",
    "sectors",
    "starts_at",
    "ends_at",
    "venue",
    "online_url",
    "capacity",
    "registration_deadline",
)
HOME_PAGE_EVENTS = 3


class NotPresentable(ValueError):
    """Only a published listing can be pitched at an event."""


def get_event(event_id: int) -> Event | None:
    return db.session.get(Event, event_id)


def _unique_slug(title: str) -> str:
    base = slugify(title)[:100].strip("-") or "event"
    slug, number = base, 1
    while db.session.scalar(sa.select(Event.id).where(Event.slug == slug)) is not None:
        number += 1
        slug = f"{base}-{number}"
    return slug


def create_event(data: dict, curator: User | None) -> Event:
    event = Event(slug=_unique_slug(data["title_vi"]), created_by=curator, status=EventStatus.DRAFT)
    update_event(event, data, commit=False)
    db.session.add(event)
    db.session.commit()
    return event


def update_event(event: Event, data: dict, *, commit: bool = True) -> None:
    """``registration_deadline`` left empty means "until the event starts"."""
    for name in EVENT_FIELDS:
        value = data.get(name)
        setattr(event, name, value.strip() if isinstance(value, str) else value)
    event.registration_deadline = event.registration_deadline or event.starts_at
    if commit:
        db.session.commit()


def set_status(event: Event, status: EventStatus) -> None:
    """Cancelling a published event tells everyone registered or waiting."""
    if status == EventStatus.CANCELLED and event.status == EventStatus.PUBLISHED:
        notices.event_cancelled(event)
    event.status = status
    db.session.commit()


def set_cover(event: Event, upload: FileStorage) -> None:
    """Replace the cover with a checked PNG or JPEG (raises ``AttachmentRejected``); the old file goes after the commit."""
    checked = attachments.check_upload(upload, attachments.IMAGE_TYPES)
    path = attachments.write_file(checked)
    old = cover_path(event)
    event.cover_stored_name, event.cover_media_type = path.name, checked.media_type
    attachments.commit_or_discard(path)
    if old is not None:
        old.unlink(missing_ok=True)


def remove_cover(event: Event) -> None:
    old = cover_path(event)
    event.cover_stored_name, event.cover_media_type = None, None
    db.session.commit()
    if old is not None:
        old.unlink(missing_ok=True)


def cover_path(event: Event):
    return attachments.storage_dir() / event.cover_stored_name if event.cover_stored_name else None


def add_agenda_item(event: Event, *, kind: AgendaKind, starts_at: datetime, title: str, listing: Listing | None):
    """A pitch of a listing is presented by the listing's organisation."""
    if listing is not None and not listing.is_public:
        raise NotPresentable(listing.id)
    item = AgendaItem(
        kind=kind,
        starts_at=starts_at,
        title=title.strip() or (listing.title if listing else ""),
        listing=listing,
        presenter_organisation_id=listing.organisation_id if listing else None,
    )
    event.agenda.append(item)
    db.session.commit()
    return item


def remove_agenda_item(item: AgendaItem) -> None:
    db.session.delete(item)
    db.session.commit()


def find_agenda_item(event: Event, item_id: int) -> AgendaItem | None:
    return next((item for item in event.agenda if item.id == item_id), None)


def presentable_items(event: Event) -> list[AgendaItem]:
    """Agenda items a registrant can ask to meet: those presenting a listing that is still published."""
    return [item for item in event.agenda if item.listing is not None and item.listing.is_public]


@dataclass
class Calendar:
    upcoming: list[Event]
    past: list[Event]


def public_calendar(now: datetime | None = None) -> Calendar:
    """Published and cancelled events (a cancelled one keeps its page to say so); drafts stay hidden."""
    now = now or utcnow()
    events = db.session.scalars(
        sa.select(Event).where(Event.status != EventStatus.DRAFT).order_by(Event.starts_at, Event.id)
    ).all()
    return Calendar(
        upcoming=[event for event in events if not event.is_past(now)],
        past=[event for event in reversed(events) if event.is_past(now)],
    )


def upcoming_published(limit: int = HOME_PAGE_EVENTS, now: datetime | None = None) -> list[Event]:
    now = now or utcnow()
    return list(
        db.session.scalars(
            sa.select(Event)
            .where(Event.status == EventStatus.PUBLISHED, Event.ends_at >= now)
            .order_by(Event.starts_at, Event.id)
            .limit(limit)
        )
    )


def all_events() -> list[Event]:
    return list(db.session.scalars(sa.select(Event).order_by(Event.starts_at.desc(), Event.id.desc())))


def series_names() -> list[str]:
    return list(db.session.scalars(sa.select(Event.series).where(Event.series != "").distinct().order_by(Event.series)))
