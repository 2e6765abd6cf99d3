"""Public event pages: the calendar, an event, registering, the registrant's QR code, meetings, the .ics file."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from techport.accounts.permissions import is_signed_in, require_signed_in
from techport.events import calendar, meetings, registrations, services
from techport.events.forms import MeetingForm, RegistrationForm
from techport.events.models import Event, EventStatus, RegistrationStatus
from techport.events.permissions import can_decide_meeting, can_manage_events
from techport.exhibits.services import qr_data_uri
from techport.i18n import current_locale
from techport.input_guards import ID_MAX, whole_number
from techport.listings.vocabulary import SECTORS
from techport.models_common import utcnow
from techport.organisations.forms import KIND_LABELS
from techport.organisations.models import OrganisationKind

bp = Blueprint("events", __name__, url_prefix="/events")

REGISTRATION_LABELS = {
    RegistrationStatus.REGISTERED: lambda: _("Registered"),
    RegistrationStatus.WAITLISTED: lambda: _("On the waiting list"),
    RegistrationStatus.CANCELLED: lambda: _("Cancelled"),
}


@bp.record_once
def _install_template_helpers(state) -> None:
    """``upcoming_events()`` lets the home page show events without the home view's help."""
    state.app.add_template_global(services.upcoming_published, "upcoming_events")


@bp.app_context_processor
def event_helpers():
    return {
        "event_title": lambda event: event.title_for(current_locale()),
        "event_description": lambda event: event.description_for(current_locale()),
        "registration_label": lambda registration: REGISTRATION_LABELS[registration.status](),
        "sector_label": lambda code: SECTORS.get(code, code),
        "organisation_kind_label": _organisation_kind_label,
    }


def _organisation_kind_label(code: str) -> str:
    kind = OrganisationKind._value2member_map_.get(code)
    return str(KIND_LABELS[kind]) if kind else _("Not known")


def _event_or_404(event_id: int) -> Event:
    """Drafts exist for the curators only."""
    event = services.get_event(event_id)
    if event is None or (event.status == EventStatus.DRAFT and not can_manage_events(current_user)):
        abort(404)
    return event


def _registration_form(event: Event, registration=None) -> RegistrationForm:
    form = RegistrationForm()
    form.listing_ids.choices = [
        SelectChoice(item.listing_id, item.listing.title) for item in services.presentable_items(event)
    ]
    if request.method == "GET" and is_signed_in(current_user):
        form.full_name.data = form.full_name.data or current_user.full_name
        organisation = current_user.organisation
        form.organisation_name.data = form.organisation_name.data or (
            organisation.name_for(current_locale()) if organisation else ""
        )
    return form


@bp.route("/")
def index():
    return render_template(
        "events/index.html", calendar=services.public_calendar(), can_manage=can_manage_events(current_user)
    )


def _render_event(event: Event, form: RegistrationForm | None = None, status: int = 200):
    registration = registrations.registration_of(event, current_user) if is_signed_in(current_user) else None
    organisation_id = current_user.organisation_id if is_signed_in(current_user) else None
    presenting = organisation_id is not None and any(
        item.presenter_organisation_id == organisation_id for item in event.agenda
    )
    live = registration is not None and registration.status in registrations.ACTIVE_STATUSES
    return render_template(
        "events/show.html",
        event=event,
        now=utcnow(),
        form=form or _registration_form(event),
        registration=registration if live else None,
        is_open=registrations.is_open(event),
        places_left=registrations.places_left(event),
        can_manage=can_manage_events(current_user),
        signed_in=is_signed_in(current_user),
        meeting_items=services.presentable_items(event) if live else [],
        asked={meeting.listing_id: meeting for meeting in registration.meetings} if live else {},
        own_organisation_id=organisation_id,
        requests=meetings.requests_for(event, organisation_id) if presenting else [],
        meeting_form=MeetingForm(),
    ), status


@bp.route("/<int:event_id>")
def show(event_id: int):
    return _render_event(_event_or_404(event_id))


@bp.route("/<int:event_id>/register", methods=["POST"])
@require_signed_in
def register(event_id: int):
    event = _event_or_404(event_id)
    form = _registration_form(event)
    if not form.validate_on_submit():
        return _render_event(event, form, 400)
    details = registrations.RegistrationDetails(
        full_name=form.full_name.data,
        organisation_name=form.organisation_name.data or "",
        sector=form.sector.data or "",
        looking_for=form.looking_for.data or "",
        listing_ids=form.listing_ids.data or [],
    )
    try:
        registration = registrations.register(event, current_user, details)
    except registrations.AlreadyRegistered:
        flash(_("You are already registered for this event; your registration is below."), "info")
        return redirect(url_for("events.my_registration", event_id=event.id))
    except registrations.DeadlinePassed:
        flash(_("Registration for this event closed on %(deadline)s.", deadline=_deadline(event)), "error")
        return redirect(url_for("events.show", event_id=event.id))
    except registrations.RegistrationClosed:
        flash(_("This event does not take registrations."), "error")
        return redirect(url_for("events.show", event_id=event.id))
    if registration.status == RegistrationStatus.WAITLISTED:
        flash(
            _(
                "The event is full (%(capacity)d places): you are number %(position)d on the waiting list. "
                "We will write to you if a place opens.",
                capacity=event.capacity,
                position=registrations.waitlist_position(registration),
            ),
            "warning",
        )
    else:
        flash(_("You are registered. The confirmation is on its way by e-mail."), "success")
    return redirect(url_for("events.my_registration", event_id=event.id))


def _deadline(event: Event) -> str:
    return format_datetime(event.registration_deadline, "short")


def _own_registration(event: Event):
    registration = registrations.registration_of(event, current_user)
    if registration is None or registration.status not in registrations.ACTIVE_STATUSES:
        abort(404)
    return registration


@bp.route("/<int:event_id>/registration")
@require_signed_in
def my_registration(event_id: int):
    """The registrant's page: the QR code to show at the door, the waiting-list place, the meetings asked for."""
    event = _event_or_404(event_id)
    registration = _own_registration(event)
    check_in_url = url_for("event_manage.check_in", event_id=event.id, code=registration.check_in_code, _external=True)
    return render_template(
        "events/registration.html",
        event=event,
        registration=registration,
        qr_code=qr_data_uri(check_in_url),
        position=registrations.waitlist_position(registration),
    )


@bp.route("/<int:event_id>/registration/cancel", methods=["POST"])
@require_signed_in
def cancel_registration(event_id: int):
    event = _event_or_404(event_id)
    registrations.cancel(_own_registration(event))
    flash(_("Your registration was cancelled."), "success")
    return redirect(url_for("events.show", event_id=event.id))


@bp.route("/<int:event_id>/meetings", methods=["POST"])
@require_signed_in
def request_meeting(event_id: int):
    event = _event_or_404(event_id)
    registration = _own_registration(event)
    form = MeetingForm()
    item_id = whole_number(form.agenda_item_id.data, minimum=1, maximum=ID_MAX) if form.validate_on_submit() else None
    item = services.find_agenda_item(event, item_id) if item_id else None
    if item is None:
        abort(400)
    try:
        meeting, new = meetings.request_meeting(registration, item, form.message.data or "")
    except meetings.MeetingRefused:
        flash(_("You cannot ask for this meeting: the listing is no longer shown, or it is your own."), "error")
    else:
        if new:
            flash(
                _("Your request to meet the presenter of “%(title)s” was sent.", title=meeting.listing.title), "success"
            )
        else:
            flash(_("You already asked to meet the presenter of “%(title)s”.", title=meeting.listing.title), "info")
    return redirect(url_for("events.show", event_id=event.id, _anchor="meetings"))


@bp.route("/<int:event_id>/meetings/<int:meeting_id>/<any(accept, decline):decision>", methods=["POST"])
@require_signed_in
def decide_meeting(event_id: int, meeting_id: int, decision: str):
    event = _event_or_404(event_id)
    meeting = meetings.find_request(event, meeting_id)
    if meeting is None:
        abort(404)
    if not can_decide_meeting(current_user, meeting):
        abort(403)
    meetings.decide(meeting, current_user, accept=decision == "accept")
    if decision == "accept":
        flash(
            _("The meeting is accepted and an inquiry was opened.")
            if meeting.inquiry_id
            else _("The meeting is accepted."),
            "success",
        )
    else:
        flash(_("The meeting request was declined."), "success")
    return redirect(url_for("events.show", event_id=event.id, _anchor="meeting-requests"))


@bp.route("/<int:event_id>/calendar.ics")
def calendar_file(event_id: int):
    event = _event_or_404(event_id)
    return Response(
        calendar.ics_bytes(event, current_locale()),
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="{event.slug}.ics"'},
    )


@bp.route("/<int:event_id>/cover")
def cover(event_id: int):
    event = _event_or_404(event_id)
    path = services.cover_path(event)
    if path is None or not path.is_file():
        abort(404)
    response = send_file(path, mimetype=event.cover_media_type.value, conditional=True)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
