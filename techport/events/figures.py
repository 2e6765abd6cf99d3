"""After the event: attendance, who registered, meetings, and the inquiries that followed, per event and series.

"Inquiries started within 30 days" counts inquiries from an attendee's organisation about a listing the
event presented, started after the event was announced and at most 30 days after its end (meetings
accepted before the day included): the conversations it led to.
"""

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from techport.events.models import Event, MeetingRequest, MeetingStatus, Registration, RegistrationStatus
from techport.events.registrations import ACTIVE_STATUSES
from techport.exhibits.services import spreadsheet_cell, yes_no
from techport.extensions import db
from techport.i18n import local_datetime
from techport.inquiries.models import Inquiry
from techport.listings.vocabulary import SECTORS
from techport.organisations.forms import KIND_LABELS as ORGANISATION_KIND_LABELS

FOLLOW_UP_DAYS = 30
UNKNOWN = ""


@dataclass
class Figures:
    events: int = 0
    registered: int = 0
    waitlisted: int = 0
    cancelled: int = 0
    walk_ins: int = 0
    attended: int = 0
    by_kind: Counter = field(default_factory=Counter)
    by_sector: Counter = field(default_factory=Counter)
    meetings_requested: int = 0
    meetings_accepted: int = 0
    inquiries_started: int = 0


def _inquiries_after(event: Event, registrations: list[Registration]) -> int:
    organisations = {r.organisation_id for r in registrations if r.checked_in_at and r.organisation_id}
    listings = {item.listing_id for item in event.agenda if item.listing_id}
    if not organisations or not listings:
        return 0
    return db.session.scalar(
        sa.select(sa.func.count(Inquiry.id)).where(
            Inquiry.asking_organisation_id.in_(organisations),
            Inquiry.listing_id.in_(listings),
            Inquiry.created_at >= event.created_at,
            Inquiry.created_at <= event.ends_at + timedelta(days=FOLLOW_UP_DAYS),
        )
    )


def _add_event(figures: Figures, event: Event) -> None:
    registrations = list(event.registrations)
    figures.events += 1
    for registration in registrations:
        if registration.status == RegistrationStatus.CANCELLED:
            figures.cancelled += 1
            continue
        if registration.status == RegistrationStatus.WAITLISTED:
            figures.waitlisted += 1
        elif registration.walk_in:
            figures.walk_ins += 1
        else:
            figures.registered += 1
        figures.by_kind[registration.organisation_kind.value if registration.organisation_kind else UNKNOWN] += 1
        figures.by_sector[registration.sector or UNKNOWN] += 1
        figures.attended += registration.checked_in_at is not None
    meetings = db.session.scalars(
        sa.select(MeetingRequest).join(Registration).where(Registration.event_id == event.id)
    ).all()
    figures.meetings_requested += len(meetings)
    figures.meetings_accepted += sum(meeting.status == MeetingStatus.ACCEPTED for meeting in meetings)
    figures.inquiries_started += _inquiries_after(event, registrations)


def event_figures(event: Event) -> Figures:
    figures = Figures()
    _add_event(figures, event)
    return figures


def series_figures(series: str) -> tuple[list[tuple[Event, Figures]], Figures]:
    """Each event of the series with its figures, and the series' totals."""
    events = db.session.scalars(sa.select(Event).where(Event.series == series).order_by(Event.starts_at)).all()
    total = Figures()
    rows = []
    for event in events:
        rows.append((event, event_figures(event)))
        _add_event(total, event)
    return rows, total


ATTENDEE_HEADERS = (
    _l("Full name"),
    _l("Organisation"),
    _l("Kind of organisation"),
    _l("Sector"),
    _l("Status"),
    _l("Walk-in"),
    _l("Checked in at"),
    _l("What they look for"),
    _l("E-mail"),
)
ATTENDEE_STATUS_LABELS = {
    RegistrationStatus.REGISTERED: _l("Registered"),
    RegistrationStatus.WAITLISTED: _l("On the waiting list"),
}


def attendees_csv(event: Event) -> str:
    """For the curators only: the people who registered or walked in, with what they look for.

    Headers and words are in the reader's language; the site never reads this file back."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(header) for header in ATTENDEE_HEADERS])
    for registration in event.registrations:
        if registration.status not in ACTIVE_STATUSES:
            continue
        row = (
            registration.full_name,
            registration.organisation_name,
            str(ORGANISATION_KIND_LABELS[registration.organisation_kind]) if registration.organisation_kind else "",
            str(SECTORS.get(registration.sector, registration.sector)),
            str(ATTENDEE_STATUS_LABELS[registration.status]),
            yes_no(registration.walk_in),
            local_datetime(registration.checked_in_at) if registration.checked_in_at else "",
            registration.looking_for,
            registration.user.email if registration.user else "",
        )
        writer.writerow([spreadsheet_cell(value) for value in row])
    return "\ufeff" + buffer.getvalue()
