"""What registrants and presenters hear, in both languages, through the notification service (mail outbox).

Mail carries the event's calendar link (.ics) rather than an attachment: the outbox stores text only.
"""

from flask import url_for
from flask_babel import format_datetime, get_locale
from flask_babel import gettext as _

from techport.accounts.services import answering_members
from techport.events.models import Event, MeetingRequest, MeetingStatus, Registration, RegistrationStatus
from techport.notifications.services import notify

CATEGORY = "event"


def _when(event: Event) -> str:
    return format_datetime(event.starts_at, "short")


def _where(event: Event) -> str:
    return event.venue or event.online_url


def _links(event: Event) -> tuple[str, str]:
    return (
        url_for("events.my_registration", event_id=event.id, _external=True),
        url_for("events.calendar_file", event_id=event.id, _external=True),
    )


def _title(event: Event) -> str:
    return event.title_for(str(get_locale()))


def confirmation(registration: Registration) -> None:
    event = registration.event
    page, calendar = _links(event)
    if registration.status == RegistrationStatus.WAITLISTED:
        subject = lambda: _("You are on the waiting list for “%(title)s”", title=_title(event))  # noqa: E731
        body = lambda: _(  # noqa: E731
            "The event “%(title)s” (%(when)s, %(where)s) is full, so you are on its waiting list. If a place "
            "opens we will give it to you and tell you at once. Your registration: %(page)s",
            title=_title(event),
            when=_when(event),
            where=_where(event),
            page=page,
        )
    else:
        subject = lambda: _("Your place at “%(title)s” is confirmed", title=_title(event))  # noqa: E731
        body = lambda: _(  # noqa: E731
            "You are registered for “%(title)s” on %(when)s at %(where)s. Show the QR code of your registration at "
            "the door (check-in code %(code)s): %(page)s. Add the event to your calendar (.ics): %(calendar)s",
            title=_title(event),
            when=_when(event),
            where=_where(event),
            code=registration.check_in_code,
            page=page,
            calendar=calendar,
        )
    notify([registration.user], subject, body, link=page, category=CATEGORY)


def promoted(registration: Registration) -> None:
    event = registration.event
    page, calendar = _links(event)
    notify(
        [registration.user],
        lambda: _("A place opened for you at “%(title)s”", title=_title(event)),
        lambda: _(
            "Someone cancelled, so you are now registered for “%(title)s” on %(when)s at %(where)s (check-in code "
            "%(code)s): %(page)s. Add the event to your calendar (.ics): %(calendar)s",
            title=_title(event),
            when=_when(event),
            where=_where(event),
            code=registration.check_in_code,
            page=page,
            calendar=calendar,
        ),
        link=page,
        category=CATEGORY,
    )


def reminder(registration: Registration) -> None:
    event = registration.event
    page, calendar = _links(event)
    notify(
        [registration.user],
        lambda: _("Tomorrow: “%(title)s”", title=_title(event)),
        lambda: _(
            "A reminder: “%(title)s” starts on %(when)s at %(where)s. Your QR code for the door (check-in code "
            "%(code)s): %(page)s. Calendar (.ics): %(calendar)s",
            title=_title(event),
            when=_when(event),
            where=_where(event),
            code=registration.check_in_code,
            page=page,
            calendar=calendar,
        ),
        link=page,
        category=CATEGORY,
    )


def _presenters(meeting: MeetingRequest) -> list:
    """The presenting organisation's people for this listing: its contact person and the admins."""
    return answering_members(meeting.presenter_organisation_id, emails=[meeting.listing.contact_email])


def meeting_requested(meeting: MeetingRequest) -> None:
    event = meeting.registration.event
    link = url_for("events.show", event_id=event.id, _external=True, _anchor="meeting-requests")
    asker = meeting.registration.organisation_name or meeting.registration.full_name
    notify(
        _presenters(meeting),
        lambda: _("Meeting request at “%(title)s”", title=_title(event)),
        lambda: _(
            "%(asker)s would like to meet you about “%(listing)s” at the event “%(title)s”. Accept or decline: "
            "%(link)s",
            asker=asker,
            listing=meeting.listing.title,
            title=_title(event),
            link=link,
        ),
        link=link,
        category=CATEGORY,
    )


def meeting_decided(meeting: MeetingRequest) -> None:
    """The registrant hears the answer; an accepted meeting also tells the presenter's colleagues."""
    event = meeting.registration.event
    listing = meeting.listing.title
    if meeting.status == MeetingStatus.ACCEPTED:
        link = (
            url_for("inquiries.show", inquiry_id=meeting.inquiry_id, _external=True)
            if meeting.inquiry_id
            else url_for("events.my_registration", event_id=event.id, _external=True)
        )
        subject = lambda: _("Meeting accepted: “%(listing)s”", listing=listing)  # noqa: E731
        body = lambda: _(  # noqa: E731
            "The meeting about “%(listing)s” at “%(title)s” is accepted. Meet at the event; the conversation "
            "continues here: %(link)s",
            listing=listing,
            title=_title(event),
            link=link,
        )
        recipients = [meeting.registration.user, *_presenters(meeting)]
    else:
        link = url_for("events.my_registration", event_id=event.id, _external=True)
        subject = lambda: _("Meeting declined: “%(listing)s”", listing=listing)  # noqa: E731
        body = lambda: _(  # noqa: E731
            "The presenter of “%(listing)s” cannot meet you at “%(title)s”. You can still talk at the event or "
            "send an inquiry from the listing's page.",
            listing=listing,
            title=_title(event),
        )
        recipients = [meeting.registration.user]
    notify([user for user in recipients if user is not None], subject, body, link=link, category=CATEGORY)


def event_cancelled(event: Event) -> None:
    waiting = (RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED)
    people = [r.user for r in event.registrations if r.status in waiting and r.user is not None]
    link = url_for("events.show", event_id=event.id, _external=True)
    notify(
        people,
        lambda: _("Cancelled: “%(title)s”", title=_title(event)),
        lambda: _(
            "We are sorry: the event “%(title)s” planned for %(when)s is cancelled. Other events: %(link)s",
            title=_title(event),
            when=_when(event),
            link=url_for("events.index", _external=True),
        ),
        link=link,
        category=CATEGORY,
    )
