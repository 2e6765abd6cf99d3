"""Steering the deal: stage moves and the signed agreement (the two parties), and the curators' overview."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from techport.accounts.permissions import require_moderator
from techport.i18n import current_locale
from techport.input_guards import int_arg
from techport.inquiries import pipeline, queries, services
from techport.inquiries.conversation import (
    can_sign_agreement,
    new_agreement_form,
    new_stage_form,
    render_conversation,
)
from techport.inquiries.models import InquiryStage
from techport.inquiries.permissions import is_owner_side, require_party
from techport.listings.vocabulary import SECTORS
from techport.organisations.services import get_organisation, organisation_choices

bp = Blueprint("deals", __name__)


@bp.route("/inquiries/<int:inquiry_id>/stage", methods=["POST"])
def change_stage(inquiry_id: int):
    inquiry = require_party(queries.get_inquiry(inquiry_id))
    owner_side = is_owner_side(current_user, inquiry)
    form = new_stage_form(inquiry, owner_side, formdata=request.form)
    if form.validate_on_submit():
        try:
            services.change_stage(inquiry, InquiryStage(form.stage.data), current_user, reason=form.reason.data)
        except pipeline.StageError:
            form.stage.errors = [_("That stage is not possible now.")]
        else:
            flash(_("The inquiry moved to “%(stage)s”.", stage=pipeline.STAGE_LABELS[inquiry.stage]), "success")
            return redirect(url_for("inquiries.show", inquiry_id=inquiry.id))
    return render_conversation(inquiry, stage_form=form), 400


@bp.route("/inquiries/<int:inquiry_id>/agreement", methods=["POST"])
def sign_agreement(inquiry_id: int):
    inquiry = require_party(queries.get_inquiry(inquiry_id))
    if not can_sign_agreement(inquiry, is_owner_side(current_user, inquiry)):
        flash(_("Only the owner's side records the agreement, and only once."), "error")
        return redirect(url_for("inquiries.show", inquiry_id=inquiry.id))
    form = new_agreement_form(inquiry, formdata=request.form)
    if form.validate_on_submit():
        services.sign_agreement(
            inquiry,
            current_user,
            transfer_mode=form.transfer_mode.data,
            value_vnd=None if form.not_disclosed.data else form.value_vnd.amount,
            signed_on=form.signed_on.data,
            listing_ids=form.listing_ids.data,
        )
        flash(_("The signed agreement was recorded."), "success")
        return redirect(url_for("inquiries.show", inquiry_id=inquiry.id))
    return render_conversation(inquiry, agreement_form=form), 400


@bp.route("/curation/inquiries")
def curation():
    """Metadata only: parties, listing, stage, source and dates; never the conversation."""
    require_moderator()
    organisation_id = int_arg("organisation", 0)
    organisation = get_organisation(organisation_id) if organisation_id else None
    sector = request.args.get("sector") if request.args.get("sector") in SECTORS else None
    code = request.args.get("stage", "")
    stage = InquiryStage(code) if code in InquiryStage._value2member_map_ else None
    inquiries = queries.curated_inquiries(
        organisation_id=organisation.id if organisation else None,
        sector=sector,
        stage=stage,
        page=int_arg("page", 1),
        per_page=current_app.config["LISTINGS_PER_PAGE"],
    )
    return render_template(
        "inquiries/curation.html",
        inquiries=inquiries,
        organisation=organisation,
        organisations=organisation_choices(current_locale()),
        sector=sector,
        sectors=SECTORS,
        stage=stage,
        stages=pipeline.ALL_STAGES,
    )
