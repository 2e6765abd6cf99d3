"""``GET /api/v1/inquiries`` and ``GET /api/v1/inquiries/<id>``: the caller's own organisation's inquiries.

Session authentication for now; 401 without a session, 404 for an inquiry of other organisations.
"""

from flask import Blueprint, jsonify, url_for
from flask_login import current_user

from techport.accounts.permissions import is_signed_in
from techport.errors import json_error
from techport.input_guards import int_arg
from techport.inquiries import queries
from techport.inquiries.models import Inquiry
from techport.inquiries.permissions import is_party

bp = Blueprint("inquiries_api", __name__, url_prefix="/api/v1")

PAGE_SIZE_MAX = 100


def _organisation(organisation) -> dict:
    return {
        "id": organisation.id,
        "slug": organisation.slug,
        "name_vi": organisation.name_vi,
        "name_en": organisation.name_en,
    }


def summary(inquiry: Inquiry) -> dict:
    return {
        "id": inquiry.id,
        "url": url_for("inquiries.show", inquiry_id=inquiry.id, _external=True),
        "listing": {"id": inquiry.listing_id, "title": inquiry.listing.title, "kind": inquiry.listing.kind.value},
        "asking_organisation": _organisation(inquiry.asking_organisation),
        "owner_organisation": _organisation(inquiry.owner_organisation),
        "direction": "incoming" if current_user.organisation_id == inquiry.owner_organisation_id else "outgoing",
        "stage": inquiry.stage.value,
        "closing_reason": inquiry.closing_reason or None,
        "source": inquiry.source.value,
        "source_rank": inquiry.source_rank,
        "created_at": inquiry.created_at.isoformat(),
        "last_activity_at": inquiry.last_activity_at.isoformat(),
    }


def detail(inquiry: Inquiry) -> dict:
    return {
        **summary(inquiry),
        "intended_use": inquiry.intended_use,
        "transfer_mode": inquiry.transfer_mode or None,
        "budget_vnd": inquiry.budget_vnd,
        "agreement": {
            "transfer_mode": inquiry.agreement_transfer_mode,
            "value_vnd": inquiry.agreement_value_vnd,
            "signed_on": inquiry.agreement_signed_on.isoformat(),
            "listing_ids": inquiry.agreement_listing_ids,
        }
        if inquiry.agreement_signed_on
        else None,
        "messages": [
            {
                "id": message.id,
                "author_organisation_id": message.author_organisation_id,
                "body": message.body,
                "created_at": message.created_at.isoformat(),
                "attachments": [
                    {
                        "filename": attachment.filename,
                        "media_type": attachment.media_type.value,
                        "url": url_for(
                            "inquiries.attachment_file",
                            inquiry_id=inquiry.id,
                            attachment_id=attachment.id,
                            _external=True,
                        ),
                    }
                    for attachment in message.attachments
                ],
            }
            for message in inquiry.messages
        ],
        "stage_history": [
            {
                "from": change.from_stage.value if change.from_stage else None,
                "to": change.to_stage.value,
                "reason": change.reason or None,
                "at": change.created_at.isoformat(),
            }
            for change in inquiry.stage_changes
        ],
    }


def _refusal():
    if not is_signed_in(current_user):
        return json_error(401, "sign in first")
    if current_user.organisation_id is None:
        return json_error(404, "no organisation")
    return None


@bp.route("/inquiries")
def list_inquiries():
    refusal = _refusal()
    if refusal:
        return refusal
    page = queries.api_inquiries(
        current_user.organisation_id,
        page=int_arg("page", 1),
        per_page=int_arg("page_size", 20, maximum=PAGE_SIZE_MAX),
    )
    return jsonify(
        {"page": page.page, "pages": page.pages, "total": page.total, "items": [summary(item) for item in page.items]}
    )


@bp.route("/inquiries/<int:inquiry_id>")
def get_inquiry(inquiry_id: int):
    refusal = _refusal()
    if refusal:
        return refusal
    inquiry = queries.get_inquiry(inquiry_id)
    if inquiry is None or not is_party(current_user, inquiry):
        return json_error(404, f"no inquiry of your organisation has the id {inquiry_id}")
    return jsonify(detail(inquiry))
