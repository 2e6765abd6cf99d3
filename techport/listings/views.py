"""Listing pages: create and edit, the public detail page, attachments and the owner's dashboard."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from techport.accounts.permissions import (
    can_create_listing,
    can_edit_listing,
    can_moderate,
    can_see_contact,
    require_listing_editor,
    require_listing_viewer,
    require_signed_in,
)
from techport.extensions import csrf
from techport.i18n import current_locale
from techport.input_guards import int_arg
from techport.ip_assets.vocabulary import IP_TYPE_LABELS, LEGAL_STATUS_LABELS
from techport.listings import attachments, queries, workflow
from techport.listings.forms import FORMS, OFFER_TYPE_LABELS, AttachmentForm, ListingForm, form_data
from techport.listings.models import Listing
from techport.listings.profile import ProfileError
from techport.listings.services import LifecycleError, can_hold_ip_assets
from techport.listings.vocabulary import (
    KIND_LABELS,
    SECTORS,
    STATUS_LABELS,
    TRANSFER_MODES,
    ListingKind,
)
from techport.reports.listing_views import record_listing_view
from techport.search import service as search_service

bp = Blueprint("listings", __name__)

MATCHES_PER_PAGE = 10
MATCH_PAGES_MAX = 5

STEP_MESSAGES = {
    "submit": lambda: _("The listing was sent to the curators for review."),
    "withdraw": lambda: _("The listing was withdrawn and is a draft again."),
    "renew": lambda: _("The listing was renewed for 12 months."),
    "archive": lambda: _("The listing was archived."),
}


@bp.app_context_processor
def listing_labels():
    return {
        "listing_kind_label": lambda kind: KIND_LABELS[ListingKind(kind)],
        "listing_status_label": lambda status: STATUS_LABELS[status],
        "sector_label": lambda code: SECTORS.get(code, code),
        "transfer_mode_label": lambda code: TRANSFER_MODES.get(code, code),
        "offer_type_label": lambda code: OFFER_TYPE_LABELS[code],
        "ip_type_label": lambda code: IP_TYPE_LABELS[code],
        "legal_status_label": lambda code: LEGAL_STATUS_LABELS[code],
        "listing_url": listing_url,
        "listing_steps": workflow.available_steps,
        "listing_editable": workflow.is_editable,
    }


def listing_url(listing: Listing, **values) -> str:
    return url_for("listings.show", listing_id=listing.id, slug=listing.slug, **values)


def _listing_or_404(listing_id: int) -> Listing:
    return queries.get_listing(listing_id) or abort(404)


def _editable_listing(listing_id: int) -> Listing:
    listing = _listing_or_404(listing_id)
    require_listing_editor(listing)
    return listing


@bp.route("/listings/new")
@require_signed_in
def choose_kind():
    organisation = current_user.organisation
    kinds = [kind for kind in ListingKind if can_create_listing(current_user, organisation, kind)]
    if not kinds:
        abort(403)
    return render_template("listings/new.html", kinds=kinds)


@bp.route("/listings/new/<any(offer, need, ip_asset):kind>", methods=["GET", "POST"])
@require_signed_in
def create(kind: str):
    kind = ListingKind(kind)
    organisation = current_user.organisation
    if not can_create_listing(current_user, organisation, kind):
        abort(403)
    form = FORMS[kind]()
    if form.validate_on_submit():
        record = form.record(organisation_slug=organisation.slug, external_id=workflow.new_external_id(), listing=None)
        try:
            listing = workflow.create_listing(record, organisation, submit=_wants_submit(), actor=current_user)
        except ProfileError as error:
            form.add_problems(error.problems)
        else:
            flash(_saved_message(listing), "success")
            return redirect(listing_url(listing))
    return _render_form(form, kind=kind, listing=None)


@bp.route("/listings/<int:listing_id>/edit", methods=["GET", "POST"])
def edit(listing_id: int):
    listing = _editable_listing(listing_id)
    if not workflow.is_editable(listing):
        flash(_("An archived listing can no longer be changed."), "error")
        return redirect(listing_url(listing))
    if listing.kind == ListingKind.IP_ASSET and not can_hold_ip_assets(listing.organisation):
        flash(
            _(
                "Only universities and research institutes hold IP assets, so this one can no longer be changed. "
                "It can still be archived."
            ),
            "error",
        )
        return redirect(listing_url(listing))
    form = FORMS[listing.kind](data=form_data(listing) if request.method == "GET" else None)
    if form.validate_on_submit():
        record = form.record(
            organisation_slug=listing.organisation.slug, external_id=listing.external_id, listing=listing
        )
        try:
            workflow.update_listing(
                listing, record, seen_version=form.seen_version(), submit=_wants_submit(listing), actor=current_user
            )
        except ProfileError as error:
            form.add_problems(error.problems)
        except workflow.StaleListing:
            form.form_errors.append(
                _("Someone else saved this listing after you opened it. Reload the page to see their changes.")
            )
        else:
            flash(_saved_message(listing), "success")
            return redirect(listing_url(listing))
    return _render_form(form, kind=listing.kind, listing=listing)


def _wants_submit(listing: Listing | None = None) -> bool:
    """The second button of the form saves and submits; it is only offered for drafts."""
    is_draft = listing is None or "submit" in workflow.available_steps(listing)
    return is_draft and request.form.get("action") == "submit"


def _saved_message(listing: Listing) -> str:
    if listing.status.value == "submitted":
        return _("The listing was saved and sent to the curators for review.")
    return _("The listing was saved.")


def _render_form(form: ListingForm, *, kind: ListingKind, listing: Listing | None):
    status = 400 if form.errors else 200
    return render_template("listings/form.html", form=form, kind=kind, listing=listing), status


@bp.route("/listings/<int:listing_id>")
def show_by_id(listing_id: int):
    listing = _listing_or_404(listing_id)
    require_listing_viewer(listing)
    return redirect(listing_url(listing), 301)


@bp.route("/listings/<int:listing_id>-<slug>")
def show(listing_id: int, slug: str):
    listing = _listing_or_404(listing_id)
    require_listing_viewer(listing)
    if slug != listing.slug:
        return redirect(listing_url(listing), 301)
    record_listing_view(listing.id)
    organisation = listing.organisation
    organisation_url = url_for("organisations.show", slug=organisation.slug, _external=True)
    json_ld = (
        queries.structured_data(
            listing, listing_url(listing, _external=True), organisation.name_for(current_locale()), organisation_url
        )
        if listing.is_public
        else None
    )
    return render_template(
        "listings/show.html",
        listing=listing,
        can_edit=can_edit_listing(current_user, listing),
        can_moderate=can_moderate(current_user),
        show_contact=can_see_contact(current_user, listing),
        json_ld=json_ld,
    )


@bp.route("/listings/<int:listing_id>/matches")
def matches(listing_id: int):
    """A public listing's matches, a page at a time: an HTML fragment for the listing page's script
    (``?fragment=1``), a page of its own for visitors without JavaScript."""
    listing = _listing_or_404(listing_id)
    if not listing.is_public:
        abort(404)
    page = int_arg("page", 1, maximum=MATCH_PAGES_MAX)
    found, unavailable = [], False
    try:
        # Matching has no offset: fetch up to this page (and one more match, to know a next page exists).
        found = search_service.matches_for(listing, size=page * MATCHES_PER_PAGE + 1)
    except search_service.SearchUnavailable:
        unavailable = True
    shown = found[(page - 1) * MATCHES_PER_PAGE : page * MATCHES_PER_PAGE]
    has_next = len(found) > page * MATCHES_PER_PAGE and page < MATCH_PAGES_MAX
    template = "listings/_matches.html" if request.args.get("fragment") else "listings/matches.html"
    return render_template(
        template, listing=listing, matches=shown, unavailable=unavailable, page=page, has_next=has_next
    )


@bp.route("/listings/<int:listing_id>/<any(submit, withdraw, renew, archive):step>", methods=["POST"])
def take_step(listing_id: int, step: str):
    listing = _editable_listing(listing_id)
    try:
        workflow.take_step(listing, step, actor=current_user)
    except LifecycleError:
        flash(
            _(
                "That step is not possible for a listing with the status “%(status)s”.",
                status=STATUS_LABELS[listing.status],
            ),
            "error",
        )
    else:
        flash(STEP_MESSAGES[step](), "success")
    if request.form.get("back") == "dashboard":
        return redirect(url_for("listings.dashboard"))
    return redirect(listing_url(listing))


@bp.route("/listings/<int:listing_id>/attachments", methods=["GET", "POST"])
@csrf.exempt
def manage_attachments(listing_id: int):
    """Exempt from the app-wide CSRF check only so that the larger upload limit can be set before the
    body is read; the form checks its CSRF token itself."""
    request.max_content_length = attachments.max_request_bytes()
    listing = _editable_listing(listing_id)
    if not workflow.is_editable(listing):
        flash(_("An archived listing can no longer be changed."), "error")
        return redirect(listing_url(listing))
    form = AttachmentForm()
    if form.validate_on_submit():
        try:
            attachments.store(listing, form.file.data)
        except attachments.AttachmentRejected as rejection:
            form.file.errors = [*form.file.errors, _attachment_problem(rejection.problem)]
        else:
            flash(_("The file was attached."), "success")
            return redirect(url_for("listings.manage_attachments", listing_id=listing.id))
    return render_template(
        "listings/attachments.html",
        listing=listing,
        form=form,
        max_megabytes=attachments.max_bytes() / 1024 / 1024,
    ), 400 if form.errors else 200


def _attachment_problem(problem: attachments.Problem) -> str:
    return attachments.problem_message(
        problem, lambda: _("A listing can have at most %(count)d attachments.", count=attachments.MAX_PER_LISTING)
    )


@bp.route("/listings/<int:listing_id>/attachments/<int:attachment_id>/delete", methods=["POST"])
def delete_attachment(listing_id: int, attachment_id: int):
    listing = _editable_listing(listing_id)
    if not workflow.is_editable(listing):
        flash(_("An archived listing can no longer be changed."), "error")
        return redirect(listing_url(listing))
    attachment = _attachment_of(listing, attachment_id)
    attachments.remove(attachment)
    flash(_("The file was removed."), "success")
    return redirect(url_for("listings.manage_attachments", listing_id=listing.id))


@bp.route("/listings/<int:listing_id>/files/<int:attachment_id>")
def attachment_file(listing_id: int, attachment_id: int):
    """Public for published listings, otherwise only for the people who may see the listing."""
    listing = _listing_or_404(listing_id)
    require_listing_viewer(listing)
    attachment = _attachment_of(listing, attachment_id)
    path = attachments.path_of(attachment)
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
    if not listing.is_public:
        response.headers["Cache-Control"] = "private, no-store"
    return response


def _attachment_of(listing: Listing, attachment_id: int):
    for attachment in listing.attachments:
        if attachment.id == attachment_id:
            return attachment
    abort(404)


@bp.route("/my/listings")
@require_signed_in
def dashboard():
    organisation = current_user.organisation
    if organisation is None:
        return render_template("listings/dashboard.html", organisation=None)
    # No matching here: each published need links to its matches, so the page stays fast however many.
    page = int_arg("page", 1)
    return render_template(
        "listings/dashboard.html",
        organisation=organisation,
        listings=queries.organisation_listings(
            organisation, page=page, per_page=current_app.config["LISTINGS_PER_PAGE"]
        ),
        counts=queries.status_counts(organisation),
        statuses=STATUS_LABELS,
        creatable=[kind for kind in ListingKind if can_create_listing(current_user, organisation, kind)],
    )
