"""Starting inquiries, the conversation (messages, files, read markers, shared contacts) and NDA hand-over.

Every function that changes something commits, except ``record_nda_signed``, which runs inside the
NDA service's own transaction.
"""

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from werkzeug.datastructures import FileStorage

from techport.accounts.models import User
from techport.extensions import db
from techport.input_guards import ID_MAX, whole_number
from techport.inquiries import notices, pipeline
from techport.inquiries.models import (
    Inquiry,
    InquiryAttachment,
    InquiryMessage,
    InquiryRead,
    InquirySource,
    InquiryStage,
)
from techport.inquiries.reminders import send_due_reminders as send_due_reminders
from techport.listings import attachments as attachment_files
from techport.listings.models import Listing
from techport.listings.vocabulary import ListingKind, ListingStatus
from techport.models_common import utcnow

RANK_MAX = 1000
MAX_ATTACHMENTS_PER_INQUIRY = 20


class InquiryLimitReached(Exception):
    """The user started as many inquiries in the last 24 hours as the setting allows."""


class TooManyAttachments(Exception):
    pass


@dataclass(frozen=True)
class Source:
    """Where the asking side found the listing; ``rank`` for a match, ``exhibit_id`` for an exhibit or QR sheet."""

    source: InquirySource = InquirySource.DIRECT
    rank: int | None = None
    exhibit_id: int | None = None

    def as_args(self) -> dict:
        args = {"src": self.source.value} if self.source != InquirySource.DIRECT else {}
        if self.rank is not None:
            args["rank"] = self.rank
        if self.exhibit_id is not None:
            args["exhibit"] = self.exhibit_id
        return args


def source_from(values) -> Source:
    """Read ``src``, ``rank`` and ``exhibit`` from query args or hidden fields; anything unknown is "direct"."""
    code = values.get("src", "")
    if code not in InquirySource._value2member_map_:
        return Source()
    source = InquirySource(code)
    rank = whole_number(values.get("rank"), minimum=1, maximum=RANK_MAX) if source == InquirySource.MATCH else None
    exhibit_id = (
        whole_number(values.get("exhibit"), minimum=1, maximum=ID_MAX)
        if source in (InquirySource.EXHIBIT, InquirySource.QR)
        else None
    )
    return Source(source, rank, exhibit_id)


def daily_limit() -> int:
    return current_app.config["INQUIRIES_PER_USER_PER_DAY"]


def started_in_last_day(user: User, now=None) -> int:
    since = (now or utcnow()) - timedelta(days=1)
    return db.session.scalar(
        sa.select(sa.func.count(Inquiry.id)).where(Inquiry.started_by_id == user.id, Inquiry.created_at > since)
    )


def proposable_listings(organisation_id: int) -> list[Listing]:
    """What an organisation may propose to a need: its own published offers and IP assets."""
    return list(
        db.session.scalars(
            sa.select(Listing)
            .where(
                Listing.organisation_id == organisation_id,
                Listing.status == ListingStatus.PUBLISHED,
                Listing.kind.in_((ListingKind.OFFER, ListingKind.IP_ASSET)),
            )
            .order_by(Listing.title)
        )
    )


def start_inquiry(
    user: User,
    listing: Listing,
    *,
    message: str,
    intended_use: str = "",
    transfer_mode: str = "",
    budget_vnd: int | None = None,
    proposed_listing: Listing | None = None,
    source: Source = Source(),
    upload: FileStorage | None = None,
) -> Inquiry:
    """Open the conversation with its first message and tell the owners; raises ``InquiryLimitReached``."""
    if started_in_last_day(user) >= daily_limit():
        raise InquiryLimitReached()
    inquiry = Inquiry(
        listing=listing,
        asking_organisation_id=user.organisation_id,
        owner_organisation_id=listing.organisation_id,
        started_by=user,
        proposed_listing=proposed_listing,
        source=source.source,
        source_rank=source.rank,
        source_exhibit_id=_existing_exhibit_id(source.exhibit_id),
        intended_use=intended_use,
        transfer_mode=transfer_mode,
        budget_vnd=budget_vnd,
    )
    pipeline.record_start(inquiry, user)
    db.session.add(inquiry)
    first = _add_message(inquiry, user, message)
    path = _attach(first, upload) if upload else None
    db.session.flush()
    _mark_read(inquiry, user, first.id)
    notices.new_inquiry(inquiry)
    _commit(path)
    return inquiry


def _existing_exhibit_id(exhibit_id: int | None) -> int | None:
    from techport.exhibits.models import Exhibit

    return exhibit_id if exhibit_id and db.session.get(Exhibit, exhibit_id) else None


def _add_message(inquiry: Inquiry, author: User, body: str) -> InquiryMessage:
    message = InquiryMessage(author=author, author_organisation_id=author.organisation_id, body=body)
    inquiry.messages.append(message)
    inquiry.last_activity_at = utcnow()
    return message


def attachment_count(inquiry: Inquiry) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(InquiryAttachment.id))
        .join(InquiryMessage, InquiryAttachment.message_id == InquiryMessage.id)
        .where(InquiryMessage.inquiry_id == inquiry.id)
    )


def _attach(message: InquiryMessage, upload: FileStorage) -> Path:
    """Check and write the file (raises ``AttachmentRejected``); the caller's commit keeps it."""
    checked = attachment_files.check_upload(upload)
    path = attachment_files.write_file(checked)
    message.attachments.append(
        InquiryAttachment(
            media_type=checked.media_type,
            filename=checked.filename,
            stored_name=path.name,
            size_bytes=len(checked.content),
        )
    )
    return path


def _commit(path: Path | None) -> None:
    if path is None:
        db.session.commit()
    else:
        attachment_files.commit_or_discard(path)


def post_message(inquiry: Inquiry, author: User, body: str, upload: FileStorage | None = None) -> InquiryMessage:
    """Add a reply; the owner's first reply moves a new inquiry to "in discussion" and starts the response clock."""
    if upload and attachment_count(inquiry) >= MAX_ATTACHMENTS_PER_INQUIRY:
        raise TooManyAttachments()
    message = _add_message(inquiry, author, body)
    path = _attach(message, upload) if upload else None
    if author.organisation_id == inquiry.owner_organisation_id:
        if inquiry.first_response_at is None:
            inquiry.first_response_at = utcnow()
        pipeline.advance_if_earlier(inquiry, InquiryStage.IN_DISCUSSION, author)
    db.session.flush()
    _mark_read(inquiry, author, message.id)
    notices.new_message(inquiry, author)
    _commit(path)
    return message


def attachment_path(attachment: InquiryAttachment) -> Path:
    return attachment_files.storage_dir() / attachment.stored_name


def _mark_read(inquiry: Inquiry, user: User, message_id: int) -> None:
    marker = db.session.get(InquiryRead, (user.id, inquiry.id))
    if marker is None:
        marker = InquiryRead(user_id=user.id, inquiry_id=inquiry.id, last_read_message_id=0)
        db.session.add(marker)
    marker.last_read_message_id = max(marker.last_read_message_id or 0, message_id)
    marker.read_at = utcnow()


def mark_read(inquiry: Inquiry, user: User, up_to_message_id: int | None = None) -> None:
    """Everything up to ``up_to_message_id`` (default: the latest message) is read for ``user``."""
    latest = inquiry.messages[-1].id if inquiry.messages else 0
    _mark_read(inquiry, user, min(up_to_message_id or latest, latest))
    db.session.commit()


def share_contact(inquiry: Inquiry, user: User) -> None:
    """The user's side shows its contact details in this conversation from now on."""
    if user.organisation_id == inquiry.owner_organisation_id:
        inquiry.owner_contact_shared_by = inquiry.owner_contact_shared_by or user
    else:
        inquiry.asker_contact_shared_by = inquiry.asker_contact_shared_by or user
    inquiry.last_activity_at = utcnow()
    db.session.commit()


def change_stage(inquiry: Inquiry, stage: InquiryStage, actor: User, *, reason: str = "") -> None:
    pipeline.move(
        inquiry, stage, actor, owner_side=actor.organisation_id == inquiry.owner_organisation_id, reason=reason
    )
    notices.stage_changed(inquiry, actor)
    db.session.commit()


def sign_agreement(inquiry: Inquiry, actor: User, **agreement) -> None:
    pipeline.sign_agreement(inquiry, actor, **agreement)
    notices.stage_changed(inquiry, actor)
    db.session.commit()


def record_nda_signed(listing_id: int, asking_organisation_id: int, actor) -> None:
    """Both sides signed the NDA: that organisation's open inquiries on the listing move to "NDA signed".

    Runs in the caller's transaction (the NDA service commits); later stages are left alone.
    """
    inquiries = db.session.scalars(
        sa.select(Inquiry).where(
            Inquiry.listing_id == listing_id, Inquiry.asking_organisation_id == asking_organisation_id
        )
    )
    for inquiry in inquiries:
        pipeline.advance_if_earlier(inquiry, InquiryStage.NDA_SIGNED, actor)


def move_organisation(source_id: int, target_id: int) -> list[int]:
    """An organisation merged into another: its inquiries, on either side, and its messages follow it.
    Returns the ids of the inquiries moved."""
    moved = list(
        db.session.scalars(
            sa.select(Inquiry.id).where(
                sa.or_(Inquiry.asking_organisation_id == source_id, Inquiry.owner_organisation_id == source_id)
            )
        )
    )
    for column in (Inquiry.asking_organisation_id, Inquiry.owner_organisation_id):
        db.session.execute(
            sa.update(Inquiry).where(column == source_id).values({column.key: target_id}),
            execution_options={"synchronize_session": "fetch"},
        )
    db.session.execute(
        sa.update(InquiryMessage)
        .where(InquiryMessage.author_organisation_id == source_id)
        .values(author_organisation_id=target_id),
        execution_options={"synchronize_session": "fetch"},
    )
    return moved
