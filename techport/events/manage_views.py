"""The curators' event pages: create, edit and publish events and their agenda, registrations, the attendee
CSV, the door's check-in page (typing always works; a camera scan where the browser can), walk-ins, figures."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from techport.events import figures, registrations, services
from techport.events.forms import AgendaItemForm, CheckInForm, EventForm, WalkInForm, to_utc
from techport.events.models import AgendaKind, Event, EventStatus
from techport.events.permissions import require_event_manager
from techport.exhibits.forms import CoverForm
from techport.exhibits.services import cover_problem
from techport.extensions import csrf
from techport.listings import attachments
from techport.listings.queries import get_listing
from techport.organisations.models import OrganisationKind

bp = Blueprint("event_manage", __name__, url_prefix="/events/manage")

STATUS_ACTIONS = {
    "publish": (EventStatus.PUBLISHED, lambda: _("The event is published.")),
    "unpublish": (EventStatus.DRAFT, lambda: _("The event is a draft again and no longer public.")),
    "cancel": (EventStatus.CANCELLED, lambda: _("The event is cancelled; its page says so.")),
}


@bp.before_request
def _managers_only():
    require_event_manager()


def _managed_event(event_id: int) -> Event:
    return services.get_event(event_id) or abort(404)


def _to_event(event: Event, **values):
    return redirect(url_for("event_manage.overview", event_id=event.id, **values))


@bp.route("/")
def index():
    return render_template("events/manage_index.html", events=services.all_events(), series=services.series_names())


@bp.route("/new", methods=["GET", "POST"])
def create():
    form = EventForm()
    if form.validate_on_submit():
        event = services.create_event(form.data_for_service(), current_user)
        flash(_("The event was created as a draft. Add its agenda, then publish it."), "success")
        return _to_event(event)
    return render_template("events/form.html", form=form, event=None), 400 if form.errors else 200


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
def edit(event_id: int):
    event = _managed_event(event_id)
    form = EventForm(obj=event)
    if request.method == "GET":
        form.fill_from(event)
    if form.validate_on_submit():
        services.update_event(event, form.data_for_service())
        flash(_("The event was saved."), "success")
        return _to_event(event)
    return render_template("events/form.html", form=form, event=event), 400 if form.errors else 200


def _render_event(event: Event, agenda_form: AgendaItemForm | None = None, status: int = 200):
    return render_template(
        "events/manage_event.html",
        event=event,
        agenda_form=agenda_form or AgendaItemForm(),
        attendees=registrations.attendees(event),
        places_left=registrations.places_left(event),
    ), status


@bp.route("/<int:event_id>")
def overview(event_id: int):
    return _render_event(_managed_event(event_id))


@bp.route("/<int:event_id>/agenda", methods=["POST"])
def add_agenda_item(event_id: int):
    event = _managed_event(event_id)
    form = AgendaItemForm()
    if not form.validate_on_submit():
        return _render_event(event, form, 400)
    listing = get_listing(form.listing_id.data) if form.listing_id.data else None
    if form.listing_id.data and listing is None:
        form.listing_id.errors = [_("There is no listing with this number.")]
        return _render_event(event, form, 400)
    try:
        services.add_agenda_item(
            event,
            kind=AgendaKind(form.kind.data),
            starts_at=to_utc(form.starts_at.data),
            title=form.title.data or "",
            listing=listing,
        )
    except services.NotPresentable:
        form.listing_id.errors = [_("Only a published listing can be presented.")]
        return _render_event(event, form, 400)
    flash(_("The agenda item was added."), "success")
    return _to_event(event, _anchor="agenda")


@bp.route("/<int:event_id>/agenda/<int:item_id>/remove", methods=["POST"])
def remove_agenda_item(event_id: int, item_id: int):
    event = _managed_event(event_id)
    item = services.find_agenda_item(event, item_id) or abort(404)
    services.remove_agenda_item(item)
    flash(_("The agenda item was removed."), "success")
    return _to_event(event, _anchor="agenda")


@bp.route("/<int:event_id>/<any(publish, unpublish, cancel):action>", methods=["POST"])
def change_status(event_id: int, action: str):
    event = _managed_event(event_id)
    status, message = STATUS_ACTIONS[action]
    services.set_status(event, status)
    flash(message(), "success")
    return _to_event(event)


@bp.route("/<int:event_id>/cover", methods=["GET", "POST"])
@csrf.exempt
def edit_cover(event_id: int):
    """CSRF is checked by the form itself, after the larger upload limit applies (as for exhibit covers)."""
    request.max_content_length = attachments.max_request_bytes()
    event = _managed_event(event_id)
    form = CoverForm()
    if form.validate_on_submit():
        try:
            services.set_cover(event, form.file.data)
        except attachments.AttachmentRejected as rejection:
            form.file.errors = [*form.file.errors, cover_problem(rejection.problem)]
        else:
            flash(_("The cover image was saved."), "success")
            return _to_event(event)
    return render_template(
        "events/cover.html", event=event, form=form, max_megabytes=attachments.max_bytes() / 1024 / 1024
    ), 400 if form.errors else 200


@bp.route("/<int:event_id>/cover/remove", methods=["POST"])
def remove_cover(event_id: int):
    event = _managed_event(event_id)
    services.remove_cover(event)
    flash(_("The cover image was removed."), "success")
    return _to_event(event)


@bp.route("/<int:event_id>/attendees.csv")
def attendees_csv(event_id: int):
    event = _managed_event(event_id)
    return Response(
        figures.attendees_csv(event),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="event-{event.slug}-attendees.csv"',
            "Cache-Control": "private, no-store",
        },
    )


def _render_check_in(event: Event, form=None, walk_in_form=None, result=None, status: int = 200):
    return render_template(
        "events/check_in.html",
        event=event,
        form=form or CheckInForm(),
        walk_in_form=walk_in_form or WalkInForm(),
        result=result,
        attended=sum(r.checked_in_at is not None for r in registrations.attendees(event)),
    ), status


@bp.route("/<int:event_id>/check-in", methods=["GET", "POST"])
def check_in(event_id: int):
    """GET only shows the form (a scanned QR link pre-fills the code); POST marks the attendance."""
    event = _managed_event(event_id)
    form = CheckInForm()
    if request.method == "GET" and request.args.get("code"):
        form.code.data = registrations.normalised_code(request.args["code"])
    if not form.validate_on_submit():
        return _render_check_in(event, form, status=400 if form.errors else 200)
    try:
        result = registrations.check_in(event, form.code.data)
    except registrations.UnknownCode:
        form.code.errors = [_("No registration for this event has the code %(code)s.", code=form.code.data)]
        return _render_check_in(event, form, status=400)
    return _render_check_in(event, CheckInForm(formdata=None), result=result)


@bp.route("/<int:event_id>/walk-ins", methods=["POST"])
def add_walk_in(event_id: int):
    event = _managed_event(event_id)
    form = WalkInForm()
    if not form.validate_on_submit():
        return _render_check_in(event, walk_in_form=form, status=400)
    registration = registrations.add_walk_in(
        event,
        full_name=form.full_name.data,
        organisation_name=form.organisation_name.data or "",
        organisation_kind=OrganisationKind(form.organisation_kind.data) if form.organisation_kind.data else None,
        sector=form.sector.data or "",
    )
    flash(_("%(name)s was added as a walk-in and checked in.", name=registration.full_name), "success")
    return redirect(url_for("event_manage.check_in", event_id=event.id))


@bp.route("/<int:event_id>/figures")
def event_figures(event_id: int):
    event = _managed_event(event_id)
    return render_template("events/figures.html", event=event, figures=figures.event_figures(event))


@bp.route("/series")
def series_figures():
    name = request.args.get("name", "").strip()
    if name not in services.series_names():
        abort(404)
    rows, total = figures.series_figures(name)
    return render_template("events/series.html", series=name, rows=rows, total=total)
