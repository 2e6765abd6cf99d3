"""Registering, the waiting list, cancelling, checking in at the door, walk-ins and the day-before reminder.

Places are counted under a lock of the event row (PostgreSQL ``FOR UPDATE``; SQLite has one writer), so
two last-minute registrations cannot both take the last place.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from techport.accounts.models import User
from techport.events import notices
from techport.events.models import CODE_LENGTH, EVENT_ZONE, Event, EventStatus, Registration, RegistrationStatus
from techport.extensions import db
from techport.models_common import utcnow
from techport.organisations.models import OrganisationKind

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
ACTIVE_STATUSES = (RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED)


class RegistrationRefused(Exception):
    """Base of the reasons a registration is refused; the views word each one."""


class RegistrationClosed(RegistrationRefused):
    """The event is a draft, cancelled or over."""


class DeadlinePassed(RegistrationRefused):
    pass


class AlreadyRegistered(RegistrationRefused):
    def __init__(self, registration: Registration):
        super().__init__(registration.id)
        self.registration = registration


class UnknownCode(LookupError):
    pass


@dataclass
class RegistrationDetails:
    full_name: str
    organisation_name: str
    sector: str
    looking_for: str
    listing_ids: list[int]


def new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if db.session.scalar(sa.select(Registration.id).where(Registration.check_in_code == code)) is None:
            return code


def normalised_code(text: str) -> str:
    """What a person types or a scanner reads: spaces, dashes and case do not matter."""
    return "".join(character for character in text.upper() if character.isalnum())[:CODE_LENGTH]


def registered_count(event: Event) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(Registration.id)).where(
            Registration.event_id == event.id, Registration.status == RegistrationStatus.REGISTERED
        )
    )


def places_left(event: Event) -> int:
    return max(event.capacity - registered_count(event), 0)


def registration_of(event: Event, user: User) -> Registration | None:
    return db.session.scalar(
        sa.select(Registration).where(Registration.event_id == event.id, Registration.user_id == user.id)
    )


def is_open(event: Event, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return event.status == EventStatus.PUBLISHED and now <= event.registration_deadline and not event.is_past(now)


def _lock(event: Event) -> None:
    db.session.execute(sa.select(Event.id).where(Event.id == event.id).with_for_update())


def register(event: Event, user: User, details: RegistrationDetails, now: datetime | None = None) -> Registration:
    """A place, or the waiting list once the event is full; confirmed by mail. Raises ``RegistrationRefused``."""
    now = now or utcnow()
    if event.status != EventStatus.PUBLISHED or event.is_past(now):
        raise RegistrationClosed(event.id)
    if now > event.registration_deadline:
        raise DeadlinePassed(event.id)
    _lock(event)
    registration = registration_of(event, user)
    if registration is not None and registration.status in ACTIVE_STATUSES:
        raise AlreadyRegistered(registration)
    full = registered_count(event) >= event.capacity
    organisation = user.organisation
    code = registration.check_in_code if registration is not None else new_code()
    if registration is None:
        registration = Registration(event=event, user=user)
        db.session.add(registration)
    registration.full_name = details.full_name.strip() or user.full_name
    registration.organisation_name = details.organisation_name.strip() or (organisation.name_vi if organisation else "")
    registration.organisation_id = organisation.id if organisation else None
    registration.organisation_kind = organisation.kind if organisation else None
    registration.sector = details.sector
    registration.looking_for = details.looking_for.strip()
    registration.listing_ids = list(details.listing_ids)
    registration.check_in_code = code
    registration.created_at, registration.cancelled_at, registration.reminded_at = now, None, None
    registration.status = RegistrationStatus.WAITLISTED if full else RegistrationStatus.REGISTERED
    db.session.flush()
    notices.confirmation(registration)
    db.session.commit()
    return registration


def waitlist_position(registration: Registration) -> int | None:
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = db.session.scalar(
        sa.select(sa.func.count(Registration.id)).where(
            Registration.event_id == registration.event_id,
            Registration.status == RegistrationStatus.WAITLISTED,
            sa.or_(
                Registration.created_at < registration.created_at,
                sa.and_(Registration.created_at == registration.created_at, Registration.id < registration.id),
            ),
        )
    )
    return ahead + 1


def cancel(registration: Registration, now: datetime | None = None) -> Registration | None:
    """Give the place up; the first on the waiting list takes it and is told. Returns who was promoted."""
    event = registration.event
    _lock(event)
    had_place = registration.status == RegistrationStatus.REGISTERED
    registration.status, registration.cancelled_at = RegistrationStatus.CANCELLED, now or utcnow()
    promoted = None
    if had_place and not event.is_past(now or utcnow()):
        promoted = db.session.scalar(
            sa.select(Registration)
            .where(Registration.event_id == event.id, Registration.status == RegistrationStatus.WAITLISTED)
            .order_by(Registration.created_at, Registration.id)
            .limit(1)
        )
        if promoted is not None:
            promoted.status = RegistrationStatus.REGISTERED
            notices.promoted(promoted)
    db.session.commit()
    return promoted


@dataclass
class CheckIn:
    registration: Registration
    already: bool


def check_in(event: Event, code: str, now: datetime | None = None) -> CheckIn:
    """Mark attendance by the registration's code; raises ``UnknownCode`` for a code of no live registration."""
    registration = db.session.scalar(
        sa.select(Registration).where(
            Registration.event_id == event.id, Registration.check_in_code == normalised_code(code)
        )
    )
    if registration is None or registration.status == RegistrationStatus.CANCELLED:
        raise UnknownCode(code)
    if registration.checked_in_at is not None:
        return CheckIn(registration, already=True)
    registration.checked_in_at = now or utcnow()
    db.session.commit()
    return CheckIn(registration, already=False)


def add_walk_in(
    event: Event, *, full_name: str, organisation_name: str, organisation_kind: OrganisationKind | None, sector: str
) -> Registration:
    """Someone who came without registering: in the attendance at once, never on the waiting list."""
    now = utcnow()
    registration = Registration(
        event=event,
        full_name=full_name.strip(),
        organisation_name=organisation_name.strip(),
        organisation_kind=organisation_kind,
        sector=sector,
        walk_in=True,
        status=RegistrationStatus.REGISTERED,
        check_in_code=new_code(),
        created_at=now,
        checked_in_at=now,
    )
    db.session.add(registration)
    db.session.commit()
    return registration


def attendees(event: Event) -> list[Registration]:
    return [registration for registration in event.registrations if registration.status in ACTIVE_STATUSES]


def send_event_reminders(now: datetime) -> int:
    """The day-before reminder for events starting tomorrow (local date); each registrant gets it once.

    A worker job: the scheduler commits.
    """
    tomorrow = now.astimezone(EVENT_ZONE).date() + timedelta(days=1)
    day_start = datetime.combine(tomorrow, datetime.min.time(), EVENT_ZONE)
    due = db.session.scalars(
        sa.select(Registration)
        .join(Event)
        .where(
            Event.status == EventStatus.PUBLISHED,
            Event.starts_at >= day_start,
            Event.starts_at < day_start + timedelta(days=1),
            Registration.status == RegistrationStatus.REGISTERED,
            Registration.user_id.is_not(None),
            Registration.reminded_at.is_(None),
        )
        .order_by(Registration.id)
    ).all()
    for registration in due:
        notices.reminder(registration)
        registration.reminded_at = now
    return len(due)
