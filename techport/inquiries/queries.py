"""Read-only questions about inquiries: a member's list with unread counts, the pipeline, the curators' view,
and an organisation's median first-response time."""

from datetime import timedelta
from statistics import median

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import selectinload

from techport.accounts.models import User
from techport.extensions import db
from techport.inquiries.models import Inquiry, InquiryMessage, InquiryRead, InquiryStage
from techport.listings.models import Listing


def get_inquiry(inquiry_id: int) -> Inquiry | None:
    return db.session.get(Inquiry, inquiry_id)


def _of_organisation(organisation_id: int):
    return sa.or_(Inquiry.asking_organisation_id == organisation_id, Inquiry.owner_organisation_id == organisation_id)


def _newest_activity(query):
    return query.order_by(Inquiry.last_activity_at.desc(), Inquiry.id.desc())


def member_inquiries(user: User, *, stage: InquiryStage | None, page: int, per_page: int) -> Pagination:
    """Both directions of the user's organisation, newest activity first."""
    query = sa.select(Inquiry).where(_of_organisation(user.organisation_id))
    if stage is not None:
        query = query.where(Inquiry.stage == stage)
    query = _newest_activity(query).options(
        selectinload(Inquiry.listing),
        selectinload(Inquiry.asking_organisation),
        selectinload(Inquiry.owner_organisation),
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def unread_counts(user: User, inquiry_ids: list[int]) -> dict[int, int]:
    """Messages from others newer than the user's read marker, per inquiry."""
    if not inquiry_ids:
        return {}
    last_read = (
        sa.select(InquiryRead.last_read_message_id)
        .where(InquiryRead.user_id == user.id, InquiryRead.inquiry_id == InquiryMessage.inquiry_id)
        .scalar_subquery()
    )
    rows = db.session.execute(
        sa.select(InquiryMessage.inquiry_id, sa.func.count(InquiryMessage.id))
        .where(
            InquiryMessage.inquiry_id.in_(inquiry_ids),
            InquiryMessage.author_id != user.id,
            InquiryMessage.id > sa.func.coalesce(last_read, 0),
        )
        .group_by(InquiryMessage.inquiry_id)
    )
    return dict(rows.all())


def owner_pipeline(organisation_id: int) -> dict[InquiryStage, list[Inquiry]]:
    """The inquiries on the organisation's listings, grouped by stage in pipeline order."""
    from techport.inquiries.pipeline import ALL_STAGES

    inquiries = db.session.scalars(
        _newest_activity(sa.select(Inquiry).where(Inquiry.owner_organisation_id == organisation_id)).options(
            selectinload(Inquiry.listing), selectinload(Inquiry.asking_organisation)
        )
    )
    grouped = {stage: [] for stage in ALL_STAGES}
    for inquiry in inquiries:
        grouped[inquiry.stage].append(inquiry)
    return grouped


def curated_inquiries(
    *, organisation_id: int | None, sector: str | None, stage: InquiryStage | None, page: int, per_page: int
) -> Pagination:
    """Every inquiry's metadata for the curators, filtered by a party, the listing's sector and the stage."""
    query = sa.select(Inquiry).join(Listing, Inquiry.listing_id == Listing.id)
    if organisation_id is not None:
        query = query.where(_of_organisation(organisation_id))
    if sector:
        # Sector codes are plain identifiers, so their quoted form finds them in the JSON text on every backend.
        query = query.where(sa.cast(Listing.sectors, sa.String).like(f'%"{sector}"%'))
    if stage is not None:
        query = query.where(Inquiry.stage == stage)
    query = _newest_activity(query).options(
        selectinload(Inquiry.listing),
        selectinload(Inquiry.asking_organisation),
        selectinload(Inquiry.owner_organisation),
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def median_first_response(organisation_id: int) -> timedelta | None:
    """The median time from a new inquiry to the owner's first reply, over the inquiries answered so far."""
    rows = db.session.execute(
        sa.select(Inquiry.created_at, Inquiry.first_response_at).where(
            Inquiry.owner_organisation_id == organisation_id, Inquiry.first_response_at.is_not(None)
        )
    ).all()
    if not rows:
        return None
    return timedelta(seconds=median((answered - created).total_seconds() for created, answered in rows))


def api_inquiries(organisation_id: int, *, page: int, per_page: int) -> Pagination:
    query = _newest_activity(sa.select(Inquiry).where(_of_organisation(organisation_id)))
    return db.paginate(query, page=page, per_page=per_page, error_out=False)
