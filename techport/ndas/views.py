"""NDA pages: require, read and accept, countersign, the printable record, the PDF template, and the owner's
confidential-details form. Every NDA URL is 404 to anyone who is neither party nor staff."""

from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from techport.accounts.permissions import require_listing_viewer, require_signed_in
from techport.extensions import csrf, db
from techport.listings import attachments, queries
from techport.listings.models import Listing
from techport.ndas import services, template_files
from techport.ndas.forms import ConfidentialDetailsForm, SignatureForm, TemplateUploadForm
from techport.ndas.models import Nda, NdaStatus
from techport.ndas.services import NdaError, Problem, Side
from techport.ndas.texts import default_text

bp = Blueprint("ndas", __name__)

PROBLEM_MESSAGES = {
    Problem.NOT_OWNER: lambda: _("Only the listing's organisation can do this."),
    Problem.OWN_LISTING: lambda: _("Your organisation owns this listing; there is nobody to sign an NDA with."),
    Problem.ALREADY_REQUIRED: lambda: _("An NDA for this listing has already been required from this organisation."),
    Problem.NOT_ASKER: lambda: _("Only the inquiring organisation can accept this NDA."),
    Problem.NOT_REQUESTED: lambda: _("This NDA has already been accepted."),
    Problem.NOT_ACCEPTED: lambda: _("This NDA can be countersigned once the inquiring organisation has accepted it."),
    Problem.TEXT_CHANGED: lambda: _(
        "The text you read is not the one this NDA records. Reload the page and read it again."
    ),
}


@dataclass(frozen=True)
class InquiryPanel:
    """What the inquiry page shows about the NDA of that inquiry, for the person looking."""

    nda: Nda | None
    side: Side | None

    @property
    def can_require(self) -> bool:
        return self.nda is None and self.side == Side.OWNER

    @property
    def can_accept(self) -> bool:
        return self.nda is not None and self.side == Side.ASKER and self.nda.status == NdaStatus.REQUESTED

    @property
    def can_countersign(self) -> bool:
        return self.nda is not None and self.side == Side.OWNER and self.nda.status == NdaStatus.ACCEPTED


def nda_for_inquiry(inquiry) -> InquiryPanel:
    nda = services.nda_between(inquiry.listing_id, inquiry.asking_organisation_id)
    if nda is not None:
        return InquiryPanel(nda, services.side_of(current_user, nda))
    organisation_id = getattr(current_user, "organisation_id", None)
    if organisation_id == inquiry.owner_organisation_id:
        return InquiryPanel(None, Side.OWNER)
    return InquiryPanel(None, Side.ASKER if organisation_id == inquiry.asking_organisation_id else None)


def confidential_panel(listing: Listing) -> str | None:
    """ "shown" when the viewer may read the details, "locked" when there are some (or an NDA is asked for)
    that the viewer may not read, None when there is nothing to say."""
    if services.can_see_confidential_details(current_user, listing):
        return "shown"
    return "locked" if listing.confidential_details or listing.nda_required else None


@bp.app_context_processor
def nda_helpers():
    return {
        "nda_for_inquiry": nda_for_inquiry,
        "confidential_panel": confidential_panel,
        "can_edit_confidential_details": lambda listing: services.can_edit_confidential_details(current_user, listing),
        "signed_nda_for": lambda listing: _signed_nda_of_viewer(listing),
    }


def _signed_nda_of_viewer(listing: Listing) -> Nda | None:
    organisation_id = getattr(current_user, "organisation_id", None)
    if organisation_id is None or organisation_id == listing.organisation_id:
        return None
    nda = services.nda_between(listing.id, organisation_id)
    return nda if nda is not None and nda.is_signed else None


def _nda_or_404(nda_id: int) -> tuple[Nda, Side]:
    nda = services.get_nda(nda_id) or abort(404)
    side = services.side_of(current_user, nda)
    if side is None:
        abort(404)
    return nda, side


def _client_address() -> str:
    return request.remote_addr or "unknown"


@bp.route("/inquiries/<int:inquiry_id>/nda", methods=["POST"])
@require_signed_in
def require(inquiry_id: int):
    from techport.inquiries.models import Inquiry

    inquiry = db.session.get(Inquiry, inquiry_id) or abort(404)
    if current_user.organisation_id == inquiry.asking_organisation_id:
        abort(403)
    if current_user.organisation_id != inquiry.owner_organisation_id:
        abort(404)
    listing = db.session.get(Listing, inquiry.listing_id)
    try:
        nda = services.require_nda(listing, inquiry.asking_organisation, current_user)
    except NdaError as error:
        flash(PROBLEM_MESSAGES[error.problem](), "error")
        existing = services.nda_between(inquiry.listing_id, inquiry.asking_organisation_id)
        return redirect(url_for("ndas.show", nda_id=existing.id) if existing else request.referrer or "/")
    flash(_("The NDA was sent to the inquiring organisation. You will be told when they accept it."), "success")
    return redirect(url_for("ndas.show", nda_id=nda.id))


@bp.route("/ndas/<int:nda_id>")
@require_signed_in
def show(nda_id: int):
    nda, side = _nda_or_404(nda_id)
    return _render_nda(nda, side, SignatureForm(template_sha256=nda.template_sha256))


def _render_nda(nda: Nda, side: Side, form: SignatureForm, status: int = 200):
    return render_template(
        "ndas/show.html",
        nda=nda,
        side=side,
        form=form,
        text=default_text(nda.template_version) if nda.template is None else None,
    ), status


@bp.route("/ndas/<int:nda_id>/<any(accept, countersign):step>", methods=["POST"])
@require_signed_in
def sign(nda_id: int, step: str):
    nda, side = _nda_or_404(nda_id)
    if side != (Side.ASKER if step == "accept" else Side.OWNER):
        abort(403)
    form = SignatureForm()
    if not form.validate_on_submit():
        return _render_nda(nda, side, form, 400)
    sign_step = services.accept if step == "accept" else services.countersign
    try:
        sign_step(nda, current_user, _client_address(), form.template_sha256.data or "")
    except NdaError as error:
        form.form_errors.append(PROBLEM_MESSAGES[error.problem]())
        return _render_nda(nda, side, form, 409)
    if step == "accept":
        flash(_("You accepted the NDA. The listing's organisation will now countersign it."), "success")
    else:
        flash(_("The NDA is signed. The inquiring organisation can now read the confidential details."), "success")
    return redirect(url_for("ndas.show", nda_id=nda.id))


@bp.route("/ndas/<int:nda_id>/record")
@require_signed_in
def record(nda_id: int):
    nda, _side = _nda_or_404(nda_id)
    return render_template("ndas/record.html", nda=nda)


@bp.route("/ndas/<int:nda_id>/template.pdf")
@require_signed_in
def template_pdf(nda_id: int):
    nda, _side = _nda_or_404(nda_id)
    if nda.template is None:
        abort(404)
    path = template_files.path_of(nda.template)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype="application/pdf", as_attachment=True, download_name=nda.template.filename)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/listings/<int:listing_id>/confidential", methods=["GET", "POST"])
@require_signed_in
def edit_confidential_details(listing_id: int):
    listing = queries.get_listing(listing_id) or abort(404)
    require_listing_viewer(listing)
    if not services.can_edit_confidential_details(current_user, listing):
        abort(403)
    form = ConfidentialDetailsForm(
        data={"confidential_details": listing.confidential_details or "", "nda_required": listing.nda_required}
        if request.method == "GET"
        else None
    )
    if form.validate_on_submit():
        services.set_confidential_details(listing, form.confidential_details.data or "", form.nda_required.data)
        flash(_("The confidential details were saved."), "success")
        return redirect(url_for("listings.show", listing_id=listing.id, slug=listing.slug))
    return render_template("ndas/confidential.html", listing=listing, form=form), 400 if form.errors else 200


@bp.route("/my/nda-template", methods=["GET", "POST"])
@require_signed_in
@csrf.exempt
def organisation_template():
    """Exempt from the app-wide CSRF check only so that the upload limit can be set before the body is
    read; the form checks its CSRF token itself."""
    request.max_content_length = attachments.max_request_bytes()
    organisation = current_user.organisation or abort(403)
    form = TemplateUploadForm()
    if form.validate_on_submit():
        try:
            template_files.upload_template(organisation, form.file.data, current_user)
        except attachments.AttachmentRejected as rejection:
            form.file.errors = [*form.file.errors, _upload_problem(rejection.problem)]
        else:
            flash(_("Your NDA is now used for the NDAs your organisation requires from now on."), "success")
            return redirect(url_for("ndas.organisation_template"))
    return render_template(
        "ndas/organisation_template.html",
        form=form,
        current=template_files.current_template(organisation),
        default=default_text(),
        max_megabytes=attachments.max_bytes() / 1024 / 1024,
    ), 400 if form.errors else 200


@bp.route("/my/nda-template/default", methods=["POST"])
@require_signed_in
def use_default_template():
    organisation = current_user.organisation or abort(403)
    template_files.use_default_text(organisation)
    flash(_("New NDAs of your organisation use the exchange's default text again."), "success")
    return redirect(url_for("ndas.organisation_template"))


def _upload_problem(problem: attachments.Problem) -> str:
    if problem == attachments.Problem.TOO_LARGE:
        return _("The file is larger than %(size)s MB.", size=f"{attachments.max_bytes() / 1024 / 1024:g}")
    if problem == attachments.Problem.EMPTY:
        return _("The file is empty.")
    return _("Upload the NDA as a PDF document (a file ending in .pdf).")
