"""The conversation page, built the same way for a plain view and for a form that came back with errors."""

from datetime import date

from flask import render_template
from flask_login import current_user

from techport.extensions import db
from techport.inquiries import pipeline
from techport.inquiries.forms import AgreementForm, ReplyForm, StageForm
from techport.inquiries.models import Inquiry, InquiryRead
from techport.inquiries.permissions import is_owner_side
from techport.inquiries.services import proposable_listings


def agreement_choices(inquiry: Inquiry) -> list[tuple[int, str]]:
    """The listings a signed agreement may cover: the inquiry's own, the proposal, the owner's published ones."""
    listings = {inquiry.listing.id: inquiry.listing}
    if inquiry.proposed_listing is not None:
        listings[inquiry.proposed_listing.id] = inquiry.proposed_listing
    for listing in proposable_listings(inquiry.owner_organisation_id):
        listings.setdefault(listing.id, listing)
    return [(listing.id, listing.title) for listing in listings.values()]


def can_sign_agreement(inquiry: Inquiry, owner_side: bool) -> bool:
    return owner_side and inquiry.stage in pipeline.OPEN_STAGES and inquiry.stage != pipeline.S.AGREEMENT_SIGNED


def new_agreement_form(inquiry: Inquiry, formdata=None) -> AgreementForm:
    form = (
        AgreementForm(formdata=formdata)
        if formdata is not None
        else AgreementForm(
            transfer_mode=inquiry.transfer_mode or None, signed_on=date.today(), listing_ids=[inquiry.listing_id]
        )
    )
    form.listing_ids.choices = agreement_choices(inquiry)
    return form


def new_stage_form(inquiry: Inquiry, owner_side: bool, formdata=None) -> StageForm:
    form = StageForm(formdata=formdata) if formdata is not None else StageForm()
    form.set_stages(pipeline.next_stages(inquiry, owner_side=owner_side))
    return form


def render_conversation(
    inquiry: Inquiry,
    *,
    reply_form: ReplyForm | None = None,
    stage_form: StageForm | None = None,
    agreement_form: AgreementForm | None = None,
):
    owner_side = is_owner_side(current_user, inquiry)
    marker = db.session.get(InquiryRead, (current_user.id, inquiry.id))
    last_read = marker.last_read_message_id if marker else 0
    return render_template(
        "inquiries/show.html",
        inquiry=inquiry,
        owner_side=owner_side,
        last_read=last_read,
        latest_message_id=inquiry.messages[-1].id if inquiry.messages else 0,
        reply_form=reply_form or ReplyForm(formdata=None),
        stage_form=stage_form or new_stage_form(inquiry, owner_side),
        agreement_form=(agreement_form or new_agreement_form(inquiry))
        if can_sign_agreement(inquiry, owner_side)
        else None,
        other_organisation=inquiry.asking_organisation if owner_side else inquiry.owner_organisation,
    )
