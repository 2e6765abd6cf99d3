"""The deal pipeline: which stage may follow which, who may move it, and the history of every move.

Open stages run in order (new → in discussion → NDA signed → negotiating → agreement signed); a deal may
skip ahead but never go back. "Closed" follows a signed agreement. Declined and lost (the owner's side) and
withdrawn (the asking side) end an open deal with a reason from ``CLOSING_REASONS``.
"""

from datetime import date

from flask_babel import lazy_gettext as _l

from techport.inquiries.models import Inquiry, InquirySource, InquiryStage, InquiryStageChange
from techport.models_common import utcnow

S = InquiryStage
OPEN_STAGES = (S.NEW, S.IN_DISCUSSION, S.NDA_SIGNED, S.NEGOTIATING, S.AGREEMENT_SIGNED)
ENDING_STAGES = (S.DECLINED, S.WITHDRAWN, S.LOST)
FINAL_STAGES = frozenset({S.CLOSED, *ENDING_STAGES})
ALL_STAGES = (*OPEN_STAGES, S.CLOSED, *ENDING_STAGES)
OWNER_ENDINGS = frozenset({S.DECLINED, S.LOST})
ASKER_ENDINGS = frozenset({S.WITHDRAWN})

STAGE_LABELS = {
    S.NEW: _l("New"),
    S.IN_DISCUSSION: _l("In discussion"),
    S.NDA_SIGNED: _l("NDA signed"),
    S.NEGOTIATING: _l("Negotiating"),
    S.AGREEMENT_SIGNED: _l("Agreement signed"),
    S.CLOSED: _l("Closed"),
    S.DECLINED: _l("Declined"),
    S.WITHDRAWN: _l("Withdrawn"),
    S.LOST: _l("Lost"),
}

SOURCE_LABELS = {
    InquirySource.DIRECT: _l("Listing page"),
    InquirySource.SEARCH: _l("Search"),
    InquirySource.MATCH: _l("Suggested match"),
    InquirySource.EXHIBIT: _l("Exhibit"),
    InquirySource.QR: _l("QR code at a booth"),
    InquirySource.ALERT: _l("Alert e-mail"),
    InquirySource.EVENT: _l("Event"),
}

CLOSING_REASONS = {
    "no_fit": _l("The technology does not fit the need"),
    "price": _l("Price or terms not acceptable"),
    "timing": _l("Timing: not now"),
    "chose_other": _l("Another solution was chosen"),
    "no_response": _l("No response from the other side"),
    "other": _l("Other reason"),
}


class StageError(ValueError):
    """The move is not allowed from the current stage or for this side."""


def is_open(inquiry: Inquiry) -> bool:
    return inquiry.stage not in FINAL_STAGES


def next_stages(inquiry: Inquiry, *, owner_side: bool) -> list[InquiryStage]:
    """The stages this side may move the inquiry to now (the agreement has its own form)."""
    if inquiry.stage in FINAL_STAGES:
        return []
    if not owner_side:
        return sorted(ASKER_ENDINGS)
    if inquiry.stage == S.AGREEMENT_SIGNED:
        return [S.CLOSED, S.LOST]
    later = OPEN_STAGES[OPEN_STAGES.index(inquiry.stage) + 1 : -1]
    return [*later, S.DECLINED, S.LOST]


def _record(inquiry: Inquiry, stage: InquiryStage, actor, reason: str = "") -> InquiryStageChange:
    change = InquiryStageChange(from_stage=inquiry.stage, to_stage=stage, reason=reason, actor=actor)
    inquiry.stage_changes.append(change)
    inquiry.stage = stage
    inquiry.closing_reason = reason
    inquiry.last_activity_at = utcnow()
    return change


def record_start(inquiry: Inquiry, actor) -> None:
    inquiry.stage = S.NEW
    inquiry.stage_changes.append(InquiryStageChange(from_stage=None, to_stage=S.NEW, actor=actor))


def move(inquiry: Inquiry, stage: InquiryStage, actor, *, owner_side: bool, reason: str = "") -> InquiryStageChange:
    """Move one step (not to "agreement signed": see ``sign_agreement``); raises ``StageError``."""
    if stage not in next_stages(inquiry, owner_side=owner_side):
        raise StageError(f"{inquiry.stage} → {stage} is not allowed")
    if stage in ENDING_STAGES and reason not in CLOSING_REASONS:
        raise StageError("a reason is required")
    return _record(inquiry, stage, actor, reason if stage in ENDING_STAGES else "")


def sign_agreement(
    inquiry: Inquiry,
    actor,
    *,
    transfer_mode: str,
    value_vnd: int | None,
    signed_on: date,
    listing_ids: list[int],
) -> InquiryStageChange:
    """Record the signed agreement (``value_vnd`` None: not disclosed); only from an open stage before it."""
    if inquiry.stage not in OPEN_STAGES or inquiry.stage == S.AGREEMENT_SIGNED:
        raise StageError(f"{inquiry.stage} → agreement_signed is not allowed")
    inquiry.agreement_transfer_mode = transfer_mode
    inquiry.agreement_value_vnd = value_vnd
    inquiry.agreement_signed_on = signed_on
    inquiry.agreement_listing_ids = sorted(set(listing_ids))
    return _record(inquiry, S.AGREEMENT_SIGNED, actor)


def advance_if_earlier(inquiry: Inquiry, stage: InquiryStage, actor) -> bool:
    """Move an open inquiry forward to ``stage`` when it is still before it (automatic moves)."""
    if inquiry.stage not in OPEN_STAGES or OPEN_STAGES.index(inquiry.stage) >= OPEN_STAGES.index(stage):
        return False
    _record(inquiry, stage, actor)
    return True
