"""The curators' review queue: submitted listings are approved or sent back with a reason, and changes
to approved listings are accepted or rolled back."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from techport.accounts.permissions import require_moderator
from techport.input_guards import int_arg
from techport.listings import queries, revisions, workflow
from techport.listings.forms import RejectForm
from techport.listings.models import Listing, ListingRevision
from techport.listings.vocabulary import ListingStatus

bp = Blueprint("curation", __name__, url_prefix="/curation")


@bp.before_request
def moderators_only():
    require_moderator()


def _submitted_or_back(listing_id: int) -> Listing | None:
    """The listing, or None (with a message) when another curator has already decided on it."""
    listing = queries.get_listing(listing_id) or abort(404)
    if listing.status != ListingStatus.SUBMITTED:
        flash(_("This listing is no longer waiting for review."), "info")
        return None
    return listing


@bp.route("/queue")
def queue():
    changed = [(revision, revisions.field_changes(revision)) for revision in revisions.changed_since_approval()]
    listings = queries.review_queue_page(page=int_arg("page", 1), per_page=current_app.config["LISTINGS_PER_PAGE"])
    return render_template("curation/queue.html", listings=listings, changed=changed)


@bp.route("/listings/<int:listing_id>/approve", methods=["POST"])
def approve(listing_id: int):
    listing = _submitted_or_back(listing_id)
    if listing is not None:
        workflow.approve_listing(listing, curator=current_user._get_current_object())
        flash(_("“%(title)s” is published; its owners have been told.", title=listing.title), "success")
    return redirect(url_for("curation.queue"))


@bp.route("/listings/<int:listing_id>/reject", methods=["GET", "POST"])
def reject(listing_id: int):
    listing = _submitted_or_back(listing_id)
    if listing is None:
        return redirect(url_for("curation.queue"))
    form = RejectForm()
    if form.validate_on_submit():
        workflow.reject_listing(listing, form.reason.data, curator=current_user._get_current_object())
        flash(_("“%(title)s” was sent back to its owners with your reason.", title=listing.title), "success")
        return redirect(url_for("curation.queue"))
    return render_template("curation/reject.html", listing=listing, form=form), 400 if form.errors else 200


def _revision_or_back(listing_id: int) -> ListingRevision | None:
    """The listing's pending change, or None (with a message) when it was decided on or changed again
    since the curator's page showed it: a decision must concern the change the curator saw."""
    listing = queries.get_listing(listing_id) or abort(404)
    revision = revisions.pending_revision(listing)
    if revision is None or listing.status not in revisions.REVIEWED_STATUSES:
        flash(_("This change is no longer waiting for review."), "info")
        return None
    if request.form.get("version") != str(listing.version):
        flash(_("“%(title)s” was changed again meanwhile; look at the latest change.", title=listing.title), "info")
        return None
    return revision


@bp.route("/listings/<int:listing_id>/accept-change", methods=["POST"])
def accept_change(listing_id: int):
    revision = _revision_or_back(listing_id)
    if revision is not None:
        listing = revision.listing
        workflow.accept_change(revision, curator=current_user._get_current_object())
        flash(_("The change to “%(title)s” was accepted.", title=listing.title), "success")
    return redirect(url_for("curation.queue"))


@bp.route("/listings/<int:listing_id>/roll-back", methods=["POST"])
def roll_back(listing_id: int):
    revision = _revision_or_back(listing_id)
    if revision is not None:
        listing = revision.listing
        workflow.roll_back_change(revision, curator=current_user._get_current_object())
        flash(
            _("The approved version of “%(title)s” is back; its owners have been told.", title=listing.title),
            "success",
        )
    return redirect(url_for("curation.queue"))
