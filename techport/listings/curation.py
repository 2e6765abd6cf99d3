"""The curators' review queue: submitted listings are approved or sent back with a reason."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from techport.accounts.permissions import require_moderator
from techport.listings import queries, workflow
from techport.listings.forms import RejectForm
from techport.listings.models import Listing
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
    return render_template("curation/queue.html", listings=queries.review_queue())


@bp.route("/listings/<int:listing_id>/approve", methods=["POST"])
def approve(listing_id: int):
    listing = _submitted_or_back(listing_id)
    if listing is not None:
        workflow.approve_listing(listing)
        flash(_("“%(title)s” is published; its owners have been told.", title=listing.title), "success")
    return redirect(url_for("curation.queue"))


@bp.route("/listings/<int:listing_id>/reject", methods=["GET", "POST"])
def reject(listing_id: int):
    listing = _submitted_or_back(listing_id)
    if listing is None:
        return redirect(url_for("curation.queue"))
    form = RejectForm()
    if form.validate_on_submit():
        workflow.reject_listing(listing, form.reason.data)
        flash(_("“%(title)s” was sent back to its owners with your reason.", title=listing.title), "success")
        return redirect(url_for("curation.queue"))
    return render_template("curation/reject.html", listing=listing, form=form), 400 if form.errors else 200
