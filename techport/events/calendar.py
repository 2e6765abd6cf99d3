"""The event as an iCalendar file (RFC 5545) that calendars import: one VEVENT, times in UTC."""

from flask import url_for
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from techport.events.models import Event
from techport.models_common import utcnow


def ics_bytes(event: Event, locale: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Techport//Connection events//VI")
    calendar.add("version", "2.0")
    entry = CalendarEvent()
    page = url_for("events.show", event_id=event.id, _external=True)
    entry.add("uid", f"event-{event.id}@{page.split('/')[2]}")
    entry.add("dtstamp", utcnow())
    entry.add("dtstart", event.starts_at)
    entry.add("dtend", event.ends_at)
    entry.add("summary", event.title_for(locale))
    entry.add("description", f"{event.description_for(locale)}\n\n{page}".strip())
    entry.add("location", event.venue or event.online_url)
    entry.add("url", page)
    if event.status == event.status.CANCELLED:
        entry.add("status", "CANCELLED")
    calendar.add_component(entry)
    return calendar.to_ical()
