"""Meeting requests: a registrant asks to meet a listing's presenter; an accepted one starts an inquiry."""

import sqlalchemy as sa
from flask_babel import gettext as _

from techport.accounts.models import AccountStatus, User
from techport.events import notices
from techport.events.models import AgendaItem, Event, MeetingRequest, MeetingStatus, Registration
from techport.events.registrations import ACTIVE_STATUSES
from techport.extensions import db
from techport.inquiries import services as inquiries
from techport.inquiries.models import InquirySource
from techport.models_common import utcnow


class MeetingRefused(ValueError):
    """Not a live registration, no published listing to talk about, or one's own organisation's listing."""


def request_meeting(registration: Registration, item: AgendaItem, message: str) -> tuple[MeetingRequest, bool]:
    """Ask once per listing; returns the request and whether it is new. Raises ``MeetingRefused``."""
    listing = item.listing
    if registration.status not in ACTIVE_STATUSES or listing is None or not listing.is_public:
        raise MeetingRefused(item.id)
    if registration.organisation_id is not None and registration.organisation_id == listing.organisation_id:
        raise MeetingRefused(item.id)
    existing = next((meeting for meeting in registration.meetings if meeting.listing_id == listing.id), None)
    if existing is not None:
        return existing, False
    meeting = MeetingRequest(
        listing=listing, presenter_organisation_id=listing.organisation_id, message=message.strip()
    )
    registration.meetings.append(meeting)
    db.session.flush()
    notices.meeting_requested(meeting)
    db.session.commit()
    return meeting, True


def decide(meeting: MeetingRequest, decider: User, accept: bool) -> MeetingRequest:
    """Accepting starts an inquiry from the registrant (source "event") unless their daily limit is reached."""
    if meeting.status != MeetingStatus.REQUESTED:
        return meeting
    meeting.status = MeetingStatus.ACCEPTED if accept else MeetingStatus.DECLINED
    meeting.decided_by_id, meeting.decided_at = decider.id, utcnow()
    asker = meeting.registration.user
    if accept and asker is not None and asker.status == AccountStatus.ACTIVE and meeting.listing.is_public:
        try:
            inquiry = inquiries.start_inquiry(
                asker,
                meeting.listing,
                message=meeting.message or _meeting_message(meeting),
                source=inquiries.Source(InquirySource.EVENT),
            )
        except inquiries.InquiryLimitReached:
            inquiry = None
        meeting.inquiry_id = inquiry.id if inquiry else None
    notices.meeting_decided(meeting)
    db.session.commit()
    return meeting


def _meeting_message(meeting: MeetingRequest) -> str:
    event = meeting.registration.event
    return _("We agreed to meet at the event “%(title)s”.", title=event.title_vi)


def requests_for(event: Event, organisation_id: int) -> list[MeetingRequest]:
    """What the presenter's organisation was asked at this event."""
    return list(
        db.session.scalars(
            sa.select(MeetingRequest)
            .join(Registration)
            .where(Registration.event_id == event.id, MeetingRequest.presenter_organisation_id == organisation_id)
            .order_by(MeetingRequest.created_at, MeetingRequest.id)
        )
    )


def find_request(event: Event, meeting_id: int) -> MeetingRequest | None:
    meeting = db.session.get(MeetingRequest, meeting_id)
    return meeting if meeting is not None and meeting.registration.event_id == event.id else None
