"""Register pages for the organisation's members, the curators' freshness view and the public asset page."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user

from techport.accounts.permissions import is_staff, require_organisation_manager, require_signed_in
from techport.extensions import db
from techport.ip_assets import services, timeline
from techport.ip_assets.deadlines import annual_fee_due_dates, next_fee, term_end, title_deadlines
from techport.ip_assets.forms import (
    AssetForm,
    ConfirmForm,
    EventForm,
    FeePaymentForm,
    NewAssetForm,
    TitleForm,
    inventors_text,
    owners_text,
)
from techport.ip_assets.models import FeePayment, ProtectionTitle, RegisterAsset, TitleEvent
from techport.ip_assets.rules import DEADLINE_KIND_LABELS
from techport.ip_assets.vocabulary import PROTECTION_TYPE_LABELS, TITLE_STATUS_LABELS, ProtectionType, TitleStatus
from techport.listings.attachments import AttachmentRejected
from techport.organisations.services import find_by_slug

bp = Blueprint("ip_register", __name__, url_prefix="/ip-register")


def _document_refused() -> str:
    return _("The document was refused: only PDF, PNG or JPEG files within the size limit are accepted.")


public_bp = Blueprint("ip_public", __name__, url_prefix="/ip")


@bp.app_context_processor
def register_labels():
    return {
        "protection_type_label": lambda code: PROTECTION_TYPE_LABELS[ProtectionType(code)],
        "title_status_label": lambda code: TITLE_STATUS_LABELS[TitleStatus(code)],
        "deadline_kind_label": lambda code: DEADLINE_KIND_LABELS[code],
        "protection_types": PROTECTION_TYPE_LABELS,
        "title_statuses": TITLE_STATUS_LABELS,
        "vnd": lambda amount: f"{format_decimal(amount)} ₫",
    }


def _my_organisation():
    """The signed-in member's organisation; staff may open another one's register with ?organisation=slug."""
    slug = request.args.get("organisation", "")
    organisation = find_by_slug(slug) if slug and is_staff(current_user) else current_user.organisation
    if organisation is None:
        abort(404)
    require_organisation_manager(organisation)
    return organisation


def _asset_or_404(asset_id: int) -> RegisterAsset:
    asset = db.session.get(RegisterAsset, asset_id) or abort(404)
    require_organisation_manager(asset.organisation)
    return asset


def _title_or_404(title_id: int) -> ProtectionTitle:
    title = db.session.get(ProtectionTitle, title_id) or abort(404)
    require_organisation_manager(title.asset.organisation)
    return title


@bp.get("/")
@require_signed_in
def index():
    organisation = _my_organisation()
    protection_type = request.args.get("type", "")
    status = request.args.get("status", "")
    text = request.args.get("q", "").strip()[:100]
    assets = services.organisation_assets(
        organisation,
        protection_type=ProtectionType(protection_type) if protection_type in set(ProtectionType) else None,
        status=TitleStatus(status) if status in set(TitleStatus) else None,
        text=text,
    )
    return render_template(
        "ip_assets/index.html",
        organisation=organisation,
        assets=assets,
        filters={"type": protection_type, "status": status, "q": text},
    )


@bp.route("/new", methods=["GET", "POST"])
@require_signed_in
def create():
    organisation = _my_organisation()
    form = NewAssetForm()
    if form.validate_on_submit():
        asset = RegisterAsset(organisation=organisation)
        try:
            services.save_asset(
                asset, form.asset_fields(), form.title_values(), form.inventors.parsed, form.owners.parsed
            )
        except services.RegisterError as error:
            db.session.rollback()
            form.form_errors = error.problems
        else:
            flash(_("The asset was added to the register."), "success")
            return redirect(url_for("ip_register.show", asset_id=asset.id))
    return render_template("ip_assets/form.html", form=form, organisation=organisation, asset=None)


@bp.route("/<int:asset_id>/edit", methods=["GET", "POST"])
@require_signed_in
def edit(asset_id: int):
    asset = _asset_or_404(asset_id)
    form = AssetForm(obj=asset if request.method == "GET" else None)
    if request.method == "GET":
        form.inventors.data = inventors_text(asset.inventors)
        form.owners.data = owners_text(asset.owners)
    if form.validate_on_submit():
        try:
            services.save_asset(asset, form.asset_fields(), None, form.inventors.parsed, form.owners.parsed)
        except services.RegisterError as error:
            db.session.rollback()
            form.form_errors = error.problems
        else:
            flash(_("The asset was saved."), "success")
            return redirect(url_for("ip_register.show", asset_id=asset.id))
    return render_template("ip_assets/form.html", form=form, organisation=asset.organisation, asset=asset)


@bp.route("/<int:asset_id>/titles/new", methods=["GET", "POST"])
@require_signed_in
def add_title(asset_id: int):
    asset = _asset_or_404(asset_id)
    form = TitleForm()
    if form.validate_on_submit():
        try:
            services.add_title(asset, form.title_values())
        except services.RegisterError as error:
            db.session.rollback()
            form.form_errors = error.problems
        else:
            flash(_("The title was added."), "success")
            return redirect(url_for("ip_register.show", asset_id=asset.id))
    return render_template("ip_assets/title_form.html", form=form, asset=asset, title=None)


@bp.route("/titles/<int:title_id>/edit", methods=["GET", "POST"])
@require_signed_in
def edit_title(title_id: int):
    title = _title_or_404(title_id)
    form = TitleForm(obj=title if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            services.save_title(title, form.title_values())
        except services.RegisterError as error:
            db.session.rollback()
            form.form_errors = error.problems
        else:
            flash(_("The title was saved."), "success")
            return redirect(url_for("ip_register.show", asset_id=title.asset_id))
    return render_template("ip_assets/title_form.html", form=form, asset=title.asset, title=title)


@bp.post("/titles/<int:title_id>/events")
@require_signed_in
def add_event(title_id: int):
    title = _title_or_404(title_id)
    form = EventForm(prefix=f"event-{title.id}")
    if not form.validate_on_submit():
        flash(_("The step was not recorded: %(errors)s", errors=_form_errors(form)), "error")
    else:
        try:
            services.record_event(
                title,
                form.status_value(),
                form.happened_on.data,
                form.note.data or "",
                request.files.get(form.document.name),
            )
        except AttachmentRejected:
            db.session.rollback()
            flash(_document_refused(), "error")
        else:
            flash(_("The step was added to the legal timeline."), "success")
    return redirect(url_for("ip_register.show", asset_id=title.asset_id))


def _event_or_404(event_id: int) -> TitleEvent:
    """A step only the organisation's admins (and staff) may correct."""
    event = db.session.get(TitleEvent, event_id) or abort(404)
    require_organisation_manager(event.title.asset.organisation)
    if not timeline.can_correct_timeline(current_user, event.title.asset.organisation):
        abort(403)
    return event


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@require_signed_in
def edit_event(event_id: int):
    event = _event_or_404(event_id)
    form = EventForm(obj=event if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            timeline.update_event(
                event,
                current_user,
                status=form.status_value(),
                happened_on=form.happened_on.data,
                note=form.note.data or "",
                upload=request.files.get(form.document.name),
            )
        except AttachmentRejected:
            db.session.rollback()
            form.document.errors = [_document_refused()]
        else:
            flash(_("The step was corrected."), "success")
            return redirect(url_for("ip_register.show", asset_id=event.title.asset_id))
    return render_template("ip_assets/event_form.html", form=form, event=event)


@bp.post("/events/<int:event_id>/delete")
@require_signed_in
def delete_event(event_id: int):
    event = _event_or_404(event_id)
    asset_id = event.title.asset_id
    if not ConfirmForm().validate_on_submit():
        abort(400)
    timeline.delete_event(event, current_user)
    flash(_("The step was deleted from the legal timeline."), "success")
    return redirect(url_for("ip_register.show", asset_id=asset_id))


def fee_payment_form(title: ProtectionTitle, formdata=None) -> FeePaymentForm | None:
    """The payment form with the title's unpaid fee years, the next one first; None when nothing is left."""
    paid = {payment.due_on for payment in title.fee_payments}
    upcoming = next_fee(title, date.today())
    due_dates = [due_on for due_on in annual_fee_due_dates(title) if due_on not in paid]
    if not due_dates:
        return None
    if upcoming is not None and upcoming.due_on in due_dates:
        due_dates.remove(upcoming.due_on)
        due_dates.insert(0, upcoming.due_on)
    form = FeePaymentForm(formdata=formdata, prefix=f"fee-{title.id}")
    form.due_on.choices = [(due_on.isoformat(), due_on.isoformat()) for due_on in due_dates]
    return form


@bp.post("/titles/<int:title_id>/fees")
@require_signed_in
def record_fee(title_id: int):
    title = _title_or_404(title_id)
    form = fee_payment_form(title, request.form) or abort(404)
    if not form.validate_on_submit():
        flash(_("The payment was not recorded: %(errors)s", errors=_form_errors(form)), "error")
        return redirect(url_for("ip_register.show", asset_id=title.asset_id))
    try:
        timeline.record_fee_payment(
            title,
            current_user,
            due_on=date.fromisoformat(form.due_on.data),
            paid_on=form.paid_on.data,
            amount_vnd=form.amount.amount,
            upload=request.files.get(form.receipt.name),
        )
    except AttachmentRejected:
        db.session.rollback()
        flash(_document_refused(), "error")
    except services.RegisterError as error:
        db.session.rollback()
        flash(" ".join(error.problems), "error")
    else:
        flash(_("The fee payment was recorded; the next fee moved to the following year."), "success")
    return redirect(url_for("ip_register.show", asset_id=title.asset_id))


@bp.get("/fees/<int:payment_id>/receipt")
@require_signed_in
def fee_receipt(payment_id: int):
    payment = db.session.get(FeePayment, payment_id) or abort(404)
    require_organisation_manager(payment.title.asset.organisation)
    if not payment.receipt_stored_name:
        abort(404)
    return send_file(
        timeline.receipt_path(payment),
        mimetype=payment.receipt_media_type.value,
        as_attachment=True,
        download_name=payment.receipt_filename,
    )


def _form_errors(form) -> str:
    return " ".join(
        f"{getattr(form, name).label.text}: {' '.join(str(error) for error in errors)}"
        for name, errors in form.errors.items()
    )


@bp.get("/events/<int:event_id>/document")
@require_signed_in
def event_document(event_id: int):
    event = db.session.get(TitleEvent, event_id) or abort(404)
    require_organisation_manager(event.title.asset.organisation)
    if not event.document_stored_name:
        abort(404)
    return send_file(
        services.document_path(event),
        mimetype=event.document_media_type.value,
        as_attachment=True,
        download_name=event.document_filename,
    )


@bp.get("/<int:asset_id>")
@require_signed_in
def show(asset_id: int):
    asset = _asset_or_404(asset_id)
    today = date.today()
    titles = [
        {
            "title": title,
            "deadlines": title_deadlines(title, today),
            "next_fee": next_fee(title, today),
            "term_end": term_end(title),
        }
        for title in asset.titles
    ]
    return render_template(
        "ip_assets/show.html",
        asset=asset,
        titles=titles,
        event_forms={title.id: EventForm(formdata=None, prefix=f"event-{title.id}") for title in asset.titles},
        fee_forms={title.id: fee_payment_form(title) for title in asset.titles},
        can_correct=timeline.can_correct_timeline(current_user, asset.organisation),
        deals=services.asset_deals(asset),
        today=today,
        offerable=any(t.protection_type in services.PROTECTION_TYPES_OFFERABLE for t in asset.titles),
    )


@bp.post("/<int:asset_id>/offer")
@require_signed_in
def offer(asset_id: int):
    asset = _asset_or_404(asset_id)
    listing = services.offer_on_exchange(asset)
    flash(_("A draft listing was prepared from the register. Check it and submit it for review."), "success")
    return redirect(url_for("listings.edit", listing_id=listing.id))


@bp.get("/dashboard")
@require_signed_in
def dashboard():
    organisation = _my_organisation()
    return render_template(
        "ip_assets/dashboard.html",
        organisation=organisation,
        portfolio=services.portfolio(organisation, date.today()),
    )


@bp.get("/calendar")
@require_signed_in
def calendar():
    organisation = _my_organisation()
    assets = services.organisation_assets(organisation)
    return render_template(
        "ip_assets/calendar.html",
        organisation=organisation,
        months=services.calendar_by_month(assets, date.today()),
        later=services.later_deadlines(assets, date.today()),
    )


@bp.get("/freshness")
@require_signed_in
def freshness():
    if not is_staff(current_user):
        abort(403)
    return render_template("ip_assets/freshness.html", registers=services.stale_registers(date.today()))


@public_bp.get("/<int:asset_id>")
def public_show(asset_id: int):
    """What anyone may know: title, type, status, numbers, dates and owners; never the inventors."""
    asset = db.session.get(RegisterAsset, asset_id)
    if asset is None or not asset.is_public:
        abort(404)
    return render_template("ip_assets/public.html", asset=asset)
