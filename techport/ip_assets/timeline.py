"""Corrections to the legal timeline and the annual fees paid, each audited and committed once.

A step entered with a wrong date is edited or deleted rather than re-entered, so the title's status, grant
and publication dates follow the corrected timeline. Documents (the office's decision, the fee receipt)
pass the attachment checks; a file is removed only after the row that named it is gone.
"""

from datetime import UTC, date, datetime
from pathlib import Path

from flask_babel import gettext as _

from techport.accounts.permissions import is_staff
from techport.audit.services import record
from techport.extensions import db
from techport.ip_assets.deadlines import annual_fee_due_dates
from techport.ip_assets.models import FeePayment, ProtectionTitle, TitleEvent
from techport.ip_assets.services import RegisterError
from techport.ip_assets.vocabulary import TitleStatus
from techport.listings import attachments
from techport.organisations.models import Organisation

# The date a step sets on its title, when the title took it from that step.
STEP_DATES = {TitleStatus.GRANTED: "grant_date", TitleStatus.PUBLISHED: "publication_date"}


def can_correct_timeline(user, organisation: Organisation) -> bool:
    """The organisation's admins correct the legal record; staff may too."""
    return is_staff(user) or (user.is_organisation_admin and user.organisation_id == organisation.id)


def _event_values(event: TitleEvent) -> dict:
    return {
        "title_id": event.title_id,
        "status": event.status,
        "happened_on": event.happened_on,
        "note": event.note,
        "document_filename": event.document_filename,
    }


def _store_checked(upload) -> tuple[attachments.CheckedUpload, Path] | None:
    if upload is None or not upload.filename:
        return None
    checked = attachments.check_upload(upload)
    return checked, attachments.write_file(checked)


def _commit(new_file: Path | None, old_file: Path | None) -> None:
    if new_file is None:
        db.session.commit()
    else:
        attachments.commit_or_discard(new_file)
    if old_file is not None:
        old_file.unlink(missing_ok=True)


def _follow_timeline(title: ProtectionTitle, before: dict, kept: TitleEvent | None) -> None:
    """The title's status is its latest step; a grant or publication date taken from a step moves with it."""
    old_field = STEP_DATES.get(before["status"])
    if old_field and getattr(title, old_field) == before["happened_on"]:
        still = kept is not None and kept.status == before["status"]
        setattr(title, old_field, kept.happened_on if still else None)
    new_field = STEP_DATES.get(kept.status) if kept is not None else None
    if new_field and getattr(title, new_field) is None:
        setattr(title, new_field, kept.happened_on)
    if title.events:
        title.status = max(title.events, key=lambda event: (event.happened_on, event.id or 0)).status
    title.asset.updated_at = datetime.now(UTC)


def update_event(event: TitleEvent, actor, *, status: TitleStatus, happened_on: date, note: str, upload=None):
    """Correct a step; a new document replaces the old one, none keeps it. Raises ``AttachmentRejected``."""
    before = _event_values(event)
    stored = _store_checked(upload)
    old_file = None
    if stored is not None:
        checked, path = stored
        if event.document_stored_name:
            old_file = attachments.storage_dir() / event.document_stored_name
        event.document_filename = checked.filename
        event.document_stored_name = path.name
        event.document_media_type = checked.media_type
    event.status, event.happened_on, event.note = status, happened_on, note
    db.session.flush()
    _follow_timeline(event.title, before, event)
    record(actor, "ip_event.updated", "ip_title_event", event.id, before, _event_values(event))
    _commit(stored[1] if stored else None, old_file)
    return event


def delete_event(event: TitleEvent, actor) -> None:
    title = event.title
    before = _event_values(event)
    old_file = attachments.storage_dir() / event.document_stored_name if event.document_stored_name else None
    title.events.remove(event)
    db.session.flush()
    _follow_timeline(title, before, None)
    record(actor, "ip_event.deleted", "ip_title_event", event.id, before, None)
    _commit(None, old_file)


def record_fee_payment(title: ProtectionTitle, actor, *, due_on: date, paid_on: date, amount_vnd: int, upload=None):
    """Record the annual fee of the year due on ``due_on`` as paid, with its receipt when there is one."""
    if due_on not in annual_fee_due_dates(title):
        raise RegisterError([_("This title has no annual fee due on that date.")])
    if any(payment.due_on == due_on for payment in title.fee_payments):
        raise RegisterError([_("The fee due on this date is already recorded as paid.")])
    payment = FeePayment(due_on=due_on, paid_on=paid_on, amount_vnd=amount_vnd)
    stored = _store_checked(upload)
    if stored is not None:
        checked, path = stored
        payment.receipt_filename = checked.filename
        payment.receipt_stored_name = path.name
        payment.receipt_media_type = checked.media_type
    title.fee_payments.append(payment)
    title.asset.updated_at = datetime.now(UTC)
    db.session.flush()
    record(
        actor,
        "ip_fee.paid",
        "ip_protection_title",
        title.id,
        None,
        {"due_on": due_on, "paid_on": paid_on, "amount_vnd": amount_vnd, "receipt": payment.receipt_filename},
    )
    _commit(stored[1] if stored else None, None)
    return payment


def receipt_path(payment: FeePayment) -> Path:
    return attachments.storage_dir() / payment.receipt_stored_name
