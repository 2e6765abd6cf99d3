"""Inquiry pages: start one from a listing, the conversation, and the member's list.

GET never writes: the conversation page shows unread messages as unread; a small same-origin script (or,
without scripts, a "mark as read" button) POSTs the read marker, and posting a reply marks everything read.
"""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from techport.accounts.permissions import _require_signed_in, is_signed_in, is_staff
from techport.extensions import csrf, db
from techport.input_guards import int_arg, whole_number
from techport.inquiries import queries, services
from techport.inquiries.conversation import render_conversation
from techport.inquiries.forms import InquiryForm, ProposalForm, ReplyForm
from techport.inquiries.models import InquiryAttachment, InquiryMessage, InquiryStage
from techport.inquiries.permissions import (
    can_send_inquiries,
    is_owner_side,
    proposes_solution,
    require_party,
)
from techport.inquiries.pipeline import ALL_STAGES, CLOSING_REASONS, OPEN_STAGES, SOURCE_LABELS, STAGE_LABELS
from techport.listings import attachments as attachment_files
from techport.listings import queries as listing_queries
from techport.listings.models import Listing

bp = Blueprint("inquiries", __name__)

PER_PAGE = 20


@bp.app_context_processor
def inquiry_helpers():
    return {
        "inquiry_stage_label": lambda stage: STAGE_LABELS[InquiryStage(stage)],
        "closing_reason_label": lambda code: CLOSING_REASONS.get(code, code),
        "inquiry_source_label": lambda source: SOURCE_LABELS[source],
        "inquiry_progress_stages": OPEN_STAGES,
        "inquiry_source_args": lambda: services.source_from(request.args).as_args(),
        "shows_inquiry_button": shows_inquiry_button,
    }


def shows_inquiry_button(listing: Listing) -> bool:
    """Visitors see it (it leads to sign in); the owners and the exchange's staff do not."""
    if not listing.is_public:
        return False
    if not is_signed_in(current_user):
        return True
    return not is_staff(current_user) and current_user.organisation_id != listing.organisation_id


def attachment_problem(problem: attachment_files.Problem) -> str:
    return attachment_files.problem_message(
        problem,
        lambda: _("A conversation can have at most %(count)d files.", count=services.MAX_ATTACHMENTS_PER_INQUIRY),
    )


def _upload(form):
    upload = form.file.data
    return upload if upload and upload.filename else None


def _unavailable(message: str, status: int):
    return render_template("inquiries/unavailable.html", message=message), status


@bp.route("/listings/<int:listing_id>/inquire", methods=["GET", "POST"])
@csrf.exempt
def new(listing_id: int):
    """Exempt from the app-wide CSRF check only to raise the upload limit first; the form checks its token."""
    request.max_content_length = attachment_files.max_request_bytes()
    listing = listing_queries.get_listing(listing_id)
    if listing is None:
        abort(404)
    _require_signed_in()
    if not listing.is_public:
        return _unavailable(_("This listing is not published, so it cannot receive inquiries."), 404)
    if not can_send_inquiries(current_user):
        return _unavailable(_("Only members of an organisation on Techport can send inquiries."), 403)
    if current_user.organisation_id == listing.organisation_id:
        return _unavailable(_("This listing belongs to your own organisation."), 403)
    proposing = proposes_solution(listing)
    form = ProposalForm() if proposing else InquiryForm()
    own_listings = services.proposable_listings(current_user.organisation_id) if proposing else []
    if proposing:
        form.proposed_listing.choices = [
            ("", _("A solution described in the message")),
            *((str(item.id), item.title) for item in own_listings),
        ]
    if request.method == "GET":
        for name, value in services.source_from(request.args).as_args().items():
            form[name].data = str(value)
    limit_reached = services.started_in_last_day(current_user) >= services.daily_limit()
    if form.validate_on_submit() and not limit_reached:
        proposed = (
            next((item for item in own_listings if str(item.id) == form.proposed_listing.data), None)
            if (proposing)
            else None
        )
        try:
            inquiry = services.start_inquiry(
                current_user,
                listing,
                message=form.message.data.strip(),
                intended_use=(form.intended_use.data or "").strip(),
                transfer_mode=form.transfer_mode.data or "",
                budget_vnd=form.budget_vnd.amount,
                proposed_listing=proposed,
                source=services.source_from(form.data),
                upload=_upload(form),
            )
        except attachment_files.AttachmentRejected as rejection:
            form.file.errors = [*form.file.errors, attachment_problem(rejection.problem)]
        except services.InquiryLimitReached:
            limit_reached = True
        else:
            flash(_("Your inquiry was sent. The owners are notified and will answer here."), "success")
            return redirect(url_for("inquiries.show", inquiry_id=inquiry.id))
    status = 429 if limit_reached and request.method == "POST" else 400 if form.errors else 200
    return render_template(
        "inquiries/new.html",
        listing=listing,
        form=form,
        proposing=proposing,
        limit_reached=limit_reached,
        daily_limit=services.daily_limit(),
        max_megabytes=attachment_files.max_bytes() / 1024 / 1024,
    ), status


def _party_inquiry(inquiry_id: int):
    return require_party(queries.get_inquiry(inquiry_id))


@bp.route("/inquiries/<int:inquiry_id>")
def show(inquiry_id: int):
    return render_conversation(_party_inquiry(inquiry_id))


@bp.route("/inquiries/<int:inquiry_id>/messages", methods=["POST"])
@csrf.exempt
def reply(inquiry_id: int):
    """Exempt from the app-wide CSRF check only to raise the upload limit first; the form checks its token."""
    request.max_content_length = attachment_files.max_request_bytes()
    inquiry = _party_inquiry(inquiry_id)
    form = ReplyForm()
    if form.validate_on_submit():
        try:
            services.post_message(inquiry, current_user, form.message.data.strip(), _upload(form))
        except attachment_files.AttachmentRejected as rejection:
            db.session.rollback()
            form.file.errors = [*form.file.errors, attachment_problem(rejection.problem)]
        except services.TooManyAttachments:
            db.session.rollback()
            form.file.errors = [*form.file.errors, attachment_problem(attachment_files.Problem.TOO_MANY)]
        else:
            flash(_("Your message was sent."), "success")
            return redirect(url_for("inquiries.show", inquiry_id=inquiry.id, _anchor="latest"))
    return render_conversation(inquiry, reply_form=form), 400


@bp.route("/inquiries/<int:inquiry_id>/read", methods=["POST"])
def mark_read(inquiry_id: int):
    """Called by the page's script (answers 204) or by the "mark as read" button (back to the page)."""
    inquiry = _party_inquiry(inquiry_id)
    services.mark_read(inquiry, current_user, whole_number(request.form.get("up_to")))
    if request.headers.get("X-Requested-With") == "fetch":
        return Response(status=204)
    return redirect(url_for("inquiries.show", inquiry_id=inquiry.id))


@bp.route("/inquiries/<int:inquiry_id>/share-contact", methods=["POST"])
def share_contact(inquiry_id: int):
    inquiry = _party_inquiry(inquiry_id)
    services.share_contact(inquiry, current_user)
    flash(_("Your contact details are now shown in this conversation."), "success")
    return redirect(url_for("inquiries.show", inquiry_id=inquiry.id))


@bp.route("/inquiries/<int:inquiry_id>/files/<int:attachment_id>")
def attachment_file(inquiry_id: int, attachment_id: int):
    """Only the two organisations' members get the file, and no shared cache keeps it."""
    inquiry = _party_inquiry(inquiry_id)
    attachment = db.session.get(InquiryAttachment, attachment_id)
    if attachment is None or db.session.get(InquiryMessage, attachment.message_id).inquiry_id != inquiry.id:
        abort(404)
    path = services.attachment_path(attachment)
    if not path.is_file():
        abort(404)
    response = send_file(
        path,
        mimetype=attachment.media_type.value,
        as_attachment=not attachment.media_type.is_image,
        download_name=attachment.filename,
        conditional=True,
    )
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _stage_arg() -> InquiryStage | None:
    code = request.args.get("stage", "")
    return InquiryStage(code) if code in InquiryStage._value2member_map_ else None


@bp.route("/my/inquiries")
def my_inquiries():
    _require_signed_in()
    if current_user.organisation_id is None:
        abort(404)
    stage = _stage_arg()
    inquiries = queries.member_inquiries(current_user, stage=stage, page=int_arg("page", 1), per_page=PER_PAGE)
    return render_template(
        "inquiries/index.html",
        inquiries=inquiries,
        unread=queries.unread_counts(current_user, [inquiry.id for inquiry in inquiries.items]),
        stage=stage,
        stages=ALL_STAGES,
        is_owner_side=lambda inquiry: is_owner_side(current_user, inquiry),
    )


@bp.route("/my/inquiries/pipeline")
def pipeline_page():
    _require_signed_in()
    if current_user.organisation_id is None:
        abort(404)
    return render_template("inquiries/pipeline.html", pipeline=queries.owner_pipeline(current_user.organisation_id))
